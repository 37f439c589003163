"""The ``--org CODE --from YYYY-MM-DD --to YYYY-MM-DD`` options shared by summary and render_report."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError

from ecoreport.accounts.models import Organization


def add_period_arguments(parser) -> None:
    parser.add_argument("--org", required=True, help="机构编码，如 360483")
    parser.add_argument("--from", dest="start", required=True, help="开始日期 YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, help="结束日期 YYYY-MM-DD")


def _date(text: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} 的日期无效：{text!r}（应为 YYYY-MM-DD）") from None


def resolve_period(options: dict) -> tuple[Organization, datetime.date, datetime.date]:
    """The organization and dates the options name, or a CommandError saying what is wrong."""
    start = _date(options["start"], "--from")
    end = _date(options["end"], "--to")
    if end < start:
        raise CommandError(f"--to（{end}）不能早于 --from（{start}）")
    try:
        org = Organization.objects.get(code=options["org"])
    except Organization.DoesNotExist:
        raise CommandError(f"未知的机构编码：{options['org']}") from None
    return org, start, end
