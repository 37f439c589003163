"""GB/T 8170 rounding (四舍六入五成双) and the change figures derived from it."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal, Inexact, localcontext
from fractions import Fraction

Number = int | str | Decimal | Fraction | float

# Enough digits that no figure an environmental report shows is ever limited by
# the context; quantities here have at most a dozen significant digits.
_PRECISION = 60


def is_missing(value: object) -> bool:
    """True for the ways a source leaves a measurement out (None or a blank string)."""
    return value is None or (isinstance(value, str) and not value.strip())


def to_fraction(value: Number) -> Fraction:
    """Exact rational value of an input.

    Floats go through ``str()`` so that 0.1 means the decimal 0.1 the user typed,
    not the binary approximation ``Fraction(0.1)`` would give.
    """
    if isinstance(value, bool):
        # bool is an int subclass; a True concentration is always a bug upstream.
        raise TypeError("布尔值不是有效的数值")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int):
        return Fraction(value)
    if isinstance(value, float):
        value = str(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            value = Decimal(text)
        except ArithmeticError as exc:
            raise ValueError(f"无法识别的数值：{value!r}") from exc
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"数值必须是有限数：{value!r}")
        return Fraction(value)
    raise TypeError(f"不支持的数值类型：{type(value).__name__}")


def exact_sum(values: Iterable[Number | None]) -> tuple[Fraction, int]:
    """Exact sum and count of the values present (missing ones skipped).

    Decimals and ints are added as Decimals in a wide context that traps any inexact step, and
    only the total becomes a Fraction: a Fraction per value made period means the slowest part
    of a city's figures. Anything else, or a step that would round, goes through ``to_fraction``.
    """
    decimal_total, rest, count = Decimal(0), Fraction(0), 0
    with localcontext() as context:
        context.prec = _PRECISION
        context.traps[Inexact] = True
        for value in values:
            if is_missing(value):
                continue
            count += 1
            kind = type(value)
            if (kind is Decimal and value.is_finite()) or kind is int:
                try:
                    decimal_total += value
                    continue
                except Inexact:
                    pass
            rest += to_fraction(value)  # type: ignore[arg-type]
    return Fraction(decimal_total) + rest, count


def fraction_to_decimal(value: Fraction) -> Decimal:
    """Exact when the denominator is of the form 2^a·5^b, else 60 significant digits."""
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return Decimal(value.numerator) / Decimal(value.denominator)


def round_gb8170(value: Number, places: int = 0) -> Decimal:
    """Round by GB/T 8170: an exact trailing 5 goes to the even digit, anything past it rounds up.

    Works on the exact rational value, so 0.125 → 0.12 and 32.51 → 33 regardless
    of how the value was produced. Negative values round symmetrically.
    """
    scaled = to_fraction(value) * Fraction(10) ** places
    # Fraction.__round__ without ndigits is exact round-half-to-even.
    integer = round(scaled)
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return Decimal(integer).scaleb(-places)


def change_pct(now: Number | None, before: Number | None, places: int = 1) -> Decimal | None:
    """Relative change in % ((now − before) / before × 100), GB/T 8170 rounded.

    Callers pass the rounded figures the report shows (project rule), so a reader
    can re-derive the change: 0.047 against 0.050 → −6.0.
    """
    if is_missing(now) or is_missing(before):
        return None
    base = to_fraction(before)  # type: ignore[arg-type]
    if base == 0:
        return None
    return round_gb8170((to_fraction(now) - base) / base * 100, places)  # type: ignore[arg-type]


def change_pp(now_rate: Number | None, before_rate: Number | None, places: int = 1) -> Decimal | None:
    """Change of a rate already in %, in percentage points (百分点)."""
    if is_missing(now_rate) or is_missing(before_rate):
        return None
    return round_gb8170(to_fraction(now_rate) - to_fraction(before_rate), places)  # type: ignore[arg-type]
