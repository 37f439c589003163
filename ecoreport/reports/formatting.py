"""How numbers, ordinals and water classes are written in the document (no arithmetic)."""

from __future__ import annotations

import re
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


# Pango breaks lines by the Unicode rules before their East Asian tailoring: no break on either
# side of “ ” ‘ ’, so "以“五领" travels as one unit and can leave a line two characters short,
# which then reads as the end of a paragraph followed by one without its indent. A zero-width
# space (invisible, not in the PDF's text) allows the break a Chinese compositor makes: before an
# opening quote, and after a closing one where a character (not punctuation) follows.
_ZWSP = "\u200b"
_BEFORE_OPENING = re.compile(r"(?<=[^\s（《〈【〔“‘(\[])(?=[“‘])")
_AFTER_CLOSING = re.compile(r"(?<=[”’])(?=[\u3400-\u9fff0-9A-Za-z])")


def print_breaks(text: str) -> str:
    """``text`` with the line-break opportunities a Chinese compositor allows around quotes (print only)."""
    return _AFTER_CLOSING.sub(_ZWSP, _BEFORE_OPENING.sub(_ZWSP, text))
