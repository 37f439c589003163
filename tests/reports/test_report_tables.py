"""Appendix tables that read well: whole dates, 续表 on continued pages, and the appendix chosen per report."""

from __future__ import annotations

import io

from pypdf import PdfReader

from ecoreport.reports.exporters import html
from ecoreport.reports.models import Report
from ecoreport.reports.queries import load_document
from tests.report_pdf_helpers import H1_2022, seed_pdf


def test_a_continued_table_says_so_on_every_page_it_runs_onto(demo_org):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(seed_pdf(demo_org))).pages]
    first = next(index for index, text in enumerate(pages) if "附表3" in text)
    assert "续表3" not in pages[first]
    continued = pages[first + 1 :]
    assert continued and all(text.lstrip().startswith("续表3") or "\n续表3" in text for text in continued)
    assert not any("续表" in text for text in pages[:first])
    # Dates and statuses stay on one line: every deadline is read back whole.
    lines = "\n".join(pages[first:]).splitlines()
    assert sum("2022年12月31日" in line for line in lines) >= 10
    assert not any(line.rstrip().endswith("2022年12") for line in lines)


def _report(org, appendix: str) -> None:
    Report.objects.create(organization=org, period_start=H1_2022[0], period_end=H1_2022[1], appendix=appendix)


def test_a_report_may_leave_the_ledger_list_out_of_its_appendix(demo_org):
    _report(demo_org, Report.Appendix.WITHOUT_LEDGER)
    document = load_document(demo_org, *H1_2022)
    assert [table.caption for table in document.appendix] == [
        "环境空气质量月度情况（PM2.5单位：微克/立方米）",
        "地表水断面水质情况（总磷单位：mg/L）",
    ]
    assert len(document.charts) == 6


def test_a_report_may_have_no_appendix_at_all(demo_org):
    _report(demo_org, Report.Appendix.NONE)
    document = load_document(demo_org, *H1_2022)
    assert document.appendix == [] and document.charts == []
    page = html.render(document).content.decode()
    assert 'class="appendix"' not in page
    assert "四、下半年工作方向和计划" in page
