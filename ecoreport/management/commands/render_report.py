"""``manage.py render_report``: the summary as PDF or HTML, through the web view's renderer."""

from __future__ import annotations

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ecoreport.models import Organization
from ecoreport.reports.render import build, html_to_pdf, render_html


def _date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{text!r}") from None


class Command(BaseCommand):
    help = "生成工作总结（PDF 或 HTML），与网页使用同一渲染器。"

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构编码，如 360483")
        parser.add_argument("--from", dest="start", required=True, help="开始日期 YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="结束日期 YYYY-MM-DD")
        parser.add_argument("--format", choices=["pdf", "html"], default="pdf")
        parser.add_argument("--output", required=True, help="输出文件路径")

    def handle(self, *args, **options):
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("结束日期不能早于开始日期。")
        try:
            org = Organization.objects.get(code=options["org"])
        except Organization.DoesNotExist:
            raise CommandError(f"没有编码为 {options['org']} 的机构。") from None
        html = render_html(build(org, start, end))
        output = Path(options["output"])
        if options["format"] == "html":
            output.write_text(html, encoding="utf-8")
        else:
            output.write_bytes(html_to_pdf(html))
        self.stdout.write(f"{output}（{output.stat().st_size} 字节）")
