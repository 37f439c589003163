"""GB 3838-2002 section figures on NumPy arrays, exact and equal to ``water``'s scalar functions.

``water`` stays the reference and the only table of parameters and limits; this engine reads its
limits from it. Samples come as one ``int64`` matrix, a row per sample and a column per key of
``water.PARAMETERS`` (``KEYS``), each value times ``10**places``, with a boolean matrix of the
values present (a water value may be zero or, in bad data, negative, so there is no sentinel).
Samples are put in groups (a section's period, a section's month); for each group the engine
gives what ``water.period_means`` followed by ``section_class``, ``display_value("tp", …)``,
``cwqi`` and ``exceeding`` give, with integer and rational arithmetic only:

- a mean is ``sum / (count · 10**places)``: comparing it with a limit ``L`` is comparing
  ``sum`` with ``L · 10**places · count``, both integers;
- the TP display value, the CWQI and the exceeding multiples are rounded by GB/T 8170 from the
  exact rational value, as the reference rounds them from its exact means (``period_means``
  gives Fractions), a CWQI exactly on a tie included (checked in
  ``tests/figures/test_water_arrays.py``).

Sums must stay inside int64: ``group_sums`` raises OverflowError otherwise, and a caller falls
back to the scalar functions.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from decimal import Decimal, localcontext
from fractions import Fraction

import numpy as np

from . import water
from .rounding import change_pct as _reference_change_pct

KEYS: tuple[str, ...] = tuple(water.PARAMETERS)
_AT = {key: at for at, key in enumerate(KEYS)}
_EVALUATED_AT = np.array([_AT[key] for key in water.EVALUATED], dtype=np.int64)
_INT_LIMIT = 2**62
_NO_CLASS = -1
_PRECISION = 60  # as rounding.round_gb8170 builds its Decimals


@dataclass(frozen=True)
class GroupSums:
    """Per group and parameter (columns as ``KEYS``): the sum of the scaled values present and their count."""

    sums: np.ndarray
    counts: np.ndarray
    places: int


def group_sums(values: np.ndarray, present: np.ndarray, group: np.ndarray, groups: int, places: int) -> GroupSums:
    """Sums and counts of each group's present values; ``group`` gives each row's group (0..groups-1)."""
    values = np.asarray(values, dtype=np.int64)
    present = np.asarray(present, dtype=bool)
    counts = np.zeros((groups, len(KEYS)), dtype=np.int64)
    np.add.at(counts, group, present.astype(np.int64))
    kept = np.where(present, values, 0)
    largest = int(np.abs(kept).max()) if kept.size else 0
    # Every comparison below multiplies a count by a scaled limit or sums by 2·10**4: keep margin.
    if largest * max(1, int(counts.max(initial=0))) * 10**5 >= _INT_LIMIT:
        raise OverflowError("水质数值超出精确整数运算的范围")
    sums = np.zeros((groups, len(KEYS)), dtype=np.int64)
    np.add.at(sums, group, kept)
    return GroupSums(sums=sums, counts=counts, places=places)


@functools.lru_cache(maxsize=512)
def _scaled(limit: Decimal, places: int) -> int:
    value = Fraction(limit) * 10**places
    if value.denominator != 1:
        raise ValueError(f"限值 {limit} 的小数位多于 {places} 位")
    return int(value)


@functools.lru_cache(maxsize=8)
def _class_limits(places: int) -> tuple[np.ndarray, np.ndarray]:
    """Per body (river, lake), evaluated parameter (as ``water.EVALUATED``) and class I..V: the
    scaled limit, signed so that a mean meets it when ``sign · sum ≤ sign · limit · count``; and
    each parameter's sign (+1 a ceiling, −1 a floor, 0 a range, whose limits are (low, high, …))."""
    limits = np.zeros((2, len(_EVALUATED_AT), 5), dtype=np.int64)
    signs = np.zeros(len(_EVALUATED_AT), dtype=np.int64)
    for column, at in enumerate(_EVALUATED_AT.tolist()):
        param = water.PARAMETERS[KEYS[at]]
        if param.kind == water.RANGE:
            low, high = (_scaled(limit, places) for limit in param.limits)
            limits[:, column, :2] = low, high
            continue
        signs[column] = 1 if param.kind == water.CEILING else -1
        for body_at, body in enumerate(("river", "lake")):
            limits[body_at, column] = [_scaled(limit, places) for limit in param.limits_for(body)]
    return limits, signs


