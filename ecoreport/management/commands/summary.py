"""``manage.py summary``: one period's figures of an organization as JSON (data-formats.md)."""

from __future__ import annotations

import datetime
import json

from django.core.management.base import BaseCommand, CommandError

from ecoreport.figures import compute_figures, to_summary_dict
from ecoreport.models import Organization


def _date(text: str, option: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} 的日期无效：{text!r}（应为 YYYY-MM-DD）") from None


class Command(BaseCommand):
    help = "输出某机构某期间的汇总数据（JSON），口径见 data-formats.md。"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构编码，如 360483")
        parser.add_argument("--from", dest="start", required=True, help="开始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="结束日期 YYYY-MM-DD")
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--daily", action="store_true", help="同时输出每个有效日的 AQI")

    def handle(self, *args, **options):
        start = _date(options["start"], "--from")
        end = _date(options["end"], "--to")
        if end < start:
            raise CommandError(f"--to（{end}）不能早于 --from（{start}）")
        try:
            org = Organization.objects.get(code=options["org"])
        except Organization.DoesNotExist:
            raise CommandError(f"未知的机构编码：{options['org']}") from None
        figures = compute_figures(org, start, end)
        data = to_summary_dict(figures, daily=options["daily"])
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
