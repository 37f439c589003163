"""Periods: how they are parsed, labelled and shifted. The one place for every date rule of a period.

Accepted forms (``?period=``): ``2022`` year, ``2022H1`` half-year, ``2022Q1`` quarter,
``2022-03`` month, ``2022M1-6`` months 1 to 6 (the bureau's 1–N月 cumulative figures), or
``?from=2022-01-01&to=2022-03-15`` (also the ``--from``/``--to`` of the management commands).
``period_of(start, end)`` names the period a pair of dates makes up, for the figures' labels.
Pure: no Django, no database, so it is tested with tables.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

_CN_DIGITS = "一二三四"
_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})H([12])$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})Q([1-4])$", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTHS = re.compile(r"^(\d{4})M(\d{1,2})-(\d{1,2})$", re.IGNORECASE)
# The labels the pages show (Period.label), read back: 2022年, 2022年上半年, 2022年第一季度, 2022年3月,
# 2022年1-6月, 2022-01-01至2022-06-30; spaces, 第 and 年 between the parts may be left out.
_CN_YEAR = re.compile(r"^(\d{4})年?(全年)?$")
_CN_HALF = re.compile(r"^(\d{4})年?([上下])半年$")
_CN_QUARTER = re.compile(r"^(\d{4})年?第?([一二三四1-4])季度?$")
_CN_MONTHS = re.compile(r"^(\d{4})年?(\d{1,2})(?:月?[-－—~～至到](\d{1,2}))?月$")
_CN_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:至|到|~|～|—)(\d{4}-\d{2}-\d{2})$")
# Years outside this range are typing mistakes, not monitoring data.
MIN_YEAR, MAX_YEAR = 1990, 2100


# What a URL may ask for: the years the data and the standards cover (HJ 633 air data from 2013;
# earlier water data), and a length a page computes in one request. The constructors allow
# MIN_YEAR–MAX_YEAR so that the previous/next links of a supported period can always be built.
FIRST_YEAR, LAST_YEAR = 2000, 2099
REPORT_MAX_DAYS = 366  # a report covers at most a year
DASHBOARD_MAX_DAYS = 5 * 366  # the dashboard, at most five years


class PeriodError(ValueError):
    """A period in the URL that cannot be read; the message is shown to the user (Chinese)."""


def month_end(year: int, month: int) -> date:
    """The last day of the month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def year_earlier(day: date) -> date:
    """The same date one year earlier; 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def months_between(first: date, last: date) -> list[tuple[int, int]]:
    """(year, month) of every calendar month from ``first``'s to ``last``'s, both included."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


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

    @property
    def short_label(self) -> str:
        """The label inside a sentence that already names the year: "一季度", "上半年", "全年", "1-6月"."""
        if self.kind == "year":
            return "全年"
        if self.kind == "half":
            return "上半年" if self.start.month == 1 else "下半年"
        if self.kind == "quarter":
            return f"{_CN_DIGITS[(self.start.month - 1) // 3]}季度"
        return self.months_label

    @property
    def whole_months(self) -> bool:
        """The period runs from the first of a month to the end of a month of the same year."""
        return (
            self.start.day == 1
            and self.end == month_end(self.end.year, self.end.month)
            and self.start.year == self.end.year
        )

    @property
    def months_label(self) -> str:
        """The label sentences use: "1-6月", "3月"; the dates of a period that is not whole months."""
        if not self.whole_months:
            return f"{self.start.isoformat()}至{self.end.isoformat()}"
        if self.start.month == self.end.month:
            return f"{self.start.month}月"
        return f"{self.start.month}-{self.end.month}月"

    @property
    def cumulative(self) -> bool:
        """1–N月 inside one year, short of the full year: the figures a year's target is paced on."""
        return self.whole_months and self.start.month == 1 and self.end.month < 12

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
        return year_earlier(self.start), year_earlier(self.end)