def param_classes(stats: GroupSums, lake: np.ndarray) -> np.ndarray:
    """Class index (into ``water.CLASSES``) of each group's mean of each evaluated parameter
    (columns as ``water.EVALUATED``), −1 where the group has no value of it; ``lake`` per group
    (``water``'s lake column, reservoirs included). A mean's class is the best one whose limit it
    meets (boundaries inclusive), 5 when it meets none; a range parameter's is 0 inside, else 5."""
    lake = np.asarray(lake, dtype=bool)[:, None]
    limits, signs = _class_limits(stats.places)
    sums, counts = stats.sums[:, _EVALUATED_AT], stats.counts[:, _EVALUATED_AT]
    signed = signs * sums
    index = np.full(sums.shape, 5, dtype=np.int64)
    for at in range(4, -1, -1):  # the best class met is the last one written
        bound = np.where(lake, limits[1, :, at], limits[0, :, at]) * counts
        index[signed <= signs * bound] = at
    ranged = signs == 0
    low, high = limits[0, ranged, 0] * counts[:, ranged], limits[0, ranged, 1] * counts[:, ranged]
    index[:, ranged] = np.where((low <= sums[:, ranged]) & (sums[:, ranged] <= high), 0, 5)
    return np.where(counts > 0, index, _NO_CLASS)


def worst_classes(classes: np.ndarray) -> list[str | None]:
    """Each group's class (the worst over its evaluated parameters), None when it has none."""
    worst = classes.max(axis=1, initial=_NO_CLASS)
    names = (*water.CLASSES, None)  # _NO_CLASS (−1) reads the last: None
    return [names[at] for at in worst.tolist()]


_EXACT_BELOW = 10**_PRECISION


def _decimal(integer: int, places: int) -> Decimal:
    """``integer · 10**-places`` as a Decimal of that exponent, at ``_PRECISION`` digits."""
    if -_EXACT_BELOW < integer < _EXACT_BELOW:  # fits the precision: the string form is exact and quicker
        return Decimal(f"{integer}E-{places}")
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return Decimal(integer).scaleb(-places)


# TP values and change percentages repeat across sections and months (a few hundred values at
# three decimals): one Decimal object per value, which a pickled copy of the figures (the cache
# of figures) then stores once.
_shared_decimal = functools.lru_cache(maxsize=4096)(_decimal)


def tp_display(stats: GroupSums) -> list[Decimal | None]:
    """Each group's mean TP as shown (``water.display_value``: GB/T 8170 to three places), None without TP."""
    at = _AT["tp"]
    places = water.DISPLAY_PLACES["tp"]
    counts = stats.counts[:, at]
    # group_sums keeps every sum below 2**62 / 10**5: times 10**places it stays inside int64.
    num, den = stats.sums[:, at] * 10**places, np.maximum(counts, 1) * 10**stats.places
    quotient = num // den  # floor, as _round_half_even's divmod
    twice_rest = 2 * (num - quotient * den)
    rounded = quotient + ((twice_rest > den) | ((twice_rest == den) & (quotient % 2 == 1)))
    return [
        None if count == 0 else _shared_decimal(value, places)
        for value, count in zip(rounded.tolist(), counts.tolist(), strict=True)
    ]


def _round_half_even(num: int, den: int) -> int:
    """``num / den`` rounded half to even (``round_gb8170`` of the fraction, scaled), Python integers, ``den`` > 0."""
    quotient, rest = divmod(num, den)
    twice = 2 * rest
    return quotient + (twice > den or (twice == den and quotient % 2 == 1))


