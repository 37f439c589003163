"""``manage.py summary``: one period's figures of an organization as JSON (data-formats.md)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from ecoreport.figures import exporters
from ecoreport.figures.compute import compute_figures
from ecoreport.figures.options import add_period_arguments, resolve_period


class Command(BaseCommand):
    help = "输出某机构某期间的汇总数据（JSON），口径见 data-formats.md。"
    # A data command: the system checks load the URLconf and every admin, which it never uses.
    requires_system_checks = []

    def add_arguments(self, parser):
        add_period_arguments(parser)
        parser.add_argument("--format", choices=["json"], default="json")
        parser.add_argument("--daily", action="store_true", help="同时输出每个有效日的 AQI")

    def handle(self, *args, **options):
        org, start, end = resolve_period(options)
        _filename, _mimetype, content = exporters.render(compute_figures(org, start, end), daily=options["daily"])
        self.stdout.write(content.decode("utf-8"))
