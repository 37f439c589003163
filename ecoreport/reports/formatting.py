"""How numbers, ordinals and water classes are written in the document (no arithmetic)."""

from __future__ import annotations

from decimal import Decimal

from indicators.standards.water import class_label

CHINESE_DIGITS = "〇一二三四五六七八九"
HEADING_NUMBERS = "一二三四五六七八九十"
NONE = "—"


def fmt(value: Decimal | int | None, places: int | None = None) -> str:
    if value is None:
        return NONE
    if places is not None:
        return f"{Decimal(value):.{places}f}"
    return str(value)


def fmt_rate(value: Decimal | None) -> str:
    if value is None:
        return NONE
    # 100.0% reads as a typing slip in a bureau document; every other rate keeps its decimal.
    return "100" if Decimal(value) == 100 else f"{Decimal(value):.1f}"


def chinese_ordinal(number: int) -> str:
    if 1 <= number <= 10:
        return HEADING_NUMBERS[number - 1]
    if number < 20:
        return "十" + CHINESE_DIGITS[number - 10]
    if number < 100:
        tens, ones = divmod(number, 10)
        return CHINESE_DIGITS[tens] + "十" + (CHINESE_DIGITS[ones] if ones else "")
    return str(number)


def class_text(key: str | None) -> str:
    if not key:
        return NONE
    return class_label(key) + "类"


def target_class_text(label: str) -> str:
    return label if label.endswith("类") else label + "类"


def long_date(day) -> str:
    return day.strftime("%Y年%-m月%-d日")
