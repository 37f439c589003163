"""City and period statistics (HJ 663) on scaled-integer arrays, exactly as ``stats``.

Sums, counts and sorts are NumPy on ``int64``; every division ends in an integer half-even
rounding (``vector_scale.div_half_even``), so no figure passes through a float. Grouped
functions take any 1-D array of group labels (days, city codes, ...) and return the sorted
distinct labels with one result per label.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from fractions import Fraction

import numpy as np

from .aqi import CATEGORY_NAMES, INPUT_PLACES, POLLUTANTS, Regime, regime_for
from .rounding import Number, to_fraction
from .stats import COMPOSITE_TERMS, PeriodStats
from .vector_aqi import DayArrays, as_dates, day_aqi_objects, evaluate_days
from .vector_scale import MISSING, check_range, coerce_scaled, decimal_or_none, input_places, rescale

# stats.co_p95 / stats.o3_8h_p90: the percentile and the places of the result.
CO_P95 = (Fraction(95, 100), 1)
O3_8H_P90 = (Fraction(90, 100), 0)
_GOOD_MAX, _HEAVY_ABOVE = 100, 200  # DayAQI.is_good / DayAQI.is_heavy


def _present(values: np.ndarray) -> np.ndarray:
    return values != MISSING


def sum_count_by_group(groups: object, values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct labels, exact sums and counts of the present values of each (``MISSING`` skipped)."""
    values = np.asarray(values, dtype=np.int64)
    labels, inverse = np.unique(np.asarray(groups), return_inverse=True)
    inverse = inverse.ravel()
    if inverse.shape != values.shape:
        raise ValueError("分组与数值的长度不符")
    present = _present(values)
    check_range(values, max(1, len(values)))
    sums = np.zeros(len(labels), dtype=np.int64)
    np.add.at(sums, inverse[present], values[present])
    counts = np.bincount(inverse[present], minlength=len(labels)).astype(np.int64)
    return labels, sums, counts


def _sum_count(values: np.ndarray) -> tuple[int, int] | None:
    """``sum_count_by_group`` of one group: the exact sum and count of the present values, None
    without rows (no group at all)."""
    values = np.asarray(values, dtype=np.int64)
    if not values.size:
        return None
    present = _present(values)
    check_range(values, len(values))
    return int(values[present].sum()), int(present.sum())


def mean_from_sums(totals: np.ndarray, counts: np.ndarray, from_places: int, to_places: int) -> np.ndarray:
    """Half-even rounded means at ``to_places`` of sums scaled at ``from_places``; ``MISSING`` when
    the count is 0 or the total is ``MISSING``."""
    totals = np.asarray(totals, dtype=np.int64)
    counts = np.asarray(counts, dtype=np.int64)
    ok = (counts > 0) & (totals != MISSING)
    means = rescale(np.where(ok, totals, 0), np.where(ok, counts, 1), from_places, to_places)
    return np.where(ok, means, MISSING)


def city_value_from_sum_arrays(key: str, totals: object, counts: object, places: int | None = None) -> np.ndarray:
    """Vectorised ``stats.city_value_from_sum``: totals of station values and their counts → the
    city's rounded daily values (scaled at the key's input places, ``MISSING`` where none).

    ``totals`` as ``coerce_scaled`` takes them, scaled at ``places`` (default: the input places);
    a Decimal/float total with more decimals than ``places`` is refused, never rounded.
    """
    from_places = input_places(key) if places is None else places
    scaled = coerce_scaled(totals, from_places, exact=True)
    return mean_from_sums(scaled, np.asarray(counts, dtype=np.int64), from_places, input_places(key))