def year_period(year: int) -> Period:
    _check_year(year)
    return Period("year", date(year, 1, 1), date(year, 12, 31), f"{year}")


def half_period(year: int, half: int) -> Period:
    _check_year(year)
    first = 1 if half == 1 else 7
    return Period("half", date(year, first, 1), month_end(year, first + 5), f"{year}H{half}")


def quarter_period(year: int, quarter: int) -> Period:
    _check_year(year)
    first = 3 * (quarter - 1) + 1
    return Period("quarter", date(year, first, 1), month_end(year, first + 2), f"{year}Q{quarter}")


def month_period(year: int, month: int) -> Period:
    _check_year(year)
    if not 1 <= month <= 12:
        raise PeriodError(f"月份超出范围：{month}")
    return Period("month", date(year, month, 1), month_end(year, month), f"{year}-{month:02d}")


def months_period(year: int, first: int, last: int) -> Period:
    _check_year(year)
    if not (1 <= first <= 12 and 1 <= last <= 12) or first > last:
        raise PeriodError(f"月份范围不正确：{first}-{last}月")
    return Period("months", date(year, first, 1), month_end(year, last), f"{year}M{first}-{last}")


def range_period(start: date, end: date) -> Period:
    _check_year(start.year)
    _check_year(end.year)
    if end < start:
        raise PeriodError("结束日期不能早于开始日期")
    return Period("range", start, end, "")


_QUARTER_MONTHS = {(1, 3): 1, (4, 6): 2, (7, 9): 3, (10, 12): 4}


def period_of(start: date, end: date) -> Period:
    """The period the dates make up: a year, half, quarter, month or months when they are whole
    months of one year, else a free range. Any dates are accepted (no year range, no order check):
    the figures are computed for whatever dates they are given."""
    if not Period("range", start, end, "").whole_months:
        return Period("range", start, end, "")
    year, first, last = start.year, start.month, end.month
    if (first, last) == (1, 12):
        return Period("year", start, end, f"{year}")
    if (first, last) in ((1, 6), (7, 12)):
        return Period("half", start, end, f"{year}H{1 if first == 1 else 2}")
    if (first, last) in _QUARTER_MONTHS:
        return Period("quarter", start, end, f"{year}Q{_QUARTER_MONTHS[first, last]}")
    if first == last:
        return Period("month", start, end, f"{year}-{first:02d}")
    return Period("months", start, end, f"{year}M{first}-{last}")


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
    return _parse_label(text)


def _parse_label(text: str) -> Period:
    """A period as the pages label it (``Period.label``), in people's words."""
    words = re.sub(r"\s+", "", text)
    if match := _CN_YEAR.match(words):
        return year_period(int(match[1]))
    if match := _CN_HALF.match(words):
        return half_period(int(match[1]), 1 if match[2] == "上" else 2)
    if match := _CN_QUARTER.match(words):
        quarter = match[2]
        return quarter_period(int(match[1]), int(quarter) if quarter.isdigit() else _CN_DIGITS.index(quarter) + 1)
    if match := _CN_MONTHS.match(words):
        first = int(match[2])
        if match[3] is None:
            return month_period(int(match[1]), first)
        return months_period(int(match[1]), first, int(match[3]))
    if match := _CN_RANGE.match(words):
        return parse_range(match[1], match[2])
    raise PeriodError(
        f"无法识别的期间：{text}（例如 2022年上半年、2022年第一季度、2022年3月、2022年1-6月、2022年，"
        "或 2022H1、2022Q1、2022-03、2022M1-6）"
    )


