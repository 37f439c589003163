"""The report's charts are drawn once per (organization, period, data version) and shared with the
dashboard through the configured cache: whichever asks first draws, the other reads the same SVG."""

from __future__ import annotations

import pytest

from ecoreport import charts
from ecoreport.charts import Picture
from ecoreport.figures.cache import forget
from ecoreport.reports.queries import load_document
from indicators.models import AirDailyRecord
from tests.report_pdf_helpers import H1_2022

pytestmark = pytest.mark.django_db


@pytest.fixture
def draws(monkeypatch):
    """Each drawing the charts make, as (plot name, form); the cache starts empty."""
    forget()
    charts.clear_cache()
    made: list[tuple[str, str]] = []
    draw = Picture._draw

    def counted(picture, form):
        made.append((picture.plot.__name__, form))
        return draw(picture, form)

    monkeypatch.setattr(Picture, "_draw", counted)
    return made


def _dashboard_url(org, chart) -> str:
    name = "tp/" + chart.name.removeprefix("tp:") if chart.name.startswith("tp:") else chart.name
    return f"/org/{org.code}/charts/{name}.svg?period=2022H1"


def test_the_seed_charts_have_their_dashboard_names(demo_org):
    names = [chart.name for chart in load_document(demo_org, *H1_2022).charts]
    assert names[:2] == ["pm25", "aqi-calendar"]
    assert names[-1] == "ledger"
    assert len(names) == 6 and all(name.startswith("tp:") for name in names[2:5])


def test_charts_the_dashboard_drew_are_not_drawn_again_for_the_report(client, leader_user, demo_org, draws):
    client.force_login(leader_user)
    document = load_document(demo_org, *H1_2022)
    served = {}
    for chart in document.charts:
        response = client.get(_dashboard_url(demo_org, chart))
        assert response.status_code == 200, chart.name
        served[chart.name] = response.content.decode()
    assert len(draws) == 6
    charts.clear_cache()  # this process's memo: only the shared cache remains

    document = load_document(demo_org, *H1_2022)
    document.draw_charts()
    assert len(draws) == 6  # nothing more drawn
    assert {chart.name: chart.svg for chart in document.charts} == served


def test_charts_the_report_drew_are_served_by_the_dashboard_without_drawing(client, leader_user, demo_org, draws):
    document = load_document(demo_org, *H1_2022)
    document.draw_charts()
    assert sorted(form for _, form in draws) == ["svg"] * 6
    charts.clear_cache()
    client.force_login(leader_user)
    for chart in document.charts:
        response = client.get(_dashboard_url(demo_org, chart))
        assert response.status_code == 200
        assert response.content.decode() == chart.svg
    assert len(draws) == 6


def test_the_word_files_pictures_are_drawn_once_per_data_version(demo_org, draws):
    first = [chart.png for chart in load_document(demo_org, *H1_2022).charts]
    charts.clear_cache()
    again = [chart.png for chart in load_document(demo_org, *H1_2022).charts]
    assert again == first and all(png.startswith(b"\x89PNG") for png in again)
    assert sorted(form for _, form in draws) == ["png"] * 6


def test_a_change_to_the_data_draws_the_charts_anew(demo_org, draws):
    document = load_document(demo_org, *H1_2022)
    document.draw_charts()
    record = AirDailyRecord.objects.filter(station__organization=demo_org, date__month=1).first()
    record.pm25 += 40
    record.save()
    changed = load_document(demo_org, *H1_2022)
    assert changed.charts[0].period_key != document.charts[0].period_key
    changed.draw_charts()
    assert len(draws) == 12  # every chart of the new data version drawn once


def test_a_document_built_without_a_key_draws_through_the_charts_memo(demo_org, draws):
    from ecoreport.figures.compute import compute_figures
    from ecoreport.reports.build import build_document

    document = build_document(compute_figures(demo_org, *H1_2022), [], [])
    assert all(chart.period_key == "" for chart in document.charts)
    assert document.charts[0].svg.startswith("<svg")
    assert draws == [("plot_pm25_monthly", "svg")]
