"""``manage.py render_report``: the summary as PDF or HTML, through the web view's renderer."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from ecoreport.figures.options import add_period_arguments, resolve_period
from ecoreport.reports.render import build, html_to_pdf, render_html


class Command(BaseCommand):
    help = "生成工作总结（PDF 或 HTML），与网页使用同一渲染器。"

    def add_arguments(self, parser):
        add_period_arguments(parser)
        parser.add_argument("--format", choices=["pdf", "html"], default="pdf")
        parser.add_argument("--output", required=True, help="输出文件路径")

    def handle(self, *args, **options):
        org, start, end = resolve_period(options)
        html = render_html(build(org, start, end))
        output = Path(options["output"])
        if options["format"] == "html":
            output.write_text(html, encoding="utf-8")
        else:
            output.write_bytes(html_to_pdf(html))
        self.stdout.write(f"{output}（{output.stat().st_size} 字节）")