def parse_date(text: str, name: str) -> date:
    """A YYYY-MM-DD date; ``name`` says which one in the error (开始日期, --from …)."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise PeriodError(f"{name}不是有效日期（应为 YYYY-MM-DD）：{text}") from None


def parse_range(start_text: str, end_text: str, *, start_name: str = "开始日期", end_name: str = "结束日期") -> Period:
    """The free range of a from/to pair; both are required and the end may not precede the start."""
    start_text, end_text = (start_text or "").strip(), (end_text or "").strip()
    if not (start_text and end_text):
        raise PeriodError(f"{start_name}和{end_name}须同时填写")
    start, end = parse_date(start_text, start_name), parse_date(end_text, end_name)
    if end < start:
        raise PeriodError(f"{end_name}（{end}）不能早于{start_name}（{start}）")
    return range_period(start, end)


def default_period(today: date, latest_data: date | None) -> Period:
    """This year's 1–N月 up to the latest data; if this year has none, the latest half-year with data."""
    if latest_data is None:
        return months_period(today.year, 1, today.month)
    if latest_data.year >= today.year:
        return months_period(today.year, 1, min(latest_data.month, today.month))
    return half_period(latest_data.year, 1 if latest_data.month <= 6 else 2)


def supported(period: Period, max_days: int) -> Period:
    """The period, if a page may be asked for it: inside FIRST_YEAR–LAST_YEAR and at most ``max_days`` long."""
    if period.start.year < FIRST_YEAR or period.end.year > LAST_YEAR:
        raise PeriodError(f"期间须在 {FIRST_YEAR}–{LAST_YEAR} 年之内：{period.start} 至 {period.end}")
    if (period.end - period.start).days + 1 > max_days:
        years = "一年" if max_days == REPORT_MAX_DAYS else f"{max_days // 366} 年"
        raise PeriodError(f"期间过长：最多{years}（{period.start} 至 {period.end}）")
    return period


def parse_period(params: Mapping[str, str], today: date, latest_data: date | None) -> Period:
    """The period chosen in the URL parameters, or the default one when none is chosen."""
    key = (params.get("period") or "").strip()
    start_text = (params.get("from") or "").strip()
    end_text = (params.get("to") or "").strip()
    if key:
        if start_text or end_text:
            raise PeriodError("period 与 from/to 不能同时使用")
        return supported(parse_period_key(key), DASHBOARD_MAX_DAYS)
    if start_text or end_text:
        return supported(parse_range(start_text, end_text), DASHBOARD_MAX_DAYS)
    return default_period(today, latest_data)


def latest_finished_half(today: date) -> Period:
    """The latest half-year that is over: the half-year report is written once one ends."""
    if today.month >= 7:
        return half_period(today.year, 1)
    return half_period(today.year - 1, 2)


def default_report_period(today: date, latest_data: date | None = None) -> Period:
    """The latest finished half-year; when the data stop before it begins, the latest half-year with data."""
    half = latest_finished_half(today)
    if latest_data is not None and latest_data < half.start:
        return half_period(latest_data.year, 1 if latest_data.month <= 6 else 2)
    return half


def parse_report_period(params: Mapping[str, str], today: date, latest_data: date | None = None) -> Period:
    """The ``period`` (a code or a page's label, as on the dashboard) or ``from``/``to`` of a report
    URL, or the default report period when none is given."""
    key = (params.get("period") or "").strip()
    start_text = (params.get("from") or "").strip()
    end_text = (params.get("to") or "").strip()
    if key:
        if start_text or end_text:
            raise PeriodError("period 与 from/to 不能同时使用")
        return supported(parse_period_key(key), REPORT_MAX_DAYS)
    if not (start_text or end_text):
        return default_report_period(today, latest_data)
    return supported(parse_range(start_text, end_text), REPORT_MAX_DAYS)


def choices_for_year(year: int, last_month: int = 12) -> list[Period]:
    """Periods offered as quick links for a year: cumulative, halves, quarters, months."""
    found = [year_period(year)]
    if last_month < 12:
        found.append(months_period(year, 1, last_month))
    found += [half_period(year, h) for h in (1, 2) if (h - 1) * 6 < last_month]
    found += [quarter_period(year, q) for q in (1, 2, 3, 4) if (q - 1) * 3 < last_month]
    found += [month_period(year, m) for m in range(1, last_month + 1)]
    return found
