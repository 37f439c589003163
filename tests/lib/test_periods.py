from datetime import date

import pytest

from ecoreport.lib.periods import (
    PeriodError,
    choices_for_year,
    default_period,
    months_between,
    parse_period,
    parse_range,
    parse_report_period,
    period_of,
    year_earlier,
)

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


@pytest.mark.parametrize(
    ("start", "end", "key", "label", "months_label", "cumulative"),
    [
        (date(2022, 1, 1), date(2022, 6, 30), "2022H1", "2022年上半年", "1-6月", True),
        (date(2022, 7, 1), date(2022, 12, 31), "2022H2", "2022年下半年", "7-12月", False),
        (date(2022, 1, 1), date(2022, 12, 31), "2022", "2022年", "1-12月", False),
        (date(2022, 1, 1), date(2022, 3, 31), "2022Q1", "2022年第一季度", "1-3月", True),
        (date(2022, 7, 1), date(2022, 9, 30), "2022Q3", "2022年第三季度", "7-9月", False),
        (date(2022, 1, 1), date(2022, 5, 31), "2022M1-5", "2022年1-5月", "1-5月", True),
        (date(2022, 3, 1), date(2022, 5, 31), "2022M3-5", "2022年3-5月", "3-5月", False),
        (date(2022, 1, 1), date(2022, 1, 31), "2022-01", "2022年1月", "1月", True),
        (date(2024, 2, 1), date(2024, 2, 29), "2024-02", "2024年2月", "2月", False),
        (date(2022, 1, 10), date(2022, 2, 20), "", "2022-01-10至2022-02-20", "2022-01-10至2022-02-20", False),
        (date(2021, 12, 1), date(2022, 1, 31), "", "2021-12-01至2022-01-31", "2021-12-01至2022-01-31", False),
        (date(2022, 2, 1), date(2022, 2, 27), "", "2022-02-01至2022-02-27", "2022-02-01至2022-02-27", False),
    ],
)
def test_dates_name_their_period_with_title_sentence_label_and_pace(start, end, key, label, months_label, cumulative):
    period = period_of(start, end)
    assert (period.key, period.label, period.months_label, period.cumulative) == (key, label, months_label, cumulative)


def test_the_period_of_any_dates_is_named_even_outside_the_years_urls_accept():
    assert period_of(date(1980, 1, 1), date(1980, 12, 31)).label == "1980年"


def test_a_year_earlier_moves_a_leap_day_to_the_28th():
    assert year_earlier(date(2024, 2, 29)) == date(2023, 2, 28)
    assert year_earlier(date(2022, 6, 30)) == date(2021, 6, 30)


def test_months_between_counts_calendar_months_across_a_year_end():
    assert months_between(date(2021, 11, 15), date(2022, 2, 1)) == [(2021, 11), (2021, 12), (2022, 1), (2022, 2)]
    assert months_between(date(2022, 3, 31), date(2022, 3, 1)) == [(2022, 3)]


def test_a_range_names_the_option_that_is_wrong():
    with pytest.raises(PeriodError, match="--from不是有效日期"):
        parse_range("2022-13-01", "2022-06-30", start_name="--from", end_name="--to")
    with pytest.raises(PeriodError, match=r"--to（2022-01-01）不能早于--from（2022-06-30）"):
        parse_range("2022-06-30", "2022-01-01", start_name="--from", end_name="--to")
    assert parse_range(" 2022-01-01", "2022-06-30 ").query() == {"from": "2022-01-01", "to": "2022-06-30"}


@pytest.mark.parametrize(
    ("today", "key"), [(date(2022, 7, 1), "2022H1"), (date(2022, 12, 31), "2022H1"), (date(2022, 6, 30), "2021H2")]
)
def test_a_report_without_dates_is_the_latest_finished_half_year(today, key):
    assert parse_report_period({}, today).key == key
    assert parse_report_period({"from": "", "to": " "}, today).key == key


def test_a_report_period_is_read_from_its_from_and_to():
    period = parse_report_period({"from": "2022-01-01", "to": "2022-06-30"}, TODAY)
    assert (period.start, period.end) == (date(2022, 1, 1), date(2022, 6, 30))


@pytest.mark.parametrize(
    "params",
    [
        {"from": "2022-01-01"},
        {"to": "2022-06-30"},
        {"from": "2022-13-01", "to": "2022-06-30"},
        {"from": "2022-06-30", "to": "2022-01-01"},
        {"from": "junk", "to": "2022-01-01"},
    ],
)
def test_a_report_period_that_cannot_be_read_is_an_error(params):
    with pytest.raises(PeriodError):
        parse_report_period(params, TODAY)
