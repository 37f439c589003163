from datetime import date, timedelta
from decimal import Decimal

import pytest

from indicators.standards.aqi import REGIME_2012, REGIME_2026
from indicators.standards.stats import (
    REQUIRED,
    annual_mean_is_valid,
    city_daily_values,
    city_value_from_sum,
    co_p95,
    completeness,
    composite_index,
    good_rate,
    is_valid_day,
    o3_8h_p90,
    percentile,
    period_mean,
    period_stats,
)


def D(text):
    return Decimal(str(text))


@pytest.mark.parametrize(
    ("good", "valid", "rate"),
    [(156, 181, "86.2"), (86, 91, "94.5"), (353, 365, "96.7"), (27, 30, "90.0"), (167, 181, "92.3")],
)
def test_good_rate_worked_values(good, valid, rate):
    result = good_rate(good, valid)
    assert result == Decimal(rate)
    assert str(result) == rate


def test_167_of_181_good_days_cannot_give_the_reported_92_2():
    assert good_rate(167, 181) != Decimal("92.2")


def test_good_rate_is_none_without_valid_days():
    assert good_rate(0, 0) is None


def test_pm25_mean_of_35_42_28_51_47_33_is_39():
    assert period_mean([35, 42, 28, 51, 47, 33], "pm25") == Decimal(39)


def test_period_mean_skips_missing_days():
    assert period_mean([35, None, 43], "pm25") == Decimal(39)
    assert period_mean([None, None], "pm25") is None


def test_co_period_mean_keeps_one_decimal():
    assert period_mean([D("0.8"), D("0.9")], "co") == Decimal("0.8")  # 0.85 → 0.8, even
    assert period_mean([D("0.9"), D("1.0")], "co") == Decimal("1.0")  # 0.95 → 1.0, even


def test_p90_of_3_4_8_2_5_4_is_6_5():
    assert percentile([3, 4, 8, 2, 5, 4], D("0.9")) == Decimal("6.5")


def test_o3_8h_p90_worked_value_is_171():
    assert o3_8h_p90([100, 120, 95, 160, 170, 130, 110, 150, 180, 140]) == Decimal(171)


def test_co_p95_worked_value_is_1_5():
    values = [D(v) for v in "0.6 0.8 1.1 0.9 0.7 1.3 1.0 0.5 0.9 1.2 0.8 1.6 0.7 1.0 1.4 0.9 0.6 1.1 0.8 1.5".split()]
    # Exact P95 is 1.505; GB/T 8170 gives 1.5.
    assert percentile(values, D("0.95")) == Decimal("1.505")
    assert co_p95(values) == Decimal("1.5")


def test_percentile_of_a_single_value_is_that_value():
    assert percentile([7], D("0.9")) == 7
    assert percentile([3, 9], 1) == 9
    assert percentile([3, 9], 0) == 3


def test_percentile_of_nothing_is_an_error_and_the_reported_percentiles_are_none():
    with pytest.raises(ValueError):
        percentile([], D("0.9"))
    assert co_p95([]) is None
    assert o3_8h_p90([None]) is None


def test_city_daily_value_is_the_mean_of_stations_that_have_it_then_rounded():
    stations = [
        {"pm25": D("35.4"), "co": D("0.84"), "o3_8h": 100},
        {"pm25": D("36.1"), "co": None, "o3_8h": 101},
        {"pm25": None, "co": D("0.91")},
    ]
    result = city_daily_values(stations)
    assert result["pm25"] == Decimal(36)  # 35.75
    assert result["co"] == Decimal("0.9")  # 0.875
    assert result["o3_8h"] == Decimal(100)  # 100.5 → 100, even
    assert result["so2"] is None


def test_city_value_from_sum_matches_the_station_mean_rule():
    assert city_value_from_sum("pm25", D("71.5"), 2) == Decimal(36)
    assert city_value_from_sum("co", D("1.75"), 2) == Decimal("0.9")
    assert city_value_from_sum("o3_8h", 201, 2) == Decimal(100)
    assert city_value_from_sum("pm25", None, 0) is None
    assert city_value_from_sum("pm25", D("10"), 0) is None


def test_a_day_is_valid_only_with_all_six_daily_values():
    day = {key: 10 for key in REQUIRED}
    assert is_valid_day(day)
    assert is_valid_day(dict(day, o3_1h=None))
    for key in REQUIRED:
        assert not is_valid_day(dict(day, **{key: None}))


MEANS = {"so2": 10, "no2": 30, "pm10": 60, "pm25": 30, "co_p95": D("1.2"), "o3_8h_p90": 160}


