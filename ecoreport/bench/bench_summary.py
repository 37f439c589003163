"""How long ``compute_figures`` and ``summary`` take for one half-year, beside the time of fetching
the rows they read.

The floor of a computation is the database's share of it: every SQL statement a cold
``compute_figures`` runs is recorded (``connection.execute_wrapper``) and replayed through a plain
cursor that fetches every row and does nothing else. Cold means no cached figures (a fresh data
version); warm, the figures of this data version are in the cache. Cold runs and floor runs
alternate, so that the ratio of their medians holds on a machine whose load changes.
"""

from __future__ import annotations

import io
import statistics
import time
from collections.abc import Callable

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecoreport.figures import compute
from ecoreport.figures.cache import forget
from ecoreport.figures.compute import compute_figures

RUNS = 7
HEADER = (
    "cold: no cached figures; warm: cached for this data version; floor: the same SQL, rows fetched, nothing else "
    "(cold and floor runs alternate)"
)


def _median_ms(action: Callable[[], object], *, cold: bool, runs: int = RUNS) -> tuple[float, int]:
    timings, queries = [], 0
    for _ in range(runs):
        if cold:
            forget()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            action()
            timings.append(time.perf_counter() - started)
        queries = len(captured)
    return statistics.median(timings) * 1000, queries


def _statements(action: Callable[[], object]) -> list[tuple[str, object]]:
    recorded = []

    def record(execute, sql, params, many, context):
        recorded.append((sql, params))
        return execute(sql, params, many, context)

    forget()
    with connection.execute_wrapper(record):
        action()
    return recorded


def floor_ms(statements: list[tuple[str, object]], *, runs: int = RUNS) -> tuple[float, int]:
    """Median time to run the statements and fetch every row, and the number of rows fetched."""
    timings, rows = [], 0
    for _ in range(runs):
        rows = 0
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                rows += len(cursor.fetchall())
        timings.append(time.perf_counter() - started)
    return statistics.median(timings) * 1000, rows


# The steps of compute_figures, by the names compute.py calls them.
_STEPS = (
    "air_figures", "section_figures", "drinking_figures", "check_targets", "attach_published", "work_figures",
    "assessment_figures", "rectification_rows", "ledger_rows", "rectification_figures", "ledger_figures",
    "overdue_items", "rankings", "sample_kinds",
)  # fmt: skip


def step_times(action: Callable[[], object]) -> dict[str, float]:
    """Milliseconds of each step of one cold compute_figures (the steps wrapped with a timer)."""
    spent: dict[str, float] = {}

    def timed(name, function):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return function(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + (time.perf_counter() - started) * 1000

        return wrapper

    originals = {name: getattr(compute, name) for name in _STEPS}
    forget()
    try:
        for name, function in originals.items():
            setattr(compute, name, timed(name, function))
        action()
    finally:
        for name, function in originals.items():
            setattr(compute, name, function)
    return spent


def figures_against_floor(out, label: str, org, start, end, goal_ms: float | None = None, runs: int = RUNS) -> None:
    """One line: cold and warm compute_figures, the floor, the ratio, and the goal when there is one."""

    def action():
        return compute_figures(org, start, end)

    statements = _statements(action)
    colds, floors, queries, rows = [], [], 0, 0
    for _ in range(runs):  # alternated: a change in the machine's load weighs on both alike
        cold_run, queries = _median_ms(action, cold=True, runs=1)
        floor_run, rows = floor_ms(statements, runs=1)
        colds.append(cold_run)
        floors.append(floor_run)
    cold, floor = statistics.median(colds), statistics.median(floors)
    warm, warm_queries = _median_ms(action, cold=False, runs=runs)
    goal = ""
    if goal_ms is not None:
        met = cold < goal_ms and cold <= 3 * floor
        goal = f"; goal < {goal_ms:.0f} ms and ≤ 3×: {'met' if met else 'NOT met'}"
    out(
        f"{label:28s} cold {cold:8.1f} ms ({queries} queries) | fetching its {rows:,} rows {floor:7.1f} ms | "
        f"ratio {cold / floor:4.1f}× | warm {warm:6.1f} ms ({warm_queries} queries){goal}"
    )
    steps = sorted(step_times(action).items(), key=lambda item: -item[1])
    out(f"{'':28s}   of which (one cold run): " + ", ".join(f"{name} {ms:.0f} ms" for name, ms in steps[:5]))


def run(out, city) -> None:
    start, end = city.start, city.end
    county = type(city.org).objects.get(code=city.county_codes[0])
    out(f"half-year {start}..{end}, median of {RUNS} runs ({connection.vendor})")
    out(HEADER)
    figures_against_floor(out, "compute_figures, city", city.org, start, end, goal_ms=100)
    figures_against_floor(out, "compute_figures, county", county, start, end, goal_ms=50)
    args = ["--from", start.isoformat(), "--to", end.isoformat(), "--format", "json"]
    for label, extra in (("summary command, city", []), ("summary command, city --daily", ["--daily"])):

        def summary(extra=extra):
            call_command("summary", "--org", city.org.code, *args, *extra, stdout=io.StringIO())

        for mode in ("cold", "warm"):
            millis, queries = _median_ms(summary, cold=mode == "cold")
            out(f"{label + ', ' + mode:38s} {millis:8.1f} ms  {queries:3d} queries")
