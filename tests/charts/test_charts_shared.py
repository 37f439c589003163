"""The dashboard's chart images and the report's 附图 are the same pictures, drawn by one function each."""

from __future__ import annotations

import datetime

from django.urls import reverse

from ecoreport.reports.queries import load_document

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
QUERY = "?from=2022-01-01&to=2022-06-30"


def _served(client, name: str, code: str, **kwargs) -> str:
    response = client.get(reverse(f"dashboard:{name}", kwargs={"code": code, **kwargs}) + QUERY)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    return response.content.decode()


def test_the_dashboard_serves_the_reports_charts_byte_for_byte(client, demo_org, leader_user):
    client.force_login(leader_user)
    by_caption = {chart.caption: chart.svg for chart in load_document(demo_org, *H1).charts}
    assert _served(client, "chart_pm25", demo_org.code) == by_caption["PM2.5月均浓度与去年同期对比"]
    assert _served(client, "chart_aqi_calendar", demo_org.code) == by_caption["逐日空气质量等级日历"]
    assert _served(client, "chart_ledger", demo_org.code) == by_caption["工作台账分领域进展"]
    tp = _served(client, "chart_section_tp", demo_org.code, section_code="360483-XZ")
    assert tp == by_caption["星子断面总磷月均浓度（湖库标准）"]


def test_a_made_up_section_is_a_404_and_leaves_no_cache_entry(client, demo_org, leader_user):
    from django.core.cache import cache

    client.force_login(leader_user)
    cache.clear()
    url = reverse("dashboard:chart_section_tp", kwargs={"code": demo_org.code, "section_code": "no-such-section"})
    assert client.get(url + QUERY).status_code == 404
    assert not [key for key in cache._cache if "no-such-section" in key]  # the tests' local-memory cache
    _served(client, "chart_section_tp", demo_org.code, section_code="360483-XZ")
    assert [key for key in cache._cache if "tp:360483-XZ" in key]
