"""``manage.py render_report``: the summary in any of the report's export formats."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from ecoreport.figures.options import add_period_arguments, resolve_period
from ecoreport.reports.exporters import FORMATS, exporter, pdf
from ecoreport.reports.queries import load_document


class Command(BaseCommand):
    help = "生成工作总结（PDF、Word 或 HTML），与网页使用同一导出器。"
    # A data command: the system checks load the URLconf and every admin, which it never uses.
    requires_system_checks = []

    def add_arguments(self, parser):
        add_period_arguments(parser)
        parser.add_argument("--format", choices=sorted(FORMATS), default="pdf")
        parser.add_argument("--output", required=True, help="输出文件路径")

    def handle(self, *args, **options):
        org, start, end = resolve_period(options)
        if options["format"] == "pdf":
            # WeasyPrint starts in a child interpreter while this one makes the document.
            with pdf.weasyprint_beside() as to_pdf:
                export = pdf.render(load_document(org, start, end), to_pdf=to_pdf)
        else:
            export = exporter(options["format"])(load_document(org, start, end))
        output = Path(options["output"])
        output.write_bytes(export.content)
        self.stdout.write(f"{output}（{output.stat().st_size} 字节）")
