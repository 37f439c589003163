"""Scaled integers: exact conversions and GB/T 8170 rounding on NumPy arrays.

The vectorised engine (``vector``) never does arithmetic on floats. A concentration is held as
an ``int64`` equal to the value times ``10**places``: ``places`` is the pollutant's input
precision from ``aqi.INPUT_PLACES`` (μg/m³ items 0, CO 1), so PM2.5 35 is ``35`` and CO 2.2 mg/m³
is ``22``. ``MISSING`` (−1) marks a value that is not there; concentrations are never negative,
so the sentinel cannot collide with data.

``to_scaled`` is the one way in from anything else:

- ``Decimal``, ``str``, ``int``, ``Fraction``, or a sequence/object array of them (``None`` or a
  blank string is missing): converted exactly, by Decimal arithmetic that traps any rounding
  and otherwise through ``rounding.to_fraction`` like the scalar code, so ``"0.031"`` is
  31/1000 and not the binary float nearest to it;
- a float array (NaN is missing): each float means the decimal ``str(x)`` shows, as in
  ``rounding.to_fraction``; the rounding is decided by exact comparisons, not by ``x * 10``
  (see ``_floats_to_scaled``), so 2.675 → 2.68 at two places and 0.15 → 0.2 at one place.

It either rounds half-even (GB/T 8170) to ``places`` or, with ``exact=True``, refuses a value
that has more decimals than ``places``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Context, Decimal, Inexact, InvalidOperation, localcontext
from fractions import Fraction

import numpy as np

from .aqi import INPUT_PLACES
from .rounding import Number, is_missing, to_fraction

MISSING = -1

# Scaled values stay well inside int64 so that sums and products of a few terms cannot wrap.
_INT_LIMIT = 2**62

# Decimal fast path of to_scaled: wide, and any step that would round raises instead.
_DECIMAL_CONTEXT = Context(prec=60, traps=[Inexact, InvalidOperation])

# Float inputs: every decimal the float path compares with must have at most 15 significant
# digits (DBL_DIG), so that a float equal to it is printed as it by str(). 14 leaves a margin.
_FLOAT_DIGITS = 14


def input_places(key: str) -> int:
    """Decimal places of a pollutant's rounded input (HJ 633): 0, or 1 for CO."""
    try:
        return INPUT_PLACES[key]
    except KeyError:
        raise ValueError(f"未知的污染物：{key}") from None


def div_half_even(num: np.ndarray | int, den: np.ndarray | int) -> np.ndarray:
    """``num / den`` rounded half to even (GB/T 8170), on integers; ``den`` must be positive."""
    num = np.asarray(num, dtype=np.int64)
    den = np.asarray(den, dtype=np.int64)
    if num.ndim == 0 and den.ndim == 0:  # one value (a period's figure): Python integers, same result
        return _div_half_even_one(int(num), int(den))
    if np.any(den <= 0):
        raise ValueError("除数必须为正")
    quotient = num // den  # floor, so the remainder below is in [0, den)
    twice_rest = 2 * (num - quotient * den)
    up = (twice_rest > den) | ((twice_rest == den) & (quotient % 2 == 1))
    return quotient + up


def _div_half_even_one(num: int, den: int) -> np.int64:
    if den <= 0:
        raise ValueError("除数必须为正")
    quotient, rest = divmod(num, den)  # floor, as NumPy's // on int64
    twice_rest = 2 * rest
    return np.int64(quotient + (twice_rest > den or (twice_rest == den and quotient % 2 == 1)))