def cwqi(stats: GroupSums, lake: np.ndarray, places: int = 4) -> list[Decimal | None]:
    """Each group's CWQI of its means (``water.cwqi``), None without an evaluated parameter or
    with a DO mean of 0 or less (no CWQI term: the figures leave such a section out)."""
    lake = np.asarray(lake, dtype=bool).tolist()
    rows = zip(stats.sums.tolist(), stats.counts.tolist(), lake, strict=True)
    return [_cwqi_one(sums, counts, is_lake, stats.places, places) for sums, counts, is_lake in rows]


@functools.lru_cache(maxsize=16)
def _cwqi_terms(is_lake: bool, scaled_places: int) -> tuple[tuple[int, str, int], ...]:
    """Each evaluated parameter's (column, kind of term: ph, do or limit, its class III limit scaled)."""
    body = "lake" if is_lake else "river"
    return tuple(
        (_AT[key], key, 0) if key in ("ph", "do") else
        (_AT[key], "limit", _scaled(water.PARAMETERS[key].limit("III", body), scaled_places))
        for key in water.EVALUATED
    )  # fmt: skip


def _cwqi_one(sums: list[int], counts: list[int], is_lake: bool, scaled_places: int, places: int) -> Decimal | None:
    scale = 10**scaled_places
    terms: list[tuple[int, int]] = []  # (numerator, denominator) of each parameter's term
    for at, kind, limit in _cwqi_terms(is_lake, scaled_places):
        total, count = sums[at], counts[at]
        if count == 0:
            continue
        if kind == "limit":
            terms.append((total, count * limit))
        elif kind == "ph":
            seven = 7 * count * scale
            terms.append((seven - total, count * scale) if total <= seven else (total - seven, 2 * count * scale))
        else:  # DO
            if total <= 0:
                return None
            terms.append((5 * count * scale, total))
    if not terms:
        return None
    common = math.lcm(*(den for _, den in terms))
    total = sum(num * (common // den) for num, den in terms) * 10**places
    return _decimal(_round_half_even(total, common), places)


def exceeding(
    stats: GroupSums, classes: np.ndarray, group: int, target: str, lake: bool
) -> list[tuple[str, Decimal | None]]:
    """超标因子 and 超标倍数 of one group against the target class, as ``water.exceeding``."""
    target_at = water.CLASSES.index(water._normalize_class(target))
    if target_at >= 5:
        return []
    body = "lake" if lake else "river"
    found: list[tuple[str, Decimal | None]] = []
    for column, at in enumerate(_EVALUATED_AT.tolist()):
        index = int(classes[group, column])
        if index == _NO_CLASS or index <= target_at:
            continue
        key = KEYS[at]
        param = water.PARAMETERS[key]
        if param.kind == water.RANGE:
            found.append((key, None))
            continue
        total, count = int(stats.sums[group, at]), int(stats.counts[group, at])
        limit = _scaled(param.limits_for(body)[target_at], stats.places) * count
        excess = total - limit if param.kind == water.CEILING else limit - total
        found.append((key, _decimal(_round_half_even(excess * 100, limit), 2)))
    return found


def change_pct(now: Decimal | None, before: Decimal | None, places: int = 1) -> Decimal | None:
    """``rounding.change_pct`` of two Decimals (or None) in integer arithmetic: the figures take
    two per section. Anything else goes to ``rounding.change_pct`` itself."""
    if type(now) is not Decimal or type(before) is not Decimal or not (now.is_finite() and before.is_finite()):
        return _reference_change_pct(now, before, places)
    now_num, now_den = now.as_integer_ratio()
    before_num, before_den = before.as_integer_ratio()
    if before_num == 0:
        return None
    # (now − before) / before × 100 = (now_num·before_den − before_num·now_den) · 100 / (before_num·now_den)
    num = (now_num * before_den - before_num * now_den) * 100 * 10**places
    den = before_num * now_den
    if den < 0:
        num, den = -num, -den
    return _shared_decimal(_round_half_even(num, den), places)
