"""compute_figures runs the same small number of queries whatever the amount of data."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from figures_data import add_days, add_sample, make_org, make_section, make_station

from ecoreport.figures.compute import compute_figures
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem, ResponsibleUnit

pytestmark = pytest.mark.django_db

START, END = datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
QUERIES = 16  # 12, plus work values, assessments and sample records (figures.workstats, figures.samples),
# plus the data versions of the subtree (figures.cache)


def build(code: str, scale: int):
    """``scale`` counties, each with a station of 36 × ``scale`` days and ``scale`` sections, items, tasks."""
    city = make_org(code, f"城市{code}", level="city")
    unit = ResponsibleUnit.objects.create(name=f"单位{code}")
    for county_index in range(scale):
        county = make_org(f"{code[:4]}{county_index + 10}", f"县{code}{county_index}", parent=city)
        batch = InspectionBatch.objects.create(organization=county, name="批次")
        area = LedgerArea.objects.create(organization=county, year=START.year, name="领域")
        add_days(make_station(county, f"{county.code}-S"), START, 36 * scale, lambda i: 20 + i % 50)
        for n in range(scale):
            section = make_section(county, f"{county.code}-W{n}", f"断面{county.code}{n}")
            for month in range(1, 1 + scale):
                add_sample(section, datetime.date(2024, month, 10), tp="0.06", do="7", ph="7.5")
            RectificationItem.objects.create(batch=batch, code=f"{county.code}-{n}", description="问题", unit=unit,
                                             deadline=datetime.date(2024, 3, 1))  # fmt: skip
            LedgerTask.objects.create(area=area, number=n + 1, content="任务", unit=unit,
                                      deadline=datetime.date(2024, 3, 1))  # fmt: skip
    return city


def count_queries(org) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as captured:
        figures = compute_figures(org, START, END)
    return len(captured), figures


def test_small_and_ten_times_larger_data_take_the_same_number_of_queries():
    small_queries, small = count_queries(build("368100", 1))
    large_queries, large = count_queries(build("368200", 10))
    assert large.air.valid_days == 360
    assert small.air.valid_days == 36
    assert len(large.water.sections) == 100
    assert large.rectification.totals.total == 100
    assert len(large.overdue) == 200
    assert small_queries == large_queries == QUERIES
