"""The air, water, rectification and ledger pages show the figures object's detail, with charts as SVG."""

import re
from datetime import date

import pytest

from ecoreport.figures.compute import compute_figures

Q = "?period=2022H1"


@pytest.fixture
def leader(client, leader_user):
    client.force_login(leader_user)
    return client


@pytest.fixture
def figures(demo_org):
    return compute_figures(demo_org, date(2022, 1, 1), date(2022, 6, 30))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_air_page_shows_each_month_against_last_year(leader, figures):
    body = leader.get(f"/org/360483/air/{Q}").content.decode()
    months = _text(body.split('data-testid="air-months"')[1].split("</table>")[0])
    assert len(figures.air.monthly) == 6
    for month, prev in zip(figures.air.monthly, figures.air.monthly_prev, strict=True):
        assert f"2022年{month.month}月 {month.pm25} {prev.pm25} {month.valid_days} {month.good_days}" in months


def test_the_air_page_counts_days_per_category_and_primary_pollutant(leader, figures):
    body = leader.get(f"/org/360483/air/{Q}").content.decode()
    categories = _text(body.split('data-testid="air-categories"')[1].split("</table>")[0])
    assert f"优 {figures.air.days_by_category['优']}" in categories
    assert f"良 {figures.air.days_by_category['良']}" in categories
    assert figures.air.days_by_category["优"] + figures.air.days_by_category["良"] == 167
    primary = _text(body.split('data-testid="air-primary"')[1].split("</table>")[0])
    for days in figures.air.primary_pollutant_days.values():
        assert f" {days} " in primary


def test_the_water_page_ranks_shahushan_first_in_its_group(leader):
    body = leader.get(f"/org/360483/water/{Q}").content.decode()
    ranking = _text(body.split('data-testid="group-ranking"')[1].split("</table>")[0])
    assert ranking.startswith("> 鄱阳湖入湖断面 ")
    assert re.search(r"名次 断面 总磷 mg/L 1 沙湖山 0\.\d{3}", ranking)


def test_the_water_page_shows_a_monthly_class_strip_per_section(leader, figures):
    body = leader.get(f"/org/360483/water/{Q}").content.decode()
    xingzi = body.split('data-testid="section-360483-XZ"')[1].split("</section>")[0]
    section = next(s for s in figures.water.sections if s.code == "360483-XZ")
    assert len(re.findall(r"<span data-cls=", xingzi)) == len(section.monthly) == 6


def test_the_charts_are_svg_images(leader):
    for path in ("charts/pm25.svg", "charts/aqi-calendar.svg", "charts/tp/360483-XZ.svg", "charts/ledger.svg"):
        response = leader.get(f"/org/360483/{path}{Q}")
        assert response.status_code == 200, path
        assert response["Content-Type"].startswith("image/svg+xml")
        assert b"<svg" in response.content[:500]


def test_the_rectification_page_shows_each_batch(leader, figures):
    body = _text(leader.get(f"/org/360483/rectification/{Q}").content.decode())
    for batch in figures.rectification.batches:
        assert f"{batch.name} {batch.total} {batch.time_limited} {batch.long_term} {batch.completed}" in body


def test_the_ledger_page_shows_each_area(leader, figures):
    body = _text(leader.get(f"/org/360483/ledger/{Q}").content.decode())
    assert sum(area.total for area in figures.ledger.by_area) == 62
    for area in figures.ledger.by_area:
        assert f"{area.area} {area.total} {area.completed}" in body
