"""Daily air quality index (HJ 633), with the standard in force chosen by date.

GB 3095/HJ 633/HJ 663 were revised on 2026-03-01. Each revision is one ``Regime``
entry in ``REGIMES``; code asks ``regime_for(day)`` instead of testing dates, so
the next revision is a new table entry and nothing else.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from .rounding import Number, is_missing, round_gb8170

POLLUTANTS: tuple[str, ...] = ("pm25", "pm10", "so2", "no2", "co", "o3_8h", "o3_1h")

# The names a person reads, on every page and list (the import's column labels are cells' business).
POLLUTANT_NAMES: dict[str, str] = {
    "pm25": "PM₂.₅",
    "pm10": "PM₁₀",
    "so2": "SO₂",
    "no2": "NO₂",
    "co": "CO",
    "o3_8h": "O₃-8h",
    "o3_1h": "O₃-1h",
}


def pollutant_name(key: str) -> str:
    """PM₂.₅ for "pm25"; an unknown key is shown as it is."""
    return POLLUTANT_NAMES.get(key.strip().lower(), key)


# Every daily AQI needs these six; O3 1-h is optional (2012 only).
REQUIRED_DAILY: tuple[str, ...] = ("pm25", "pm10", "so2", "no2", "co", "o3_8h")

# Rounding places of the inputs (GB/T 8170): μg/m³ items are integers, CO (mg/m³) one decimal.
INPUT_PLACES: dict[str, int] = {key: 0 for key in POLLUTANTS} | {"co": 1}

Breakpoints = tuple[tuple[Decimal, int], ...]


def _points(*pairs: tuple[str | int, int]) -> Breakpoints:
    return tuple((Decimal(str(conc)), level) for conc, level in pairs)


_IAQI_LEVELS = (0, 50, 100, 150, 200, 300, 400, 500)


def _column(*concs: str | int) -> Breakpoints:
    # Not strict: the O3 8-h column stops at IAQI 300.
    return _points(*zip(concs, _IAQI_LEVELS, strict=False))


# Daily (24-h) breakpoints of HJ 633; the hourly SO2/NO2/CO tables belong to the
# real-time report and must never be used for daily values.
_COMMON_BREAKPOINTS: dict[str, Breakpoints] = {
    "so2": _column(0, 50, 150, 475, 800, 1600, 2100, 2620),
    "no2": _column(0, 40, 80, 180, 280, 565, 750, 940),
    "co": _column(0, 2, 4, 14, 24, 36, 48, 60),
    "o3_1h": _column(0, 160, 200, 300, 400, 800, 1000, 1200),
    # O3 8-h stops at 800/300: above it the regime decides (see Regime.o3_8h_over_800).
    "o3_8h": _column(0, 100, 160, 215, 265, 800),
}

USE_O3_1H = "use_1h"


@dataclass(frozen=True)
class Regime:
    """One edition of the air standards (GB 3095 + HJ 633 + HJ 663)."""

    name: str
    effective_from: date
    breakpoints: dict[str, Breakpoints]
    daily_items: tuple[str, ...]
    # "use_1h": O3-8h above 800 has no IAQI and the O3 1-h IAQI stands in (2012);
    # an int: the IAQI O3-8h counts as above 800 (2026: 300).
    o3_8h_over_800: str | int
    # Class-II annual limits, the denominators of the composite index.
    annual_limits: dict[str, Decimal]
    standards: str = field(default="")


REGIME_2012 = Regime(
    name="2012",
    # Used for all data before 2026-03-01: the project has no older edition, and
    # refusing earlier dates would only break historical imports.
    effective_from=date(1900, 1, 1),
    breakpoints=_COMMON_BREAKPOINTS
    | {
        "pm25": _column(0, 35, 75, 115, 150, 250, 350, 500),
        "pm10": _column(0, 50, 150, 250, 350, 420, 500, 600),
    },
    daily_items=("pm25", "pm10", "so2", "no2", "co", "o3_8h", "o3_1h"),
    o3_8h_over_800=USE_O3_1H,
    annual_limits={
        "pm25": Decimal(35),
        "pm10": Decimal(70),
        "so2": Decimal(60),
        "no2": Decimal(40),
        "co": Decimal(4),
        "o3_8h": Decimal(160),
    },
    standards="GB 3095-2012, HJ 633-2012, HJ 663-2013",
)

REGIME_2026 = Regime(
    name="2026",
    effective_from=date(2026, 3, 1),
    breakpoints=_COMMON_BREAKPOINTS
    | {
        "pm25": _column(0, 35, 60, 115, 150, 250, 350, 500),
        "pm10": _column(0, 50, 120, 250, 350, 420, 500, 600),
    },
    daily_items=("pm25", "pm10", "so2", "no2", "co", "o3_8h"),
    o3_8h_over_800=300,
    annual_limits={
        "pm25": Decimal(30),
        "pm10": Decimal(60),
        "so2": Decimal(60),
        "no2": Decimal(40),
        "co": Decimal(4),
        "o3_8h": Decimal(160),
    },
    standards="GB 3095-2026, HJ 633-2026, HJ 663-2026",
)

REGIMES: tuple[Regime, ...] = tuple(sorted((REGIME_2012, REGIME_2026), key=lambda r: r.effective_from))


def regime_title(name: str) -> str:
    """The edition a person recognises, its AQI standard: "HJ 633-2012" for the regime named "2012"."""
    for regime in REGIMES:
        if regime.name == name:
            return next((part.strip() for part in regime.standards.split(",") if "HJ 633" in part), name)
    return name


def regime_for(day: date) -> Regime:
    """The edition in force on ``day``: the latest whose effective date is not after it."""
    chosen: Regime | None = None
    for regime in REGIMES:
        if regime.effective_from <= day:
            chosen = regime
    if chosen is None:
        raise ValueError(f"{day} 早于所有已收录标准的实施日期")
    return chosen


def _check_key(key: str) -> None:
    if key not in INPUT_PLACES:
        raise ValueError(f"未知的污染物：{key}")


def round_input(key: str, value: Number) -> Decimal:
    """Round a concentration as HJ 633 requires before any IAQI (integers; CO one decimal)."""
    _check_key(key)
    return round_gb8170(value, INPUT_PLACES[key])


# Period figures ask for the IAQI of every day of every organization; concentrations repeat
# while the exact arithmetic is slow, so results are remembered per edition (bounded).
_IAQI_CACHE: dict[tuple[str, Number, str], int | None] = {}
_IAQI_CACHE_LIMIT = 200_000


def iaqi(key: str, value: Number | None, regime: Regime) -> int | None:
    """Individual AQI of one daily concentration, rounded up (全部进位取整).

    Returns None for a missing value, and for O3-8h above 800 under a regime that
    replaces it by the O3 1-h IAQI (the caller must then use ``o3_1h``).
    """
    if not any(regime is known for known in REGIMES) or isinstance(value, (bool, float)):
        return _iaqi(key, value, regime)
    cache_key = (key, value, regime.name)
    try:
        return _IAQI_CACHE[cache_key]
    except KeyError:
        pass
    result = _iaqi(key, value, regime)
    if len(_IAQI_CACHE) >= _IAQI_CACHE_LIMIT:
        _IAQI_CACHE.clear()
    _IAQI_CACHE[cache_key] = result
    return result


def _iaqi(key: str, value: Number | None, regime: Regime) -> int | None:
    _check_key(key)
    if is_missing(value):
        return None
    conc = round_input(key, value)  # type: ignore[arg-type]
    if conc < 0:
        raise ValueError(f"浓度不能为负：{key}={value}")
    points = regime.breakpoints[key]
    top_conc = points[-1][0]
    if key == "o3_8h" and conc > top_conc:
        if regime.o3_8h_over_800 == USE_O3_1H:
            return None
        return int(regime.o3_8h_over_800)
    if conc > top_conc:
        return 500
    c = Fraction(conc)
    for (lo_c, lo_i), (hi_c, hi_i) in zip(points, points[1:], strict=False):
        if hi_c >= conc:
            exact = Fraction(hi_i - lo_i) / (Fraction(hi_c) - Fraction(lo_c)) * (c - Fraction(lo_c)) + lo_i
            # Exact arithmetic matters: CO 2.2 is exactly 55, a float gives 55.000…01 → 56.
            return math.ceil(exact)
    raise AssertionError("unreachable: conc <= top breakpoint")


@dataclass(frozen=True)
class Category:
    level: int
    name: str
    grade: str
    color: str
    rgb: tuple[int, int, int]
    min_aqi: int
    max_aqi: int | None  # None: open-ended top category


CATEGORIES: tuple[Category, ...] = (
    Category(1, "优", "一级", "#00e400", (0, 228, 0), 0, 50),
    Category(2, "良", "二级", "#ffff00", (255, 255, 0), 51, 100),
    Category(3, "轻度污染", "三级", "#ff7e00", (255, 126, 0), 101, 150),
    Category(4, "中度污染", "四级", "#ff0000", (255, 0, 0), 151, 200),
    Category(5, "重度污染", "五级", "#99004c", (153, 0, 76), 201, 300),
    Category(6, "严重污染", "六级", "#7e0023", (126, 0, 35), 301, None),
)

CATEGORY_NAMES: tuple[str, ...] = tuple(c.name for c in CATEGORIES)


def category_for(aqi: int) -> Category:
    if aqi < 0:
        raise ValueError(f"AQI 不能为负：{aqi}")
    for category in CATEGORIES:
        if category.max_aqi is None or aqi <= category.max_aqi:
            return category
    raise AssertionError("unreachable: last category is open-ended")


@dataclass(frozen=True)
class DayAQI:
    aqi: int
    category: Category
    primary: tuple[str, ...]
    iaqi: dict[str, int]
    regime: str

    @property
    def is_good(self) -> bool:
        return self.aqi <= 100

    @property
    def is_heavy(self) -> bool:
        return self.aqi > 200


def day_aqi(values: Mapping[str, Number | None], day: date) -> DayAQI | None:
    """Daily AQI of one city or station from its raw daily concentrations.

    None when one of the six required values is missing, or (2012 only) when
    O3-8h exceeds 800 and no O3 1-h value is there to stand in for it: the
    standard gives no IAQI for that case and inventing one would be worse.
    """
    regime = regime_for(day)
    if any(is_missing(values.get(key)) for key in REQUIRED_DAILY):
        return None
    individual: dict[str, int] = {}
    for key in regime.daily_items:
        value = values.get(key)
        if is_missing(value):
            continue  # only the optional O3 1-h can get here
        result = iaqi(key, value, regime)
        if result is not None:
            individual[key] = result
    if "o3_8h" not in individual and "o3_1h" not in individual:
        return None
    aqi = max(individual.values())
    primary: tuple[str, ...] = ()
    if aqi > 50:
        primary = tuple(key for key in POLLUTANTS if individual.get(key) == aqi)
    return DayAQI(
        aqi=aqi,
        category=category_for(aqi),
        primary=primary,
        iaqi=individual,
        regime=regime.name,
    )