def test_composite_index_uses_2026_limits():
    # 10/60 + 30/40 + 60/60 + 30/30 + 1.2/4 + 160/160 = 4.2167
    assert composite_index(MEANS, REGIME_2026) == Decimal("4.22")


def test_composite_index_uses_2012_limits():
    # 10/60 + 30/40 + 60/70 + 30/35 + 1.2/4 + 160/160 = 3.9310
    assert composite_index(MEANS, REGIME_2012) == Decimal("3.93")


def test_composite_index_accepts_the_period_end_date():
    assert composite_index(MEANS, date(2026, 2, 28)) == Decimal("3.93")
    assert composite_index(MEANS, date(2026, 3, 31)) == Decimal("4.22")


def test_composite_index_needs_every_term():
    with pytest.raises(ValueError):
        composite_index(dict(MEANS, co_p95=None), REGIME_2026)


def test_completeness_is_a_percentage_with_one_decimal():
    assert completeness(29, 31) == Decimal("93.5")
    assert str(completeness(30, 30)) == "100.0"


def test_annual_mean_needs_324_days_and_27_per_month_25_in_february():
    full = {month: 27 for month in range(1, 13)} | {2: 25}
    assert sum(full.values()) == 322
    assert not annual_mean_is_valid(full)
    enough = dict(full, **{})
    enough[1] = 29
    assert annual_mean_is_valid(enough)  # 324
    assert not annual_mean_is_valid(dict(enough) | {2: 24})
    assert not annual_mean_is_valid(dict(enough) | {3: 26}, total=330)
    assert not annual_mean_is_valid({m: 30 for m in range(1, 12)})  # December missing


def _day(pm25, pm10, o3_8h, no2, so2, co):
    return {"pm25": D(pm25), "pm10": D(pm10), "o3_8h": D(o3_8h), "no2": D(no2), "so2": D(so2), "co": D(co)}


def test_period_stats_across_the_regime_switch():
    v2 = _day(75, 120, 90, 45, 12, "1.2")
    start = date(2026, 2, 27)
    days = [(start + timedelta(days=i), v2) for i in range(4)]  # Feb 27, 28, Mar 1, 2
    days.append((date(2026, 3, 3), dict(v2, co=None)))  # invalid: no CO
    stats = period_stats(days, period_end=date(2026, 3, 3), period_start=start)
    assert stats.calendar_days == 5
    assert stats.valid_days == 4
    assert stats.good_days == 2  # 100 under 2012, 114 under 2026
    assert stats.good_rate == Decimal("50.0")
    assert stats.days_by_category == {"优": 0, "良": 2, "轻度污染": 2, "中度污染": 0, "重度污染": 0, "严重污染": 0}
    assert stats.heavy_days == 0
    assert [(d, r.aqi, r.regime) for d, r in stats.daily] == [
        (date(2026, 2, 27), 100, "2012"),
        (date(2026, 2, 28), 100, "2012"),
        (date(2026, 3, 1), 114, "2026"),
        (date(2026, 3, 2), 114, "2026"),
    ]
    assert (stats.pm25, stats.pm10, stats.so2, stats.no2) == (75, 120, 12, 45)
    assert stats.co_p95 == Decimal("1.2")
    assert stats.o3_8h_p90 == 90
    # 12/60 + 45/40 + 120/60 + 75/30 + 1.2/4 + 90/160 = 6.6875 (2026 limits at period end)
    assert stats.composite_index == Decimal("6.69")
    assert stats.completeness == Decimal("80.0")
    assert stats.regime == "2026"


def test_period_stats_means_use_every_day_the_pollutant_exists():
    days = [
        (date(2025, 1, 1), _day(35, 50, 60, 20, 5, "0.5")),
        (date(2025, 1, 2), dict(_day(42, 50, 60, 20, 5, "0.5"), co=None)),
        (date(2025, 1, 3), _day(28, 50, 60, 20, 5, "0.7")),
    ]
    stats = period_stats(days, period_end=date(2025, 1, 3))
    assert stats.calendar_days == 3
    assert stats.valid_days == 2
    assert stats.pm25 == 35  # (35 + 42 + 28) / 3
    assert stats.co_p95 == Decimal("0.7")  # 0.69 from the two CO days


def test_period_stats_without_data():
    stats = period_stats([], period_end=date(2025, 1, 31), period_start=date(2025, 1, 1))
    assert stats.calendar_days == 31
    assert stats.valid_days == 0
    assert stats.good_rate is None
    assert stats.pm25 is None
    assert stats.composite_index is None
    assert stats.completeness == Decimal("0.0")
    assert sum(stats.days_by_category.values()) == 0
