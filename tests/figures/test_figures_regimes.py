"""A county made by the test, with days on both sides of the 2026-03-01 switch of air standards."""

import datetime

import pytest
from figures_data import add_day, make_org, make_station

from ecoreport.figures.compute import compute_figures
from ecoreport.figures.exporters import to_summary_dict

pytestmark = pytest.mark.django_db


@pytest.fixture
def county():
    org = make_org("369901", "测试县")
    station = make_station(org, "T001")
    add_day(station, datetime.date(2026, 2, 27), 30)
    add_day(station, datetime.date(2026, 2, 28), 70)
    add_day(station, datetime.date(2026, 3, 1), 70)
    add_day(station, datetime.date(2026, 3, 2), 30)
    return org


def test_pm25_70_is_good_on_the_last_day_of_the_2012_standard(county):
    figures = compute_figures(county, datetime.date(2026, 2, 27), datetime.date(2026, 3, 2))
    day = next(d for d in figures.air.daily if d.date == datetime.date(2026, 2, 28))
    assert (day.aqi, day.category, day.primary, day.regime) == (94, "良", ("pm25",), "2012")


def test_pm25_70_is_lightly_polluted_on_the_first_day_of_the_2026_standard(county):
    figures = compute_figures(county, datetime.date(2026, 2, 27), datetime.date(2026, 3, 2))
    day = next(d for d in figures.air.daily if d.date == datetime.date(2026, 3, 1))
    assert (day.aqi, day.category, day.primary, day.regime) == (110, "轻度污染", ("pm25",), "2026")


def test_a_period_across_the_switch_counts_each_day_by_its_own_standard(county):
    figures = compute_figures(county, datetime.date(2026, 2, 27), datetime.date(2026, 3, 2))
    assert figures.air.valid_days == 4
    assert figures.air.good_days == 3
    assert figures.air.days_by_category["轻度污染"] == 1
    assert figures.air.regimes == ["2012", "2026"]
    # The composite index takes the limits in force at the end (PM2.5 30, PM10 60): 50/30 + 40/60 + …
    assert figures.air.regime == "2026"
    assert figures.air.pm25 == 50


def test_the_daily_list_of_the_summary_has_one_entry_per_valid_day_in_date_order(county):
    data = to_summary_dict(compute_figures(county, datetime.date(2026, 2, 27), datetime.date(2026, 3, 2)), daily=True)
    assert data["air"]["daily"] == [
        {"date": "2026-02-27", "aqi": 43, "category": "优", "primary": []},
        {"date": "2026-02-28", "aqi": 94, "category": "良", "primary": ["pm25"]},
        {"date": "2026-03-01", "aqi": 110, "category": "轻度污染", "primary": ["pm25"]},
        {"date": "2026-03-02", "aqi": 43, "category": "优", "primary": []},
    ]
    assert data["air"]["good_rate"] == 75.0
