"""Vectorised, exact standards engine: HJ 633 daily AQI and HJ 663 statistics on NumPy arrays.

The scalar modules (``aqi``, ``stats``, ``rounding``) stay the reference and the only list of
pollutants, breakpoints and regimes; this engine reads its tables from them and gives the same
results on every row, many times faster. No Django, no floats in the arithmetic.

Scaled-integer convention (see ``vector_scale``):

- a concentration is an ``int64`` equal to the value times ``10**aqi.INPUT_PLACES[key]``:
  μg/m³ items as integers (PM2.5 35 → ``35``), CO in tenths of mg/m³ (2.2 → ``22``);
- ``MISSING`` (−1) marks an absent value; no concentration is negative;
- engine functions take an *integer ndarray as already scaled* (so already rounded), while a
  float ndarray (NaN missing), an object array or a Python sequence (Decimal, str, int, None)
  is in natural units and is rounded exactly by GB/T 8170 (``to_scaled``);
- days are ``datetime64[D]`` (or anything NumPy converts to it, such as ``datetime.date``); the
  regime of each day is looked up in ``aqi.REGIMES`` by its effective date.

Results: ``day_aqi_arrays`` → (aqi, category index into ``aqi.CATEGORIES``, primary matrix over
``aqi.POLLUTANTS``), −1/False where ``aqi.day_aqi`` gives None; ``period_stats_arrays`` → the
same ``stats.PeriodStats`` as ``stats.period_stats``; ``city_daily_arrays`` and
``city_value_from_sum_arrays`` → a city's rounded daily values from its stations.
"""

from __future__ import annotations

from .vector_aqi import (
    COLUMNS,
    NOT_COUNTED,
    DayAQIResult,
    DayArrays,
    day_aqi_arrays,
    day_aqi_objects,
    evaluate_days,
    iaqi_scaled,
    primary_keys,
    regime_index,
)
from .vector_scale import MISSING, div_ceil, div_half_even, from_scaled, to_scaled
from .vector_stats import (
    city_daily_arrays,
    city_value_from_sum_arrays,
    co_p95_scaled,
    composite_index_hundredths,
    o3_8h_p90_scaled,
    percentile_by_group,
    percentile_scaled,
    period_stats_arrays,
    rate_tenths,
    rounded_percentile_by_group,
    sum_count_by_group,
)

__all__ = [
    "COLUMNS",
    "MISSING",
    "NOT_COUNTED",
    "DayAQIResult",
    "DayArrays",
    "city_daily_arrays",
    "city_value_from_sum_arrays",
    "co_p95_scaled",
    "composite_index_hundredths",
    "day_aqi_arrays",
    "day_aqi_objects",
    "div_ceil",
    "div_half_even",
    "evaluate_days",
    "from_scaled",
    "iaqi_scaled",
    "o3_8h_p90_scaled",
    "percentile_by_group",
    "percentile_scaled",
    "period_stats_arrays",
    "primary_keys",
    "rate_tenths",
    "regime_index",
    "rounded_percentile_by_group",
    "sum_count_by_group",
    "to_scaled",
]
