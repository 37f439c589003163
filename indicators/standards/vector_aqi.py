"""Daily AQI (HJ 633) of many station- or city-days at once, exactly as ``aqi.day_aqi``.

Inputs follow the scaled-integer convention of ``vector_scale``. The breakpoints, regimes,
categories and pollutant lists are read from ``aqi`` at import; this module holds no number of
the standards. IAQI = IAQI_lo + ⌈(IAQI_hi − IAQI_lo)(C − BP_lo) / (BP_hi − BP_lo)⌉ on integers:
the breakpoints are scaled like the inputs, so the scale cancels and the ceiling is exact (CO 2.2
→ 55, not 56).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import NamedTuple

import numpy as np

from .aqi import CATEGORIES, POLLUTANTS, REGIMES, REQUIRED_DAILY, USE_O3_1H, DayAQI, Regime
from .vector_scale import MISSING, coerce_scaled, div_ceil, input_places

# In an IAQI matrix: the item does not count that day (missing, not a daily item of the day's
# regime, or O3-8h above 800 under 2012, where aqi.iaqi returns None).
NOT_COUNTED = -1

# Columns of the IAQI and primary-pollutant matrices.
COLUMNS: dict[str, int] = {key: i for i, key in enumerate(POLLUTANTS)}

# As in aqi._iaqi: above the top breakpoint an item's IAQI is 500 (O3-8h: the regime decides).
_ABOVE_TOP = 500
# As in aqi.day_aqi: primary pollutants exist only above this AQI.
_PRIMARY_ABOVE = 50

_EFFECTIVE = np.array([regime.effective_from for regime in REGIMES], dtype="datetime64[D]")

if any(c.max_aqi is None for c in CATEGORIES[:-1]) or CATEGORIES[-1].max_aqi is not None:
    raise AssertionError("aqi.CATEGORIES: only the last category may be open-ended")
_CATEGORY_TOPS = np.array([c.max_aqi for c in CATEGORIES[:-1]], dtype=np.int64)


@dataclass(frozen=True)
class _Column:
    conc: np.ndarray  # breakpoints scaled like the inputs
    level: np.ndarray
    above_top: int  # IAQI above the last breakpoint, NOT_COUNTED when there is none


def _compile(regime: Regime) -> dict[str, _Column]:
    tables: dict[str, _Column] = {}
    for key, points in regime.breakpoints.items():
        scale = 10 ** input_places(key)
        concs = [Fraction(conc) * scale for conc, _ in points]
        if any(c.denominator != 1 for c in concs):
            raise AssertionError(f"{key}: breakpoint finer than the input precision")
        above_top = _ABOVE_TOP
        if key == "o3_8h":
            rule = regime.o3_8h_over_800
            above_top = NOT_COUNTED if rule == USE_O3_1H else int(rule)
        tables[key] = _Column(
            conc=np.array([int(c) for c in concs], dtype=np.int64),
            level=np.array([level for _, level in points], dtype=np.int64),
            above_top=above_top,
        )
    return tables


_TABLES: tuple[dict[str, _Column], ...] = tuple(_compile(regime) for regime in REGIMES)


def _tables_for(regime: Regime) -> dict[str, _Column]:
    for position, known in enumerate(REGIMES):
        if regime is known:
            return _TABLES[position]
    return _compile(regime)


def regime_index(days: object) -> np.ndarray:
    """Position in ``aqi.REGIMES`` of the edition in force on each day (``aqi.regime_for``)."""
    d = np.asarray(days, dtype="datetime64[D]")
    if np.any(np.isnat(d)):
        raise ValueError("日期不能为空")
    index = np.searchsorted(_EFFECTIVE, d, side="right") - 1
    if np.any(index < 0):
        first = d[index < 0][0].astype(object)
        raise ValueError(f"{first} 早于所有已收录标准的实施日期")
    return index


def _iaqi_column(column: _Column, conc: np.ndarray) -> np.ndarray:
    present = conc != MISSING
    c = np.where(present, conc, 0)
    # First breakpoint ≥ C is the segment's top; C = 0 belongs to the first segment.
    top = np.clip(np.searchsorted(column.conc, c, side="left"), 1, len(column.conc) - 1)
    lo_c, hi_c = column.conc[top - 1], column.conc[top]
    lo_i, hi_i = column.level[top - 1], column.level[top]
    result = lo_i + div_ceil((hi_i - lo_i) * (c - lo_c), hi_c - lo_c)
    result = np.where(c > column.conc[-1], column.above_top, result)
    return np.where(present, result, NOT_COUNTED)


def iaqi_scaled(key: str, conc: object, regime: Regime) -> np.ndarray:
    """``aqi.iaqi`` over an array: scaled or natural-unit input, ``NOT_COUNTED`` for None."""
    tables = _tables_for(regime)
    if key not in tables:
        raise ValueError(f"未知的污染物：{key}")
    return _iaqi_column(tables[key], coerce_scaled(conc, input_places(key)))


@dataclass(frozen=True)
class DayArrays:
    """Everything the engine knows about a batch of days; row i is the i-th input day.

    ``values``: the scaled, rounded inputs of every pollutant (``MISSING`` where absent).
    ``regime``: position in ``aqi.REGIMES``. ``iaqi``: (rows × ``POLLUTANTS``), ``NOT_COUNTED``
    where an item does not count. ``aqi``/``category`` (index into ``aqi.CATEGORIES``): −1 where
    ``aqi.day_aqi`` returns None. ``primary``: (rows × ``POLLUTANTS``) booleans.
    """

    days: np.ndarray
    values: dict[str, np.ndarray]
    regime: np.ndarray
    iaqi: np.ndarray
    aqi: np.ndarray
    category: np.ndarray
    primary: np.ndarray

    @property
    def valid(self) -> np.ndarray:
        return self.aqi != MISSING

    def take(self, rows: np.ndarray) -> DayArrays:
        """The same arrays for the given rows only (a mask or indices): each row's figures depend
        on that row alone, so they equal what ``evaluate_days`` gives for those rows."""
        return DayArrays(
            days=self.days[rows],
            values={key: column[rows] for key, column in self.values.items()},
            regime=self.regime[rows],
            iaqi=self.iaqi[rows],
            aqi=self.aqi[rows],
            category=self.category[rows],
            primary=self.primary[rows],
        )


class DayAQIResult(NamedTuple):
    aqi: np.ndarray
    category: np.ndarray
    primary: np.ndarray


def scaled_inputs(values: Mapping[str, object], rows: int, *, exact: bool = False) -> dict[str, np.ndarray]:
    """Every pollutant as a scaled 1-D array of ``rows`` values; absent keys are all ``MISSING``."""
    unknown = set(values) - set(POLLUTANTS)
    if unknown:
        raise ValueError(f"未知的污染物：{', '.join(sorted(unknown))}")
    result: dict[str, np.ndarray] = {}
    for key in POLLUTANTS:
        if key not in values:
            result[key] = np.full(rows, MISSING, dtype=np.int64)
            continue
        array = coerce_scaled(values[key], input_places(key), exact=exact)
        if array.shape != (rows,):
            raise ValueError(f"{key} 的形状 {array.shape} 与日期数 {rows} 不符")
        result[key] = array
    return result


def evaluate_days(values: Mapping[str, object], days: object, *, exact: bool = False) -> DayArrays:
    """Daily AQI of every row; see ``DayArrays``. ``exact=True`` refuses unrounded inputs."""
    d = np.asarray(days, dtype="datetime64[D]")
    if d.ndim != 1:
        raise ValueError("days 必须是一维数组")
    rows = len(d)
    scaled = scaled_inputs(values, rows, exact=exact)
    regime = regime_index(d)
    iaqi = np.full((rows, len(POLLUTANTS)), NOT_COUNTED, dtype=np.int64)
    for position, edition in enumerate(REGIMES):
        selected = np.flatnonzero(regime == position)
        if not selected.size:
            continue
        for key in edition.daily_items:
            iaqi[selected, COLUMNS[key]] = _iaqi_column(_TABLES[position][key], scaled[key][selected])
    complete = np.logical_and.reduce([scaled[key] != MISSING for key in REQUIRED_DAILY])
    has_ozone = (iaqi[:, COLUMNS["o3_8h"]] != NOT_COUNTED) | (iaqi[:, COLUMNS["o3_1h"]] != NOT_COUNTED)
    valid = complete & has_ozone
    aqi = np.where(valid, iaqi.max(axis=1, initial=NOT_COUNTED), MISSING)
    category = np.where(valid, np.searchsorted(_CATEGORY_TOPS, aqi, side="left"), MISSING)
    primary = (iaqi == aqi[:, None]) & (aqi > _PRIMARY_ABOVE)[:, None]
    return DayArrays(days=d, values=scaled, regime=regime, iaqi=iaqi, aqi=aqi, category=category, primary=primary)


def day_aqi_arrays(values: Mapping[str, object], days: object) -> DayAQIResult:
    """Vectorised ``aqi.day_aqi``: (aqi, category, primary).

    ``values`` maps pollutant keys of ``aqi.POLLUTANTS`` to 1-D arrays aligned with ``days``
    (``datetime64[D]`` or dates): integer arrays already scaled (``MISSING`` = −1), float arrays
    in natural units (NaN missing), object arrays/sequences of Decimal/str/None in natural units.
    ``aqi`` and ``category`` (index into ``aqi.CATEGORIES``) are −1 where ``day_aqi`` gives None;
    ``primary`` is a boolean matrix whose columns follow ``aqi.POLLUTANTS`` (all False at AQI ≤ 50).
    """
    result = evaluate_days(values, days)
    return DayAQIResult(result.aqi, result.category, result.primary)


def primary_keys(primary: np.ndarray) -> list[tuple[str, ...]]:
    """Rows of a primary-pollutant matrix as the tuples ``DayAQI.primary`` holds."""
    return [tuple(POLLUTANTS[j] for j in np.flatnonzero(row)) for row in np.asarray(primary)]


def day_aqi_objects(result: DayArrays, rows: np.ndarray | None = None) -> list[DayAQI | None]:
    """The ``aqi.DayAQI`` objects of the given rows (default all), None for an invalid row."""
    selected = np.arange(len(result.aqi)) if rows is None else np.asarray(rows)
    out: list[DayAQI | None] = []
    aqi_values = result.aqi[selected].tolist()
    categories = result.category[selected].tolist()
    regimes = result.regime[selected].tolist()
    iaqi_rows = result.iaqi[selected].tolist()
    primaries = primary_keys(result.primary[selected])
    for aqi, category, position, individual, primary in zip(
        aqi_values, categories, regimes, iaqi_rows, primaries, strict=True
    ):
        if aqi == MISSING:
            out.append(None)
            continue
        edition = REGIMES[position]
        counted = {key: individual[COLUMNS[key]] for key in edition.daily_items}
        out.append(
            DayAQI(
                aqi=aqi,
                category=CATEGORIES[category],
                primary=primary,
                iaqi={key: value for key, value in counted.items() if value != NOT_COUNTED},
                regime=edition.name,
            )
        )
    return out


def as_dates(days: np.ndarray) -> list[date]:
    return np.asarray(days, dtype="datetime64[D]").astype(object).tolist()
