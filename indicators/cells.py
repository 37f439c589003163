"""Cell parsers shared by the importer and the admin forms, with the messages staff read.

Each parser takes one cell (``str``, ``Decimal`` or ``date`` from ``reading``) and returns the
Python value, or raises ``CellError`` with a Chinese reason. ``None`` means a missing value: an
empty cell is never read as 0.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils import timezone


class CellError(ValueError):
    """A cell that cannot be accepted; the message is shown to staff as is."""


@dataclass(frozen=True)
class Measure:
    """A measured quantity: its label, unit, decimal places the database keeps and plausible range."""

    label: str
    unit: str
    places: int
    low: Decimal
    high: Decimal


def _m(label: str, unit: str, places: int, low: str, high: str) -> Measure:
    return Measure(label, unit, places, Decimal(low), Decimal(high))


# Plausible ranges: wide enough for any real county reading, narrow enough to catch a unit or
# decimal-point slip (μg/m³ typed as mg/m³, 0.047 typed as 47).
AIR_MEASURES = {
    "pm25": _m("PM2.5", "μg/m³", 2, "0", "1000"),
    "pm10": _m("PM10", "μg/m³", 2, "0", "2000"),
    "so2": _m("SO2", "μg/m³", 2, "0", "3000"),
    "no2": _m("NO2", "μg/m³", 2, "0", "1000"),
    "co": _m("CO", "mg/m³", 3, "0", "60"),
    "o3_8h": _m("O3_8h", "μg/m³", 2, "0", "1200"),
    "o3_1h": _m("O3_1h", "μg/m³", 2, "0", "1200"),
}

WATER_MEASURES = {
    "ph": _m("pH", "", 5, "0", "14"),
    "do": _m("溶解氧", "mg/L", 5, "0", "20"),
    "codmn": _m("高锰酸盐指数", "mg/L", 5, "0", "100"),
    "cod": _m("化学需氧量", "mg/L", 5, "0", "1000"),
    "bod5": _m("五日生化需氧量", "mg/L", 5, "0", "500"),
    "nh3n": _m("氨氮", "mg/L", 5, "0", "100"),
    "tp": _m("总磷", "mg/L", 5, "0", "50"),
    "tn": _m("总氮", "mg/L", 5, "0", "100"),
    "cu": _m("铜", "mg/L", 5, "0", "10"),
    "zn": _m("锌", "mg/L", 5, "0", "10"),
    "f": _m("氟化物", "mg/L", 5, "0", "20"),
    "se": _m("硒", "mg/L", 5, "0", "1"),
    "as": _m("砷", "mg/L", 5, "0", "1"),
    "hg": _m("汞", "mg/L", 5, "0", "0.1"),
    "cd": _m("镉", "mg/L", 5, "0", "1"),
    "cr6": _m("六价铬", "mg/L", 5, "0", "5"),
    "pb": _m("铅", "mg/L", 5, "0", "5"),
    "cn": _m("氰化物", "mg/L", 5, "0", "5"),
    "phenol": _m("挥发酚", "mg/L", 5, "0", "10"),
    "oil": _m("石油类", "mg/L", 5, "0", "100"),
    "las": _m("阴离子表面活性剂", "mg/L", 5, "0", "50"),
    "s2": _m("硫化物", "mg/L", 5, "0", "50"),
    "fc": _m("粪大肠菌群", "个/L", 0, "0", "100000000"),
}


def is_empty(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() == "")


def text(cell: object) -> str:
    if isinstance(cell, Decimal):
        return format(cell.normalize(), "f")
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return "" if cell is None else str(cell).strip()


# No cell holds a number with more digits than this before or after the point. Beyond it a number
# is a typing slip or an attack (1e999999999 cannot even be printed), so it is refused unread.
MAX_MAGNITUDE = 30


def parse_decimal(cell: object) -> Decimal | None:
    if is_empty(cell):
        return None
    if isinstance(cell, Decimal):  # an Excel number cell: NaN and infinities are possible in a forged file
        raw, value = str(cell), cell
    else:
        raw = text(cell).replace("，", ",")
        if "," in raw:
            raise CellError(f"“{raw}”不是数字：小数点请用“.”，不要用千分位逗号")
        try:
            value = Decimal(raw)
        except InvalidOperation:
            raise CellError(f"“{raw}”不是数字") from None
    if not value.is_finite():
        raise CellError(f"“{raw}”不是数字")
    if value and abs(value.adjusted()) > MAX_MAGNITUDE:
        raise CellError(f"“{raw[:50]}”超出可接受的数值范围")
    return value


def _range_text(measure: Measure) -> str:
    unit = f" {measure.unit}" if measure.unit else ""
    return f"{measure.label} 应在 {text(measure.low)}–{text(measure.high)}{unit} 之间"


def check_measure(value: Decimal | None, measure: Measure) -> Decimal | None:
    """The value if plausible; otherwise a CellError naming the plausible range."""
    if value is None:
        return None
    if value < 0:
        raise CellError(f"不能为负数（{value}）：{_range_text(measure)}")
    if value < measure.low or value > measure.high:
        raise CellError(f"数值 {text(value)} 不合理：{_range_text(measure)}")
    exponent = value.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > measure.places:
        raise CellError(f"{text(value)} 小数位过多：{measure.label} 最多保留 {measure.places} 位小数")
    return value


def measure_parser(measure: Measure):
    def parse(cell: object) -> Decimal | None:
        return check_measure(parse_decimal(cell), measure)

    return parse


_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T]00:00(?::00)?)?$")


def parse_date(cell: object) -> datetime.date | None:
    if is_empty(cell):
        return None
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    raw = text(cell)
    match = _DATE.match(raw)
    if not match:
        raise CellError(f"“{raw}”不是日期：格式应为 YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise CellError(f"日期不存在：{raw}") from None


def check_not_future(day: datetime.date | None) -> datetime.date | None:
    if day is not None and day > timezone.localdate():
        raise CellError(f"日期 {day.isoformat()} 在将来，监测数据不能晚于今天")
    return day


def parse_text(cell: object) -> str | None:
    value = text(cell)
    return value or None


def parse_int(cell: object) -> int | None:
    value = parse_decimal(cell)
    if value is None:
        return None
    if value != value.to_integral_value() or value < 0:
        raise CellError(f"“{text(cell)}”应为正整数")
    return int(value)


def choice_parser(choices, what: str):
    """Accept a choice by its Chinese label or its key; name every allowed label when wrong."""
    by_text = {}
    for key, label in choices:
        by_text[str(label)] = key
        by_text[str(key).lower()] = key

    def parse(cell: object) -> str | None:
        raw = text(cell)
        if not raw:
            return None
        found = by_text.get(raw) or by_text.get(raw.lower())
        if found is None:
            allowed = "、".join(str(label) for _, label in choices)
            raise CellError(f"{what}应为 {allowed} 之一，而不是“{raw}”")
        return found

    return parse


def parse_water_class(cell: object) -> str | None:
    from indicators.standards.water import parse_class

    raw = text(cell)
    if not raw:
        return None
    try:
        return parse_class(raw)
    except ValueError:
        raise CellError(f"水质类别“{raw}”无法识别：应为 Ⅰ、Ⅱ、Ⅲ、Ⅳ、Ⅴ 或 劣Ⅴ（也可写 I–V、劣V）") from None


def parse_yes_no(cell: object) -> bool | None:
    raw = text(cell)
    if not raw:
        return None
    if raw in {"是", "yes", "Yes", "YES", "true", "True", "TRUE", "1"}:
        return True
    if raw in {"否", "no", "No", "NO", "false", "False", "FALSE", "0"}:
        return False
    raise CellError(f"应填“是”或“否”，而不是“{raw}”")


def parse_groups(cell: object) -> list[str] | None:
    raw = text(cell).replace("；", ";")
    if not raw:
        return None
    return [name.strip() for name in raw.split(";") if name.strip()]
