"""A section's class, exceeding parameters, CWQI and year-on-year change come from its samples."""

import datetime
from decimal import Decimal

import pytest
from figures_data import add_sample, make_org, make_section

from ecoreport.figures.compute import compute_figures
from indicators.models import SectionTarget, WaterSample

pytestmark = pytest.mark.django_db

START, END = datetime.date(2024, 1, 1), datetime.date(2024, 6, 30)


@pytest.fixture
def county():
    org = make_org("368501", "水质县")
    lake = make_section(org, "368501-L", "测试湖", body="lake", target="III")
    for month, tp in ((1, "0.060"), (2, "0.070")):
        add_sample(lake, datetime.date(2024, month, 10), tp=tp, ph="7.4", do="6.5", nh3n="0.30")
    add_sample(lake, datetime.date(2023, 1, 10), tp="0.080", ph="7.4", do="6.5", nh3n="0.30")
    return org


def test_a_lake_section_takes_its_class_from_the_period_means(county):
    section = compute_figures(county, START, END).water.sections[0]
    assert (section.cls, section.cls_label, section.tp, section.grade) == ("IV", "Ⅳ", Decimal("0.065"), "轻度污染")
    assert section.sample_count == 2
    assert [(m.month, m.cls) for m in section.monthly] == [(1, "IV"), (2, "IV")]


def test_tp_over_the_target_class_is_listed_with_how_many_times_it_exceeds(county):
    section = compute_figures(county, START, END).water.sections[0]
    assert section.meets_target is False
    # (0.065 − 0.05) / 0.05 = 0.30
    assert [(e.param, e.name, e.times) for e in section.exceeding] == [("tp", "总磷", Decimal("0.30"))]


def test_the_change_is_computed_from_the_rounded_tp_of_both_years(county):
    section = compute_figures(county, START, END).water.sections[0]
    assert (section.tp_prev, section.tp_change_pct) == (Decimal("0.080"), Decimal("-18.8"))
    assert section.cwqi_change_pct is not None and section.cwqi_change_pct < 0


def test_a_target_for_the_year_overrides_the_section_target(county):
    SectionTarget.objects.create(section=county.watersection_set.get(), year=2024, target_class="IV")
    section = compute_figures(county, START, END).water.sections[0]
    assert (section.target, section.meets_target, section.exceeding) == ("IV", True, [])


def test_the_fingerprint_changes_when_a_sample_changes(county):
    before = compute_figures(county, START, END).data_fingerprint
    assert compute_figures(county, START, END).data_fingerprint == before
    sample = WaterSample.objects.get(section__organization=county, date=datetime.date(2024, 2, 10))
    sample.tp = Decimal("0.071")
    sample.save()
    assert compute_figures(county, START, END).data_fingerprint != before