def city_daily_arrays(
    days: object, values: Mapping[str, object], places: Mapping[str, int] | None = None
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Vectorised ``stats.city_daily_values`` over station rows labelled by day.

    ``values[key]`` holds the stations' raw values of one pollutant, scaled at ``places[key]``
    (default the input places; give more places for unrounded station values, e.g. ``{"co": 3}``)
    or in natural units as ``coerce_scaled`` takes them (refused if finer than those places).
    Returns the distinct days and, for every key of ``aqi.POLLUTANTS``, the city's values
    rounded to the input places (``MISSING`` where no station had the pollutant that day).
    """
    d = np.asarray(days)
    unknown = set(values) - set(POLLUTANTS)
    if unknown:
        raise ValueError(f"未知的污染物：{', '.join(sorted(unknown))}")
    labels = np.unique(d)
    result: dict[str, np.ndarray] = {}
    for key in POLLUTANTS:
        if key not in values:
            result[key] = np.full(len(labels), MISSING, dtype=np.int64)
            continue
        station_places = input_places(key) if places is None else places.get(key, input_places(key))
        scaled = coerce_scaled(values[key], station_places, exact=True)
        _, sums, counts = sum_count_by_group(d, scaled)
        result[key] = mean_from_sums(sums, counts, station_places, input_places(key))
    return labels, result


def percentile_by_group(groups: object, values: np.ndarray, p: Number) -> tuple[np.ndarray, np.ndarray, int]:
    """Exact HJ 663 percentile of each group's present values, as numerators over one denominator.

    k = 1 + (n − 1)p, s = ⌊k⌋, P = X(s) + (X(s+1) − X(s))(k − s). With p = a/b, (n − 1)a = bm + r,
    so P·b = X(s)·b + (X(s+1) − X(s))·r with s = m + 1. Returns (labels, P·b, b), in the units of
    ``values``; the numerator is ``MISSING`` for a group without values.
    """
    fraction_p = to_fraction(p)
    if not 0 <= fraction_p <= 1:
        raise ValueError(f"百分位必须在 0 与 1 之间：{p}")
    a, b = fraction_p.numerator, fraction_p.denominator
    values = np.asarray(values, dtype=np.int64)
    labels, inverse = np.unique(np.asarray(groups), return_inverse=True)
    inverse = inverse.ravel()
    present = _present(values)
    group_of, kept = inverse[present], values[present]
    order = np.lexsort((kept, group_of))
    ordered = kept[order]
    counts = np.bincount(group_of, minlength=len(labels)).astype(np.int64)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    has = counts > 0
    check_range(np.maximum(counts, 1), max(a, 1))
    m, r = np.divmod((np.maximum(counts, 1) - 1) * a, b)
    low_at = np.where(has, starts + m, 0)
    high_at = np.where(has, starts + np.minimum(m + 1, counts - 1), 0)
    if not ordered.size:
        return labels, np.full(len(labels), MISSING, dtype=np.int64), b
    check_range(ordered, 2 * b)
    low, high = ordered[low_at], ordered[high_at]
    numerators = low * b + (high - low) * r
    return labels, np.where(has, numerators, MISSING), b


def percentile_scaled(values: np.ndarray, p: Number) -> Fraction:
    """``stats.percentile`` of scaled values, exact and in the same scaled units."""
    values = np.asarray(values, dtype=np.int64)
    _, numerators, denominator = percentile_by_group(np.zeros(len(values), dtype=np.int8), values, p)
    if not numerators.size or numerators[0] == MISSING:
        raise ValueError("没有可用于计算百分位数的数据")
    return Fraction(int(numerators[0]), denominator)


def rounded_percentile_by_group(
    groups: object, values: np.ndarray, key: str, rule: tuple[Fraction, int]
) -> tuple[np.ndarray, np.ndarray]:
    """``stats.co_p95``/``o3_8h_p90`` per group: (labels, scaled at ``rule``'s places, or ``MISSING``)."""
    p, places = rule
    labels, numerators, denominator = percentile_by_group(groups, values, p)
    present = numerators != MISSING
    rounded = rescale(np.where(present, numerators, 0), denominator, input_places(key), places)
    return labels, np.where(present, rounded, MISSING)


def _single(values: np.ndarray, key: str, rule: tuple[Fraction, int]) -> int:
    values = np.asarray(values, dtype=np.int64)
    _, result = rounded_percentile_by_group(np.zeros(len(values), dtype=np.int8), values, key, rule)
    return int(result[0]) if result.size else MISSING


def co_p95_scaled(values: np.ndarray) -> int:
    """``stats.co_p95`` of CO values scaled by 10, in tenths (``MISSING`` without values)."""
    return _single(values, "co", CO_P95)


def o3_8h_p90_scaled(values: np.ndarray) -> int:
    """``stats.o3_8h_p90`` of O3-8h values, an integer (``MISSING`` without values)."""
    return _single(values, "o3_8h", O3_8H_P90)


def rate_tenths(part: object, whole: object) -> np.ndarray:
    """``stats.good_rate``/``completeness``: part/whole in % to one decimal, as tenths of a
    percent (``MISSING`` where ``whole`` ≤ 0)."""
    part = np.asarray(part, dtype=np.int64)
    whole = np.asarray(whole, dtype=np.int64)
    ok = whole > 0
    return np.where(ok, rescale(part * 100, np.where(ok, whole, 1), 0, 1), MISSING)


def composite_index_hundredths(terms: Mapping[str, object], regime: Regime | date) -> np.ndarray:
    """``stats.composite_index`` in hundredths, for arrays of periods ending under one regime.

    ``terms``: ``so2``, ``no2``, ``pm10``, ``pm25`` (period means), ``co_p95`` and ``o3_8h_p90``,
    each an int or integer array scaled at its pollutant's input places (CO in tenths), or
    Decimals/floats in natural units. The result is ``MISSING`` where a term is.
    Each term is C / (10**places · L) = C·w / D with D the common denominator; the index is
    Σ C·w / D, rounded half-even to hundredths.
    """
    if isinstance(regime, date):
        regime = regime_for(regime)
    weights: list[tuple[np.ndarray, Fraction]] = []
    for mean_key, limit_key in COMPOSITE_TERMS:
        if mean_key not in terms:
            raise ValueError(f"综合指数缺少 {mean_key}")
        scaled = coerce_scaled(np.asarray(terms[mean_key]), INPUT_PLACES[limit_key], exact=True)
        coefficient = Fraction(1, 10 ** INPUT_PLACES[limit_key]) / to_fraction(regime.annual_limits[limit_key])
        weights.append((scaled, coefficient))
    common = math.lcm(*(coefficient.denominator for _, coefficient in weights))
    arrays = np.broadcast_arrays(*(scaled for scaled, _ in weights))
    present = np.logical_and.reduce([array != MISSING for array in arrays])
    total = np.zeros(arrays[0].shape, dtype=np.int64)
    for array, (_, coefficient) in zip(arrays, weights, strict=True):
        weight = coefficient.numerator * (common // coefficient.denominator)
        check_range(array, weight * 100 * len(weights))
        total = total + np.where(present, array, 0) * weight
    return np.where(present, rescale(total, common, 0, 2), MISSING)


def period_stats_arrays(
    days: object,
    values: Mapping[str, object],
    period_end: date,
    period_start: date | None = None,
    *,
    with_daily: bool = True,
    evaluated: DayArrays | None = None,
) -> PeriodStats:
    """Vectorised ``stats.period_stats``: the same ``PeriodStats``, equal field by field.

    ``days`` and ``values`` as ``vector_aqi.day_aqi_arrays`` takes them, one row per city-day.
    The rows are city daily values, which HJ 663 rounds to the input places (as
    ``city_daily_arrays`` and ``stats.city_daily_values`` do): a float or Decimal with more
    decimals is refused, since the scalar would average the unrounded value. ``with_daily=False``
    leaves ``daily`` empty instead of building one ``DayAQI`` per valid day. ``evaluated``: these
    rows' ``evaluate_days(values, days, exact=True)`` when the caller has it already.
    """
    result = evaluated if evaluated is not None else evaluate_days(values, days, exact=True)
    if period_start is not None:
        calendar_days = (period_end - period_start).days + 1
    else:
        calendar_days = len(np.unique(result.days))
    valid = result.valid
    aqi = result.aqi[valid]
    counts = np.bincount(result.category[valid], minlength=len(CATEGORY_NAMES)).tolist()
    valid_days = int(valid.sum())
    good_days = int((aqi <= _GOOD_MAX).sum())
    heavy_days = int((aqi > _HEAVY_ABOVE).sum())

    means: dict[str, int] = {}
    for key in ("pm25", "pm10", "so2", "no2"):
        found = _sum_count(result.values[key])
        places = INPUT_PLACES[key]
        means[key] = MISSING if found is None else int(mean_from_sums(*found, places, places))
    co = co_p95_scaled(result.values["co"])
    o3 = o3_8h_p90_scaled(result.values["o3_8h"])
    terms = dict(means) | {"co_p95": co, "o3_8h_p90": o3}
    end_regime = regime_for(period_end)
    index = int(composite_index_hundredths(terms, end_regime))

    daily = []
    if with_daily:
        rows = np.flatnonzero(valid)
        rows = rows[np.argsort(result.days[rows], kind="stable")]
        daily = list(zip(as_dates(result.days[rows]), day_aqi_objects(result, rows), strict=True))

    def whole(key: str) -> int | None:
        value = decimal_or_none(means[key], INPUT_PLACES[key])
        return None if value is None else int(value)

    o3_value = decimal_or_none(o3, O3_8H_P90[1])
    return PeriodStats(
        calendar_days=calendar_days,
        valid_days=valid_days,
        good_days=good_days,
        good_rate=decimal_or_none(int(rate_tenths(good_days, valid_days)), 1),
        days_by_category=dict(zip(CATEGORY_NAMES, counts, strict=True)),
        heavy_days=heavy_days,
        pm25=whole("pm25"),
        pm10=whole("pm10"),
        so2=whole("so2"),
        no2=whole("no2"),
        co_p95=decimal_or_none(co, CO_P95[1]),
        o3_8h_p90=None if o3_value is None else int(o3_value),
        composite_index=decimal_or_none(index, 2),
        completeness=decimal_or_none(int(rate_tenths(valid_days, calendar_days)), 1),
        regime=end_regime.name,
        daily=daily,
    )