def div_ceil(num: np.ndarray | int, den: np.ndarray | int) -> np.ndarray:
    """``num / den`` rounded up (全部进位取整), on integers; ``den`` must be positive."""
    return -(-np.asarray(num, dtype=np.int64) // np.asarray(den, dtype=np.int64))


def rescale(num: np.ndarray, den: np.ndarray | int, from_places: int, to_places: int) -> np.ndarray:
    """Round ``num / den``, a value scaled by ``10**from_places``, to a value scaled by ``10**to_places``."""
    num = np.asarray(num, dtype=np.int64)
    den = np.asarray(den, dtype=np.int64)
    up, down = max(0, to_places - from_places), max(0, from_places - to_places)
    check_range(num, 10**up)
    check_range(den, 10**down)
    return div_half_even(num * 10**up, den * 10**down)


def check_range(values: np.ndarray, factor: int = 1) -> None:
    """Raise OverflowError when ``values * factor`` could leave the safe int64 range."""
    largest = abs(int(values)) if values.ndim == 0 else int(np.abs(values).max()) if values.size else 0
    if largest * factor >= _INT_LIMIT:
        raise OverflowError("数值超出精确整数运算的范围")


def to_scaled(values: Iterable[Number | None] | np.ndarray, places: int, *, exact: bool = False) -> np.ndarray:
    """Values in natural units → ``int64`` scaled by ``10**places`` (``MISSING`` where absent).

    Rounds half-even to ``places`` (GB/T 8170), or with ``exact=True`` raises ValueError for a
    value with more decimals. A negative result raises ValueError: no concentration is
    negative (a small negative that rounds to 0 is accepted, as ``aqi.iaqi`` accepts it).
    An integer *array* is taken in natural units here (multiplied by ``10**places``).
    """
    if places < 0:
        raise ValueError("places 不能为负")
    if isinstance(values, np.ndarray):
        kind = values.dtype.kind
        if kind == "b":
            raise TypeError("布尔值不是有效的数值")
        if kind in "iu":
            check_range(values, 10**places)
            if np.any(values < 0):
                raise ValueError("浓度不能为负")
            return values.astype(np.int64) * 10**places
        if kind == "f":
            return _floats_to_scaled(values, places, exact)
        items: Iterable[object] = values.ravel().tolist()
        shape = values.shape
    else:
        items = list(values)
        shape = (len(items),)
    with localcontext(_DECIMAL_CONTEXT):
        out = np.fromiter((_scale_one(item, places, exact) for item in items), dtype=np.int64, count=-1)
    return out.reshape(shape)


def coerce_scaled(values: object, places: int, *, exact: bool = False) -> np.ndarray:
    """Engine input → scaled ``int64``.

    An integer *ndarray* is taken as already scaled (``MISSING`` allowed); anything else (float or
    object arrays, Python sequences, including sequences of ints) is in natural units and goes
    through ``to_scaled``.
    """
    if isinstance(values, np.ndarray) and values.dtype.kind in "iu":
        result = values.astype(np.int64)
        if np.any(result < MISSING):
            raise ValueError("缩放后的整数浓度不能为负（−1 表示缺失）")
        return result
    return to_scaled(values, places, exact=exact)  # type: ignore[arg-type]


def from_scaled(values: np.ndarray, places: int) -> list[Decimal | None]:
    """Scaled integers → Decimals built exactly as ``rounding.round_gb8170`` builds them."""
    return [None if v == MISSING else Decimal(v).scaleb(-places) for v in np.asarray(values).tolist()]


def decimal_or_none(value: int, places: int) -> Decimal | None:
    return None if value == MISSING else Decimal(int(value)).scaleb(-places)


def _scale_one(value: object, places: int, exact: bool) -> int:
    """One value → scaled int; runs inside ``_DECIMAL_CONTEXT`` (see ``to_scaled``)."""
    if is_missing(value):
        return MISSING
    kind = type(value)
    if kind is float and value != value:  # NaN, as in float arrays
        return MISSING
    scaled: Decimal | Fraction | None = None
    if kind is Decimal or kind is str:
        # Fast path, exact: Decimal() parses exactly, scaleb traps on any rounding (then the
        # Fraction path below decides), and integer comparisons with a Decimal are exact.
        try:
            number = Decimal(value.strip()) if kind is str else value  # type: ignore[union-attr]
            if number.is_finite():  # type: ignore[union-attr]
                scaled = number.scaleb(places)  # type: ignore[union-attr]
                rounded = int(scaled.to_integral_value(rounding=ROUND_HALF_EVEN))
        except (InvalidOperation, Inexact):
            scaled = None
    if scaled is None:
        if isinstance(value, np.integer):
            value = int(value)
        scaled = to_fraction(value) * 10**places  # type: ignore[arg-type]
        rounded = round(scaled)  # Fraction rounds half to even, exactly
    if exact and rounded != scaled:
        raise ValueError(f"{value!r} 的小数位多于 {places} 位")
    if rounded < 0:
        raise ValueError(f"浓度不能为负：{value!r}")
    if rounded >= _INT_LIMIT:
        raise OverflowError(f"数值过大：{value!r}")
    return rounded


def _floats_to_scaled(values: np.ndarray, places: int, exact: bool) -> np.ndarray:
    """Exact GB/T 8170 rounding of the decimals that ``str()`` shows for the floats.

    Let d be the decimal ``str(x)`` prints and s = 10**places. For a decimal m with at most 15
    significant digits, ``x == float(m)`` implies d == m (both are the shortest decimals that
    round-trip to x), and ``x > float(m)`` implies d > m (decimal→float is monotone). The floats
    of n/s and (2n+1)/(2s) are single correctly rounded IEEE divisions of exact integers, so
    comparing x with them decides floor(d·s) and the tie exactly; values are bounded to keep
    those decimals within 14 significant digits.
    """
    x = np.asarray(values, dtype=np.float64)
    missing = np.isnan(x)
    if np.any(np.isinf(x)):
        raise ValueError("数值必须是有限数")
    x = np.where(missing, 0.0, x)
    if x.size and float(np.abs(x).max()) * 10 ** (places + 1) >= 10**_FLOAT_DIGITS:
        raise ValueError("浮点数值过大，无法精确换算")
    scale = float(10**places)
    n = np.floor(x * scale)
    n -= n / scale > x  # the product may be off by one either way; n/s ≤ d < (n+1)/s afterwards
    n += (n + 1) / scale <= x
    if exact:
        if np.any(n / scale != x):
            raise ValueError(f"浮点数值的小数位多于 {places} 位")
        rounded = n
    else:
        middle = (2 * n + 1) / (2 * scale)
        rounded = n + ((x > middle) | ((x == middle) & (n % 2 == 1)))
    result = np.where(missing, MISSING, rounded.astype(np.int64))
    if np.any((result < 0) & ~missing):
        raise ValueError("浓度不能为负")
    return result
