"""A draft is rendered once per set of inputs: a second download comes from the cache, a change
renders anew, and two requests at once render it once."""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.cache import cache

from ecoreport.reports.exporters import Export
from ecoreport.reports.models import ReportSection
from ecoreport.reports.queries import load_document
from ecoreport.reports.render_cache import cache_key, cached_render

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
QUERY = "?from=2022-01-01&to=2022-06-30"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


class CountingRender:
    def __init__(self, delay: float = 0.0):
        self.calls = 0
        self.delay = delay

    def __call__(self, document) -> Export:
        self.calls += 1
        time.sleep(self.delay)
        return Export("x.pdf", "application/pdf", f"render {self.calls}".encode())


def test_a_second_render_of_the_same_inputs_comes_from_the_cache(demo_org):
    render = CountingRender()
    first, first_cached = cached_render(load_document(demo_org, *H1), "pdf", render)
    second, second_cached = cached_render(load_document(demo_org, *H1), "pdf", render)
    assert (first_cached, second_cached, render.calls) == (False, True, 1)
    assert second.content == first.content == b"render 1"


def test_a_change_of_the_text_renders_anew(demo_org):
    before = cache_key(load_document(demo_org, *H1), "pdf")
    ReportSection.objects.create(
        organization=demo_org, period_start=H1[0], period_end=H1[1], part="plan", order=9, body="另行部署。"
    )
    after = cache_key(load_document(demo_org, *H1), "pdf")
    assert before != after
    assert cache_key(load_document(demo_org, *H1), "docx") != after


def test_two_requests_at_once_render_once(demo_org):
    document = load_document(demo_org, *H1)
    render = CountingRender(delay=0.3)
    results = []
    threads = [
        threading.Thread(target=lambda: results.append(cached_render(document, "pdf", render))) for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert render.calls == 1
    assert sorted(cached for _, cached in results) == [False, True, True]
    assert {export.content for export, _ in results} == {b"render 1"}


def test_the_second_download_is_served_from_the_cache(client, demo_org, leader_user):
    client.force_login(leader_user)
    url = f"/reports/{demo_org.code}/pdf/{QUERY}"
    first = client.get(url)
    second = client.get(url)
    assert (first["X-Render-Cache"], second["X-Render-Cache"]) == ("miss", "hit")
    assert second.content == first.content and first.content.startswith(b"%PDF")
