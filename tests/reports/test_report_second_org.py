"""A second organization's report holds its own figures and none of the seed's."""

from __future__ import annotations

import datetime

from ecoreport.reports.exporters import html, pdf
from ecoreport.reports.queries import load_document
from tasks.models import LedgerArea, LedgerTask, ResponsibleUnit, Status
from tests.figures_data import add_days, add_sample, make_org, make_section, make_station
from tests.report_pdf_helpers import flat, pdf_text

JANUARY = (datetime.date(2023, 1, 1), datetime.date(2023, 1, 31))


def _second_org_with_data():
    org = make_org("369901", "青山县")
    station = make_station(org, "QS01")
    # 31 days alternating 38 and 44 μg/m³: mean 41, all good days.
    add_days(station, JANUARY[0], 31, lambda index: 38 if index % 2 else 44)
    section = make_section(org, "QS-W1", "青山湖", body="lake", target="III")
    add_sample(section, datetime.date(2023, 1, 10), tp="0.081", ph="7.4", do="7.9")
    add_sample(section, datetime.date(2023, 1, 24), tp="0.081", ph="7.6", do="8.1")
    area = LedgerArea.objects.create(organization=org, year=2023, name="青山治水", order=1)
    unit = ResponsibleUnit.objects.create(name="青山县水利局", organization=org)
    for number, status in enumerate([Status.CLOSED, Status.IN_PROGRESS, Status.IN_PROGRESS], start=1):
        LedgerTask.objects.create(
            area=area,
            number=number,
            content=f"青山湖治理任务{number}",
            unit=unit,
            status=status,
            closed_on=datetime.date(2023, 1, 20) if status == Status.CLOSED else None,
        )
    return org


def test_a_second_organization_gets_its_own_figures_and_none_of_the_seeds(demo_org):
    org = _second_org_with_data()
    text = flat(pdf_text(pdf.render(load_document(org, *JANUARY)).content))
    assert "青山县生态环境局2023年1月工作总结" in text
    assert "PM2.5浓度均值为41微克/立方米" in text
    assert "空气优良天数31天，优良率为100%" in text
    assert "青山湖断面水质为Ⅳ类，总磷浓度为0.081mg/L" in text
    assert "未达到Ⅲ类目标" in text
    assert "3项具体工作任务" in text
    assert "青山湖治理任务2" in text  # the appendix ledger table
    for seed in ("庐山", "星子", "蚌湖", "0.053", "92.2", "167天", "108个", "62项", "27微克"):
        assert seed not in text, seed


def test_a_period_without_monitoring_data_says_so(demo_org):
    document = load_document(demo_org, datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))
    assert "暂无空气和地表水监测数据" in html.render(document).content.decode()
