"""Charts you can ask: every bar, point and calendar day carries its date and value as an SVG
``<title>``, and on the dashboard's pages the days and months link to their records."""

from __future__ import annotations

import calendar
import datetime
import html
import re

import pytest
from django.urls import reverse

from ecoreport import charts
from ecoreport.figures.compute import compute_figures

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
TIP = re.compile(r'<a class="tip"(?: href="([^"]*)")?><title>([^<]*)</title>')


@pytest.fixture
def figures(demo_org):
    return compute_figures(demo_org, *H1)


def _tips(svg: str) -> dict[str, str | None]:
    """title → link of each tip of an inline SVG (``None``: no link)."""
    return {html.unescape(title): (html.unescape(href) if href else None) for href, title in TIP.findall(svg)}


def test_every_calendar_day_has_its_date_aqi_and_category_as_title(figures):
    svg = charts.aqi_calendar(figures).web_svg
    titles = re.findall(r"<title>([^<]*)</title>", svg)
    # One cell per day of the six months, each a tip; the valid ones name AQI and category.
    assert len(titles) == sum(calendar.monthrange(2022, m)[1] for m in range(1, 7)) == 181
    for day in figures.air.daily:
        assert f"{day.date.isoformat()} AQI {day.aqi} {day.category}" in titles
    assert len(figures.air.daily) > 150
    hot = max(figures.air.daily, key=lambda day: day.aqi)
    assert f"{hot.date.isoformat()} AQI {hot.aqi} {hot.category}" in titles
    assert hot.category != "优"


def test_pm25_bars_have_month_and_value_as_title(figures):
    titles = re.findall(r"<title>([^<]*)</title>", charts.pm25_monthly(figures).web_svg)
    for month in figures.air.monthly:
        assert f"{month.year}年{month.month}月 PM2.5 {month.pm25} 微克/立方米" in titles
    for month in figures.air.monthly_prev:
        assert f"{month.year}年{month.month}月 PM2.5 {month.pm25} 微克/立方米" in titles
    assert len(titles) == 2 * len(figures.air.monthly) == 12


def test_water_points_and_ledger_segments_have_titles(figures):
    section = next(s for s in figures.water.sections if s.code == "360483-XZ")
    titles = re.findall(r"<title>([^<]*)</title>", charts.section_tp_monthly(section).web_svg)
    assert titles == [f"{m.year}年{m.month}月 总磷 {m.tp:.3f} mg/L" for m in section.monthly if m.tp is not None]
    ledger = re.findall(r"<title>([^<]*)</title>", charts.ledger_status(figures).web_svg)
    area = figures.ledger.by_area[0]
    assert f"{area.area} 推进中 {area.on_schedule} 项" in ledger


def test_the_print_svg_has_the_same_titles_in_plain_groups(figures):
    picture = charts.aqi_calendar(figures)
    web, printed = picture.web_svg, picture.svg
    assert "<a " not in printed and "</a>" not in printed
    assert re.findall(r"<title>[^<]*</title>", printed) == re.findall(r"<title>[^<]*</title>", web)
    # Anchors without href are inert until the dashboard links them; none opens a new window.
    assert 'target="_blank"' not in web and "href=" not in re.sub(r'xlink:href="#[^"]*"', "", web)


def test_the_air_page_links_days_and_months_to_their_records(client, leader_user, figures):
    client.force_login(leader_user)
    page = client.get(reverse("dashboard:air", args=["360483"]) + "?period=2022H1").content.decode()
    tips = _tips(page)
    day = next(d for d in figures.air.daily if d.date == datetime.date(2022, 6, 3))
    day_url = tips[f"2022-06-03 AQI {day.aqi} {day.category}"]
    assert day_url == "/org/360483/records/air/stations/?from=2022-06-03&to=2022-06-03"
    march = next(m for m in figures.air.monthly if m.month == 3)
    assert tips[f"2022年3月 PM2.5 {march.pm25} 微克/立方米"] == "/org/360483/records/air/?period=2022-03"
    # The links lead to the records of that day and month.
    rows = list(client.get(day_url).context["page"])
    assert rows and {row.date for row in rows} == {datetime.date(2022, 6, 3)}
    month = client.get("/org/360483/records/air/?period=2022-03")
    assert len(month.context["days"]) == march.valid_days
    # Both layouts are inline (one shown by CSS), with no <img> of a chart left.
    assert page.count('<div class="chart-wide"><svg') == 2 and page.count('<div class="chart-narrow"><svg') == 2
    assert "charts/pm25.svg" not in page and "charts/aqi-calendar.svg" not in page


def test_the_water_and_ledger_pages_link_points_and_segments(client, leader_user, figures):
    client.force_login(leader_user)
    water = TIP.findall(client.get("/org/360483/water/?period=2022H1").content.decode())
    june = next(s for s in figures.water.sections if s.code == "360483-XZ").monthly[5]
    assert ("/org/360483/records/water/360483-XZ/?period=2022-06", f"2022年6月 总磷 {june.tp:.3f} mg/L") in water
    ledger_page = client.get("/org/360483/ledger/?period=2022H1").content.decode()
    area = figures.ledger.by_area[0]
    url = _tips(ledger_page)[f"{area.area} 推进中 {area.on_schedule} 项"]
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["area"] == area.area and response.context["status"] == "on_schedule"
    assert len(response.context["tasks"]) == area.on_schedule


def test_a_correction_shows_in_the_inline_chart_at_once(client, leader_user, demo_org):
    from decimal import Decimal

    from indicators.models import AirDailyRecord

    client.force_login(leader_user)
    url = "/org/360483/air/?period=2022H1"
    assert not any(
        title.startswith("2022-03-01 AQI") and "严重污染" in title for title in _tips(client.get(url).content.decode())
    )
    for record in AirDailyRecord.objects.filter(station__organization=demo_org, date=datetime.date(2022, 3, 1)):
        record.pm25 = Decimal(400)
        record.save()
    day = next(d for d in compute_figures(demo_org, *H1).air.daily if d.date == datetime.date(2022, 3, 1))
    assert day.category == "严重污染"
    assert f"2022-03-01 AQI {day.aqi} 严重污染" in _tips(client.get(url).content.decode())
