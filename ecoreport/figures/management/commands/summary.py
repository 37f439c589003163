"""``manage.py summary``: one period's figures of an organization as JSON (data-formats.md)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from ecoreport.figures.compute import compute_figures, to_summary_dict
from ecoreport.figures.options import add_period_arguments, resolve_period


class Command(BaseCommand):
    help = "输出某机构某期间的汇总数据（JSON），口径见 data-formats.md。"

    def add_arguments(self, parser):
        add_period_arguments(parser)
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--daily", action="store_true", help="同时输出每个有效日的 AQI")

    def handle(self, *args, **options):
        org, start, end = resolve_period(options)
        figures = compute_figures(org, start, end)
        data = to_summary_dict(figures, daily=options["daily"])
        self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
