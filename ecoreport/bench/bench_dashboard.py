"""Server time and query count of the dashboard pages for the generated city.

Each page is requested through Django's test client (middleware, session, view, template: all
of the server's work except the network), once to warm up and then RUNS times; the median is
printed with the number of queries. The goal for the city overview is under 150 ms on PostgreSQL.
"""

from __future__ import annotations

import statistics
import time

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from ecoreport.figures.compute import compute_figures
from ecoreport.figures.memo import clear_memo

RUNS = 5


def _measure(client: Client, url: str, *, cold: bool = False) -> tuple[float, int, int]:
    client.get(url)
    times, queries, status = [], 0, 0
    for _ in range(RUNS):
        if cold:
            clear_memo()
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
    out(f"{'city overview, cold (no memo):':34} {millis:7.1f} ms server time, {queries:3d} queries (HTTP {status})")
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
