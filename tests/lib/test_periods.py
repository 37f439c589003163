from datetime import date

import pytest

from ecoreport.lib.periods import PeriodError, choices_for_year, default_period, parse_period

TODAY = date(2022, 7, 15)


@pytest.mark.parametrize(
    ("params", "start", "end", "label"),
    [
        ({"period": "2022H1"}, date(2022, 1, 1), date(2022, 6, 30), "2022年上半年"),
        ({"period": "2022h2"}, date(2022, 7, 1), date(2022, 12, 31), "2022年下半年"),
        ({"period": "2022Q1"}, date(2022, 1, 1), date(2022, 3, 31), "2022年第一季度"),
        ({"period": "2022Q4"}, date(2022, 10, 1), date(2022, 12, 31), "2022年第四季度"),
        ({"period": "2022-03"}, date(2022, 3, 1), date(2022, 3, 31), "2022年3月"),
        ({"period": "2024-02"}, date(2024, 2, 1), date(2024, 2, 29), "2024年2月"),
        ({"period": "2022"}, date(2022, 1, 1), date(2022, 12, 31), "2022年"),
        ({"period": "2022M1-6"}, date(2022, 1, 1), date(2022, 6, 30), "2022年1-6月"),
        ({"period": "2022M3-3"}, date(2022, 3, 1), date(2022, 3, 31), "2022年3月"),
        ({"from": "2022-01-05", "to": "2022-02-10"}, date(2022, 1, 5), date(2022, 2, 10), "2022-01-05至2022-02-10"),
    ],
)
def test_each_url_form_selects_its_dates_and_label(params, start, end, label):
    period = parse_period(params, TODAY, None)
    assert (period.start, period.end, period.label) == (start, end, label)


@pytest.mark.parametrize(
    "params",
    [
        {"period": "2022H3"},
        {"period": "2022Q5"},
        {"period": "2022-13"},
        {"period": "2022M6-1"},
        {"period": "22"},
        {"period": "1066"},
        {"period": "2022", "from": "2022-01-01"},
        {"from": "2022-01-01"},
        {"from": "2022-03-01", "to": "2022-02-01"},
        {"from": "2022-02-30", "to": "2022-03-01"},
    ],
)
def test_it_rejects_a_period_it_cannot_read(params):
    with pytest.raises(PeriodError):
        parse_period(params, TODAY, None)


def test_a_period_round_trips_through_its_query():
    for params in ({"period": "2022H1"}, {"period": "2022M1-5"}, {"from": "2021-12-01", "to": "2022-01-31"}):
        period = parse_period(params, TODAY, None)
        assert parse_period(period.query(), TODAY, None) == period


def test_the_default_is_this_years_months_up_to_the_latest_data():
    period = default_period(date(2022, 7, 15), latest_data=date(2022, 5, 31))
    assert (period.key, period.label) == ("2022M1-5", "2022年1-5月")


def test_the_default_falls_back_to_the_latest_half_year_with_data():
    assert default_period(date(2026, 3, 2), latest_data=date(2022, 6, 30)).key == "2022H1"
    assert default_period(date(2026, 3, 2), latest_data=date(2021, 11, 30)).key == "2021H2"


def test_the_default_without_any_data_is_this_years_months_so_far():
    assert default_period(date(2022, 4, 9), latest_data=None).key == "2022M1-4"


def test_shifting_moves_by_whole_periods_across_year_ends():
    assert parse_period({"period": "2022Q1"}, TODAY, None).shifted(-1).key == "2021Q4"
    assert parse_period({"period": "2022H2"}, TODAY, None).shifted(1).key == "2023H1"
    assert parse_period({"period": "2022-12"}, TODAY, None).shifted(1).key == "2023-01"
    assert parse_period({"period": "2022M1-6"}, TODAY, None).shifted(-1).key == "2021M1-6"
    free = parse_period({"from": "2022-01-01", "to": "2022-01-10"}, TODAY, None).shifted(1)
    assert (free.start, free.end) == (date(2022, 1, 11), date(2022, 1, 20))


def test_the_same_dates_a_year_before_handle_a_leap_day():
    period = parse_period({"from": "2024-01-01", "to": "2024-02-29"}, TODAY, None)
    assert period.same_dates_year_before() == (date(2023, 1, 1), date(2023, 2, 28))


def test_quick_choices_stop_at_the_last_month_with_data():
    keys = [p.key for p in choices_for_year(2022, last_month=6)]
    assert keys == ["2022", "2022M1-6", "2022H1", "2022Q1", "2022Q2"] + [f"2022-{m:02d}" for m in range(1, 7)]
