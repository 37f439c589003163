"""The ``--org CODE --from YYYY-MM-DD --to YYYY-MM-DD`` options shared by summary and render_report."""

from __future__ import annotations

import datetime

from django.core.management.base import CommandError

from ecoreport.accounts.models import Organization
from ecoreport.lib.periods import PeriodError, parse_range


def add_period_arguments(parser) -> None:
    parser.add_argument("--org", required=True, help="机构编码，如 360483")
    parser.add_argument("--from", dest="start", required=True, help="开始日期 YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, help="结束日期 YYYY-MM-DD")


def resolve_period(options: dict) -> tuple[Organization, datetime.date, datetime.date]:
    """The organization and dates the options name, or a CommandError saying what is wrong."""
    try:
        period = parse_range(options["start"], options["end"], start_name="--from", end_name="--to")
    except PeriodError as error:
        raise CommandError(str(error)) from None
    try:
        org = Organization.objects.get(code=options["org"])
    except Organization.DoesNotExist:
        raise CommandError(f"未知的机构编码：{options['org']}") from None
    return org, period.start, period.end
