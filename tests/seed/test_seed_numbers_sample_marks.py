"""Demo honesty: wherever sample records (is_sample) feed the document, the PDF says 示例数据."""

from __future__ import annotations

import datetime

from ecoreport.reports.exporters import pdf
from ecoreport.reports.queries import load_document
from tasks.workstats import WorkIndicator, WorkValue
from tests.figures_data import make_org
from tests.report_pdf_helpers import flat, pdf_text

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


def test_the_demo_pdf_says_its_items_and_tasks_are_sample_data(demo_org):
    text = flat(pdf_text(pdf.render(load_document(demo_org, *H1)).content))
    assert "【示例数据：本文所涉督察整改问题、工作台账任务含演示用的示例内容，不是正式数据。】" in text
    assert "附表3工作台账任务清单（示例数据）" in text


def test_a_document_without_sample_records_says_nothing_and_a_sample_value_is_named(demo_org):
    org = make_org("369901", "青山县")
    assert load_document(org, *H1).sample_note == ""
    WorkValue.objects.create(
        indicator=WorkIndicator.objects.get(code="enforcement_visits"), organization=org, period_start=H1[0],
        period_end=H1[1], value=3, is_sample=True,
    )  # fmt: skip
    assert load_document(org, *H1).sample_note == "示例数据：本文所涉工作指标数值含演示用的示例内容，不是正式数据。"
