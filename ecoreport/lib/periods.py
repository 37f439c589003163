"""The period a page shows, read from the URL so that a link reproduces the page.

Accepted forms (``?period=``): ``2022`` year, ``2022H1`` half-year, ``2022Q1`` quarter,
``2022-03`` month, ``2022M1-6`` months 1 to 6 (the bureau's 1–N月 cumulative figures), or
``?from=2022-01-01&to=2022-03-15``. Pure: no Django, no database, so it is tested with tables.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

KINDS = ("year", "half", "quarter", "month", "months", "range")

_CN_DIGITS = "一二三四"
_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})H([12])$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTHS = re.compile(r"^(\d{4})M(\d{1,2})-(\d{1,2})$", re.IGNORECASE)
# Years outside this range are typing mistakes, not monitoring data.
MIN_YEAR, MAX_YEAR = 1990, 2100


class PeriodError(ValueError):
    """A period in the URL that cannot be read; the message is shown to the user (Chinese)."""


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(f"年份超出范围：{year}")


@dataclass(frozen=True)
class Period:
    kind: str
    start: date
    end: date
    key: str  # the canonical ``period=`` value, or "" for a free range

    @property
    def label(self) -> str:
        year = self.start.year
        if self.kind == "year":
            return f"{year}年"
        if self.kind == "half":
            return f"{year}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == "quarter":
            return f"{year}年第{_CN_DIGITS[(self.start.month - 1) // 3]}季度"
        if self.kind == "month":
            return f"{year}年{self.start.month}月"
        if self.kind == "months":
            if self.start.month == self.end.month:
                return f"{year}年{self.start.month}月"
            return f"{year}年{self.start.month}-{self.end.month}月"
        return f"{self.start.isoformat()}至{self.end.isoformat()}"

    def query(self) -> dict[str, str]:
        """URL parameters that select this period again."""
        if self.kind == "range":
            return {"from": self.start.isoformat(), "to": self.end.isoformat()}
        return {"period": self.key}

    def querystring(self) -> str:
        return "&".join(f"{name}={value}" for name, value in self.query().items())

    def shifted(self, steps: int) -> Period:
        """The period of the same kind ``steps`` periods later (earlier when negative)."""
        year, month = self.start.year, self.start.month
        if self.kind == "year":
            return year_period(year + steps)
        if self.kind == "half":
            index = year * 2 + (month - 1) // 6 + steps
            return half_period(index // 2, index % 2 + 1)
        if self.kind == "quarter":
            index = year * 4 + (month - 1) // 3 + steps
            return quarter_period(index // 4, index % 4 + 1)
        if self.kind == "month":
            index = year * 12 + month - 1 + steps
            return month_period(index // 12, index % 12 + 1)
        if self.kind == "months":
            return months_period(year + steps, month, self.end.month)
        days = (self.end - self.start).days + 1
        start = date.fromordinal(self.start.toordinal() + steps * days)
        return range_period(start, date.fromordinal(start.toordinal() + days - 1))

    def same_dates_year_before(self) -> tuple[date, date]:
        """Start and end one year earlier (29 February becomes the 28th)."""
        return _year_before(self.start), _year_before(self.end)


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def year_period(year: int) -> Period:
    _check_year(year)
    return Period("year", date(year, 1, 1), date(year, 12, 31), f"{year}")


def half_period(year: int, half: int) -> Period:
    _check_year(year)
    first = 1 if half == 1 else 7
    return Period("half", date(year, first, 1), _month_end(year, first + 5), f"{year}H{half}")


def quarter_period(year: int, quarter: int) -> Period:
    _check_year(year)
    first = 3 * (quarter - 1) + 1
    return Period("quarter", date(year, first, 1), _month_end(year, first + 2), f"{year}Q{quarter}")


def month_period(year: int, month: int) -> Period:
    _check_year(year)
    if not 1 <= month <= 12:
        raise PeriodError(f"月份超出范围：{month}")
    return Period("month", date(year, month, 1), _month_end(year, month), f"{year}-{month:02d}")


def months_period(year: int, first: int, last: int) -> Period:
    _check_year(year)
    if not (1 <= first <= 12 and 1 <= last <= 12) or first > last:
        raise PeriodError(f"月份范围不正确：{first}-{last}月")
    return Period("months", date(year, first, 1), _month_end(year, last), f"{year}M{first}-{last}")


def range_period(start: date, end: date) -> Period:
    _check_year(start.year)
    _check_year(end.year)
    if end < start:
        raise PeriodError("结束日期早于开始日期")
    return Period("range", start, end, "")


def parse_period_key(text: str) -> Period:
    text = text.strip()
    if match := _YEAR.match(text):
        return year_period(int(match[1]))
    if match := _HALF.match(text):
        return half_period(int(match[1]), int(match[2]))
    if match := _QUARTER.match(text):
        return quarter_period(int(match[1]), int(match[2]))
    if match := _MONTH.match(text):
        return month_period(int(match[1]), int(match[2]))
    if match := _MONTHS.match(text):
        return months_period(int(match[1]), int(match[2]), int(match[3]))
    raise PeriodError(f"无法识别的期间：{text}（例如 2022、2022H1、2022Q1、2022-03、2022M1-6）")


def _parse_date(text: str, name: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"{name}不是有效日期（应为 YYYY-MM-DD）：{text}") from None


def default_period(today: date, latest_data: date | None) -> Period:
    """This year's 1–N月 up to the latest data; if this year has none, the latest half-year with data."""
    if latest_data is None:
        return months_period(today.year, 1, today.month)
    if latest_data.year >= today.year:
        return months_period(today.year, 1, min(latest_data.month, today.month))
    return half_period(latest_data.year, 1 if latest_data.month <= 6 else 2)


def parse_period(params: Mapping[str, str], today: date, latest_data: date | None) -> Period:
    """The period chosen in the URL parameters, or the default one when none is chosen."""
    key = (params.get("period") or "").strip()
    start_text = (params.get("from") or "").strip()
    end_text = (params.get("to") or "").strip()
    if key:
        if start_text or end_text:
            raise PeriodError("period 与 from/to 不能同时使用")
        return parse_period_key(key)
    if start_text or end_text:
        if not (start_text and end_text):
            raise PeriodError("起止日期须同时填写")
        return range_period(_parse_date(start_text, "开始日期"), _parse_date(end_text, "结束日期"))
    return default_period(today, latest_data)


def choices_for_year(year: int, last_month: int = 12) -> list[Period]:
    """Periods offered as quick links for a year: cumulative, halves, quarters, months."""
    found = [year_period(year)]
    if last_month < 12:
        found.append(months_period(year, 1, last_month))
    found += [half_period(year, h) for h in (1, 2) if (h - 1) * 6 < last_month]
    found += [quarter_period(year, q) for q in (1, 2, 3, 4) if (q - 1) * 3 < last_month]
    found += [month_period(year, m) for m in range(1, last_month + 1)]
    return found
