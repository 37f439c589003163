"""Published figures sit beside the computed ones, and figures are checked against their targets."""

import datetime
from decimal import Decimal

import pytest
from figures_data import add_days, make_org, make_station

from ecoreport.figures.compute import compute_figures
from ecoreport.figures.exporters import to_summary_dict
from indicators.models import AnnualTarget, PublishedFigure

pytestmark = pytest.mark.django_db

START, END = datetime.date(2024, 1, 1), datetime.date(2024, 3, 31)


@pytest.fixture
def county():
    org = make_org("368401", "目标县")
    # 91 days: PM2.5 80 (AQI > 100 under 2012) on every tenth day, 30 otherwise → 81 good of 91.
    add_days(make_station(org, "T1"), START, 91, lambda i: 80 if i % 10 == 0 else 30)
    return org


def publish(org, indicator, value):
    PublishedFigure.objects.create(
        organization=org, indicator=indicator, period_start=START, period_end=END, value=Decimal(value), source="通报"
    )


def test_a_published_rate_that_differs_is_shown_beside_the_computed_one(county):
    publish(county, PublishedFigure.Indicator.GOOD_RATE, "88.0")
    figures = compute_figures(county, START, END)
    assert figures.air.good_rate == Decimal("89.0")
    published = figures.air.published["good_rate"]
    assert (published.value, published.computed, published.differs) == (Decimal("88.0"), Decimal("89.0"), True)


def test_a_published_figure_equal_to_the_computed_one_does_not_differ(county):
    publish(county, PublishedFigure.Indicator.GOOD_DAYS, "81")
    data = to_summary_dict(compute_figures(county, START, END))
    assert data["air"]["published"]["good_days"] == {
        "value": 81, "computed": 81, "differs": False, "source": "通报", "note": "",
    }  # fmt: skip


def test_a_figure_published_for_another_period_is_not_used(county):
    PublishedFigure.objects.create(
        organization=county, indicator="good_rate", period_start=START, period_end=datetime.date(2024, 6, 30),
        value=Decimal("70"), source="通报",
    )  # fmt: skip
    assert compute_figures(county, START, END).air.published == {}


def test_targets_are_met_or_not_met_and_on_pace_for_1_to_n_months(county):
    AnnualTarget.objects.create(organization=county, year=2024, pm25_max=Decimal(30), good_rate_min=Decimal(80))
    figures = compute_figures(county, START, END)
    assert figures.cumulative is True
    assert figures.air.pm25 == 35
    assert figures.air.pm25_target.met is False
    assert figures.air.pm25_target.on_pace is False
    assert figures.air.pm25_target.status == "not_met"
    assert figures.air.good_rate_target.met is True
    assert figures.air.good_rate_target.status == "met"


def test_a_figure_just_inside_its_target_is_at_risk(county):
    AnnualTarget.objects.create(organization=county, year=2024, pm25_max=Decimal(36), good_rate_min=Decimal(87))
    figures = compute_figures(county, START, END)
    assert figures.air.pm25_target.status == "at_risk"
    assert figures.air.good_rate_target.status == "at_risk"


def test_a_period_that_is_not_1_to_n_months_has_no_pace(county):
    AnnualTarget.objects.create(organization=county, year=2024, pm25_max=Decimal(40))
    figures = compute_figures(county, datetime.date(2024, 2, 1), END)
    assert figures.cumulative is False
    assert (figures.air.pm25_target.met, figures.air.pm25_target.on_pace) == (True, None)


def test_without_a_target_there_is_no_check(county):
    assert compute_figures(county, START, END).air.pm25_target is None
