"""Server time and query count of the dashboard pages for the generated city.

Each page is requested through Django's test client (middleware, session, view, template: all
of the server's work except the network), once to warm up and then RUNS times; the median is
printed with the number of queries. The goal for the city overview is under 150 ms on PostgreSQL.
"""

from __future__ import annotations

import os
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ecoreport import charts
from ecoreport.figures.cache import forget
from ecoreport.figures.compute import compute_figures

RUNS = 5
# The goal's figures: more runs, as the median of a few cold runs on a shared machine moves by tens of ms.
GOAL_RUNS = 9


def _forget_everything() -> None:
    """No cached figures, drawn chart or rendered page body: the next request computes it all, as
    the first request after a new data version does."""
    forget()
    charts.clear_cache()
    # A page body ({% cache %}) is keyed by the data version, which forget() does not change: the
    # bench's own in-process cache is emptied instead (a shared Redis is left alone).
    if isinstance(caches["default"], LocMemCache):
        caches["default"].clear()


def _measure(client: Client, url: str, *, cold: bool = False) -> tuple[float, int, int]:
    client.get(url)
    times, queries, status = [], 0, 0
    for _ in range(RUNS):
        if cold:
            _forget_everything()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - started)
        queries, status = len(captured), response.status_code
    return statistics.median(times) * 1000, queries, status


def run(out, city) -> None:
    user, _ = get_user_model().objects.get_or_create(
        username="bench-dashboard", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(user)
    period = f"from={city.start.isoformat()}&to={city.end.isoformat()}"
    county = city.county_codes[0]
    pages = [
        ("city overview", f"/org/{city.org.code}/?{period}"),
        ("city overview, default period", f"/org/{city.org.code}/"),
        ("city air", f"/org/{city.org.code}/air/?{period}"),
        ("city water", f"/org/{city.org.code}/water/?{period}"),
        ("city rectification", f"/org/{city.org.code}/rectification/?{period}"),
        ("city ledger", f"/org/{city.org.code}/ledger/?{period}"),
        ("city overview, full year", f"/org/{city.org.code}/?period={city.end.year - 1}"),
        ("county overview", f"/org/{county}/?{period}"),
        ("city good days (drill-down)", f"/org/{city.org.code}/records/air/?{period}&days=good"),
        ("city overdue items (drill-down)", f"/org/{city.org.code}/records/items/?{period}&status=overdue"),
    ]
    millis, queries, status = _measure(client, pages[0][1], cold=True)
    out(f"{'city overview, cold (no cache):':34} {millis:7.1f} ms server time, {queries:3d} queries (HTTP {status})")
    _overview_with_charts(out, client, city.org.code, period)
    for label, url in pages:
        millis, queries, status = _measure(client, url)
        out(f"{label + ':':34} {millis:7.1f} ms server time, {queries:3d} queries (HTTP {status}; median of {RUNS})")
    # The page's own share is what is left when the figures object's time is taken away.
    compute_figures(city.org, city.start, city.end)
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        compute_figures(city.org, city.start, city.end)
        times.append(time.perf_counter() - started)
    out(f"{'  of which compute_figures (city):':34} {statistics.median(times) * 1000:7.1f} ms")


def _overview_with_charts(out, client: Client, code: str, period: str) -> None:
    """The goal's measure: the city overview and the air page's two chart pictures, server time
    summed, cold (nothing cached) and warm (this data version's figures and charts cached)."""
    urls = [f"/org/{code}/?{period}"] + [f"/org/{code}/charts/{name}.svg?{period}" for name in ("pm25", "aqi-calendar")]
    for mode, goal in (("cold", 150), ("warm", 20)):
        totals = []
        for _ in range(GOAL_RUNS):
            if mode == "cold":
                _forget_everything()
            started = time.perf_counter()
            for url in urls:
                client.get(url)
            totals.append((time.perf_counter() - started) * 1000)
        total = statistics.median(totals)
        verdict = "met" if total < goal else "NOT met"
        load = os.getloadavg()[0]
        out(
            f"{'city overview + 2 charts, ' + mode + ':':34} {total:7.1f} ms server time (goal < {goal} ms: {verdict}; "
            f"median of {GOAL_RUNS}, load average {load:.2f} on {os.cpu_count()} CPUs)"
        )
