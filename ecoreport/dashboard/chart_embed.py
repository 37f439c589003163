"""Charts inline in the dashboard's pages: hover tips that show, days and months that link.

An ``<img>`` shows an SVG as a picture: its ``<title>`` tips never appear and its links cannot be
followed. The pages therefore carry the SVG itself, twice: the print layout for wide screens and
the narrow layout for phones (``Picture.narrow``), one of which CSS hides. Both are drawn once per
(organization, period, data version) and kept in the configured cache like the chart URLs' SVGs;
the tips' link keys become this organization's drill-down URLs here, at each rendering.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from ecoreport import charts
from ecoreport.charts.cache import cached_chart
from ecoreport.figures.cache import period_key
from ecoreport.figures.results import PeriodFigures


def _picture(figures: PeriodFigures, name: str, section_code: str) -> charts.Picture | None:
    if name == "pm25":
        return charts.pm25_monthly(figures)
    if name == "aqi-calendar":
        return charts.aqi_calendar(figures)
    if name == "ledger":
        return charts.ledger_status(figures)
    if name == "tp":
        section = next((s for s in figures.water.sections if s.code == section_code), None)
        return None if section is None else charts.section_tp_monthly(section)
    raise ValueError(f"unknown chart: {name}")


def _month_query(key: str) -> str:
    return urlencode({"period": key.removeprefix("month:")})


def url_maker(context: dict, name: str, section_code: str = "") -> Callable[[str], str | None]:
    """The URL of each link key of the chart ``name`` on this page (``charts.link``)."""
    code = context["org"].code

    def url_for(key: str) -> str | None:
        kind, _, rest = key.partition(":")
        if kind == "day":
            return reverse("dashboard:records_air_stations", args=[code]) + "?" + urlencode({"from": rest, "to": rest})
        if kind == "month" and name == "pm25":
            return reverse("dashboard:records_air", args=[code]) + "?" + _month_query(key)
        if kind == "month" and name == "tp":
            return reverse("dashboard:records_water", args=[code, section_code]) + "?" + _month_query(key)
        if kind == "tasks":
            status, _, area = rest.partition(":")
            query = urlencode({"status": status, "area": area})
            return reverse("dashboard:records_tasks", args=[code]) + f"?{context['period'].querystring()}&{query}"
        return None

    return url_for


def page_period_key(context: dict) -> str:
    """The page's (organization, period, data version) key: one query, read once per request and
    shared by its figures, its cached body and its charts."""
    if "period_key" not in context:
        period, org_ids = context["period"], context["org_ids"]
        context["period_key"] = period_key(org_ids[0], org_ids, period.start, period.end)
    return context["period_key"]


def inline_chart(context: dict, name: str, section_code: str = "", label: str = "") -> SafeString:
    """Both layouts of the chart with this page's links, or nothing when the page has no such chart."""
    key = page_period_key(context)

    def draw() -> tuple[str, str]:
        picture = _picture(context["figures"], name, section_code)
        return ("", "") if picture is None else (picture.web_svg, picture.narrow.web_svg)

    # The drawn layouts are cached; the links are this page's, made at each rendering.
    wide, narrow = cached_chart(f"chart-web:{name}:{section_code}", key, draw)
    if not wide:
        return mark_safe("")
    url_for = url_maker(context, name, section_code)
    return format_html(
        '<div class="chart" role="group" aria-label="{}"><div class="chart-wide">{}</div>'
        '<div class="chart-narrow">{}</div></div>',
        label,
        mark_safe(charts.link(wide, url_for)),  # noqa: S308 - our own drawing, its texts escaped by matplotlib
        mark_safe(charts.link(narrow, url_for)),  # noqa: S308
    )
