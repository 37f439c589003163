"""How long ``summary`` takes for one half-year of the generated city, and how many queries it runs."""

from __future__ import annotations

import io
import statistics
import time

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecoreport.figures.compute import compute_figures
from ecoreport.figures.memo import clear_memo

RUNS = 7


def _time(action, *, cold: bool) -> tuple[float, int]:
    timings, queries = [], 0
    for _ in range(RUNS):
        if cold:
            clear_memo()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            timings.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(timings), queries


def run(out, city) -> None:
    start, end = city.start, city.end
    county = type(city.org).objects.get(code=city.county_codes[0])
    args = ["--from", start.isoformat(), "--to", end.isoformat(), "--format", "json"]
    cases = [
        ("compute_figures, city", lambda: compute_figures(city.org, start, end)),
        ("compute_figures, county", lambda: compute_figures(county, start, end)),
        ("summary command, city", lambda: call_command("summary", "--org", city.org.code, *args, stdout=io.StringIO())),
        (
            "summary command, city --daily",
            lambda: call_command("summary", "--org", city.org.code, *args, "--daily", stdout=io.StringIO()),
        ),
    ]
    out(f"half-year {start}..{end}, median of {RUNS} runs ({connection.vendor})")
    out("cold: nothing memoised; warm: same input rows as the run before (queries still run)")
    for label, action in cases:
        for mode in ("cold", "warm"):
            seconds, queries = _time(action, cold=mode == "cold")
            out(f"{label + ', ' + mode:38s} {seconds * 1000:8.1f} ms  {queries:3d} queries")
