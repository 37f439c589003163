"""Period statistics of ambient air quality (HJ 663, GB 3095 Table 4)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from .aqi import CATEGORY_NAMES, POLLUTANTS, DayAQI, Regime, day_aqi, regime_for, round_input
from .rounding import Number, exact_sum, fraction_to_decimal, is_missing, round_gb8170, to_fraction

REQUIRED: tuple[str, ...] = ("pm25", "pm10", "so2", "no2", "co", "o3_8h")

# GB 3095 Table 4: minimum daily values for a valid annual mean.
ANNUAL_MIN_DAYS = 324
MONTH_MIN_DAYS = 27
FEBRUARY_MIN_DAYS = 25


def _mean(values: Iterable[Number | None]) -> Fraction | None:
    total, count = exact_sum(values)
    return None if count == 0 else total / count


def city_daily_values(station_values: Iterable[Mapping[str, Number | None]]) -> dict[str, Decimal | None]:
    """A city's daily value of each pollutant: mean of the stations that have it, then rounded.

    Stations missing a pollutant are left out of that pollutant's mean only
    (project rule from HJ 663). Keys are all of ``POLLUTANTS``; None where no
    station reported the pollutant.
    """
    stations = list(station_values)
    result: dict[str, Decimal | None] = {}
    for key in POLLUTANTS:
        mean = _mean(station.get(key) for station in stations)
        result[key] = None if mean is None else round_input(key, mean)
    return result


def city_value_from_sum(key: str, total: Number | None, count: int | None) -> Decimal | None:
    """Same rule as ``city_daily_values`` when the database already summed and counted."""
    if is_missing(total) or not count:
        return None
    return round_input(key, to_fraction(total) / count)  # type: ignore[arg-type]


def is_valid_day(values: Mapping[str, Number | None]) -> bool:
    """A day counts when all six daily values exist after station averaging (project rule)."""
    return all(not is_missing(values.get(key)) for key in REQUIRED)


def period_mean(values: Iterable[Number | None], key: str) -> Decimal | None:
    """Arithmetic mean of the daily values present in the period, rounded like the inputs."""
    mean = _mean(values)
    return None if mean is None else round_input(key, mean)


def percentile(values: Iterable[Number | None], p: Number) -> Decimal:
    """HJ 663 percentile: k = 1 + (n − 1)p, linear between neighbours (numpy's default).

    Missing values are skipped; the result is not rounded (exact whenever it has a
    terminating decimal expansion, as it has for decimal inputs and a decimal ``p``).
    """
    return fraction_to_decimal(_percentile(values, p))


def _percentile(values: Iterable[Number | None], p: Number) -> Fraction:
    """``percentile`` as an exact rational, so that the rounded figures round the exact value."""
    ordered = sorted(to_fraction(v) for v in values if not is_missing(v))  # type: ignore[arg-type]
    if not ordered:
        raise ValueError("没有可用于计算百分位数的数据")
    fraction_p = to_fraction(p)
    if not 0 <= fraction_p <= 1:
        raise ValueError(f"百分位必须在 0 与 1 之间：{p}")
    k = 1 + (len(ordered) - 1) * fraction_p
    s = math.floor(k)
    low = ordered[s - 1]
    high = ordered[s] if s < len(ordered) else low
    return low + (high - low) * (k - s)


def co_p95(values: Iterable[Number | None]) -> Decimal | None:
    """CO 95th percentile of daily values, one decimal; None when there is no value."""
    present = [v for v in values if not is_missing(v)]
    if not present:
        return None
    return round_gb8170(_percentile(present, Decimal("0.95")), 1)


def o3_8h_p90(values: Iterable[Number | None]) -> Decimal | None:
    """O3 90th percentile of daily maximum 8-h values, integer; None when there is no value."""
    present = [v for v in values if not is_missing(v)]
    if not present:
        return None
    return round_gb8170(_percentile(present, Decimal("0.9")), 0)


def good_rate(good: int, valid: int) -> Decimal | None:
    """优良天数比例 in %, one decimal (GB/T 8170); None for a period without valid days."""
    if not valid:
        return None
    return round_gb8170(Fraction(good, valid) * 100, 1)


COMPOSITE_TERMS: tuple[tuple[str, str], ...] = (
    ("so2", "so2"),
    ("no2", "no2"),
    ("pm10", "pm10"),
    ("pm25", "pm25"),
    ("co_p95", "co"),
    ("o3_8h_p90", "o3_8h"),
)


def composite_index(means: Mapping[str, Number | None], regime: Regime | date) -> Decimal:
    """综合指数, two decimals, with the class-II annual limits of the regime in force at period end.

    ``regime`` may also be the period's end date. Every term is required: an
    index over fewer pollutants would not be comparable with any other.
    """
    if isinstance(regime, date):
        regime = regime_for(regime)
    total = Fraction(0)
    for mean_key, limit_key in COMPOSITE_TERMS:
        value = means.get(mean_key)
        if is_missing(value):
            raise ValueError(f"综合指数缺少 {mean_key}")
        total += to_fraction(value) / to_fraction(regime.annual_limits[limit_key])  # type: ignore[arg-type]
    return round_gb8170(total, 2)


def completeness(valid_days: int, calendar_days: int) -> Decimal:
    """Share of calendar days with a valid value, in %, one decimal."""
    if calendar_days <= 0:
        raise ValueError("日历天数必须大于 0")
    return round_gb8170(Fraction(valid_days, calendar_days) * 100, 1)


def annual_mean_is_valid(days_per_month: Mapping[int, int], total: int | None = None) -> bool:
    """GB 3095 Table 4: ≥ 324 daily values a year, ≥ 27 in each month (≥ 25 in February).

    ``total`` defaults to the sum of the months.
    """
    if total is None:
        total = sum(days_per_month.values())
    if total < ANNUAL_MIN_DAYS:
        return False
    for month in range(1, 13):
        minimum = FEBRUARY_MIN_DAYS if month == 2 else MONTH_MIN_DAYS
        if days_per_month.get(month, 0) < minimum:
            return False
    return True


def period_is_complete(valid_by_month: Mapping[tuple[int, int], int], start: date, end: date) -> bool:
    """Enough daily values for the period's statistics to be judged (GB 3095 Table 4, HJ 663).

    Month by month: a month may miss no more days than a whole month may (≥ 27 valid days, ≥ 25 in
    February), so a month the period covers in part needs its days less that allowance; a period
    that spans whole calendar years also needs ≥ 324 valid days a year. ``valid_by_month`` is keyed
    (year, month).
    """
    if end < start:
        return False
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        first = date(year, month, 1)
        following = date(year + month // 12, month % 12 + 1, 1)
        month_days = (following - first).days
        covered = (min(end, following - timedelta(days=1)) - max(start, first)).days + 1
        allowance = month_days - (FEBRUARY_MIN_DAYS if month == 2 else MONTH_MIN_DAYS)
        if valid_by_month.get((year, month), 0) < covered - allowance:
            return False
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    if start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31:
        total = sum(valid_by_month.get((y, m), 0) for y in range(start.year, end.year + 1) for m in range(1, 13))
        return total >= ANNUAL_MIN_DAYS * (end.year - start.year + 1)
    return True


@dataclass
class PeriodStats:
    calendar_days: int
    valid_days: int
    good_days: int
    good_rate: Decimal | None
    days_by_category: dict[str, int]
    heavy_days: int
    pm25: int | None
    pm10: int | None
    so2: int | None
    no2: int | None
    co_p95: Decimal | None
    o3_8h_p90: int | None
    composite_index: Decimal | None
    completeness: Decimal | None
    regime: str
    daily: list[tuple[date, DayAQI]] = field(default_factory=list)


def _int_or_none(value: Decimal | None) -> int | None:
    return None if value is None else int(value)


def period_stats(
    days: Sequence[tuple[date, Mapping[str, Number | None]]],
    period_end: date,
    period_start: date | None = None,
) -> PeriodStats:
    """Statistics of a period from a city's daily values.

    Each day's AQI uses the regime in force that day, so a period across
    2026-03-01 mixes both; the composite index uses the limits in force at
    ``period_end``. Means and percentiles use every day where the pollutant
    exists (HJ 663), AQI counts only valid days. ``calendar_days`` is the span
    ``period_start``..``period_end`` when a start is given, else the number of
    distinct dates supplied.
    """
    if period_start is not None:
        calendar_days = (period_end - period_start).days + 1
    else:
        calendar_days = len({day for day, _ in days})

    daily: list[tuple[date, DayAQI]] = []
    for day, values in sorted(days, key=lambda item: item[0]):
        if not is_valid_day(values):
            continue
        result = day_aqi(values, day)
        # None here only for a 2012 day with O3-8h > 800 and no O3 1-h: no AQI exists.
        if result is not None:
            daily.append((day, result))

    by_category = {name: 0 for name in CATEGORY_NAMES}
    for _, result in daily:
        by_category[result.category.name] += 1
    valid_days = len(daily)
    good_days = sum(1 for _, result in daily if result.is_good)
    heavy_days = sum(1 for _, result in daily if result.is_heavy)

    def column(key: str) -> list[Number | None]:
        return [values.get(key) for _, values in days]

    means = {key: period_mean(column(key), key) for key in ("pm25", "pm10", "so2", "no2")}
    co = co_p95(column("co"))
    o3 = o3_8h_p90(column("o3_8h"))
    terms: dict[str, Decimal | None] = dict(means) | {"co_p95": co, "o3_8h_p90": o3}
    index = None
    if all(value is not None for value in terms.values()):
        index = composite_index(terms, regime_for(period_end))

    return PeriodStats(
        calendar_days=calendar_days,
        valid_days=valid_days,
        good_days=good_days,
        good_rate=good_rate(good_days, valid_days),
        days_by_category=by_category,
        heavy_days=heavy_days,
        pm25=_int_or_none(means["pm25"]),
        pm10=_int_or_none(means["pm10"]),
        so2=_int_or_none(means["so2"]),
        no2=_int_or_none(means["no2"]),
        co_p95=co,
        o3_8h_p90=_int_or_none(o3),
        composite_index=index,
        completeness=completeness(valid_days, calendar_days) if calendar_days > 0 else None,
        regime=regime_for(period_end).name,
        daily=daily,
    )
