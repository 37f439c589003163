"""``summary`` as a whole process (a fresh interpreter, as cron or an operator runs it), beside its floor.

Issue 14's goal: ``summary`` for one day of the generated city < 0.6 s as a whole process. The
floor is a fresh interpreter that imports the database driver, connects and runs the same SQL
statements the command runs (captured in this process from ``compute_figures``), fetching every
row and doing nothing else; ``django.setup()`` alone is printed too, since every command pays it.
Each process starts with an empty figures cache (REDIS_URL unset: per-process memory), so the
figures are computed cold, as on a first request. Runs alternate between the command and its
floor so that both see the same load; medians are printed.

The PDF as a whole process (``render_report`` beside WeasyPrint alone) is in ``bench_report``.
"""

from __future__ import annotations

import datetime
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from ecoreport.bench.bench_summary import _statements
from ecoreport.figures.compute import compute_figures

RUNS = 5
GOAL_ONE_DAY_S = 0.6

# The floor: the same statements through the bare driver, in a fresh interpreter.
_FETCH_ONLY = """
import pickle, sys
database, statements = pickle.load(open(sys.argv[1], "rb"))
if database["ENGINE"].endswith("sqlite3"):
    import decimal, sqlite3
    sqlite3.register_adapter(decimal.Decimal, str)
    conn = sqlite3.connect(database["NAME"])
    # As Django's SQLite cursor: placeholders become ?, and %% a % (only for a statement with parameters).
    statements = [(sql if p is None else sql.replace("%s", "?").replace("%%", "%"), p) for sql, p in statements]
else:
    import psycopg2
    conn = psycopg2.connect(dbname=database["NAME"], user=database["USER"], password=database["PASSWORD"],
                            host=database["HOST"], port=database["PORT"] or 5432)
cursor = conn.cursor()
rows = 0
for sql, params in statements:
    cursor.execute(sql) if params is None else cursor.execute(sql, params)
    rows += len(cursor.fetchall())
print(rows)
"""
_SETUP_ONLY = "import django; django.setup()"


def run(out, city) -> None:
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env["DJANGO_SETTINGS_MODULE"] = "ecoreport.settings"
    day = city.end
    year = (day - datetime.timedelta(days=364), day)
    out(f"whole processes, median of {RUNS} alternating runs ({connection.vendor}); figures cold in each process")
    setup = _median([[sys.executable, "-c", _SETUP_ONLY]], env)[0]
    out(f"python -c 'import django; django.setup()': {setup:.2f} s (every command pays this)")
    with tempfile.TemporaryDirectory() as tmp:
        for label, (start, end), goal in (("one day", (day, day), GOAL_ONE_DAY_S), ("one year", year, None)):
            _summary_against_floor(out, city.org, start, end, label, goal, env, Path(tmp))


def _summary_against_floor(out, org, start, end, label: str, goal: float | None, env: dict, tmp: Path) -> None:
    statements = _statements(lambda: compute_figures(org, start, end))
    floor_file = tmp / f"statements-{label.replace(' ', '-')}.pickle"
    with open(floor_file, "wb") as handle:
        pickle.dump((dict(settings.DATABASES["default"]), statements), handle)
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    command = [sys.executable, manage, "summary", "--org", org.code, "--from", str(start), "--to", str(end)]
    floor = [sys.executable, "-c", _FETCH_ONLY, str(floor_file)]
    whole_s, floor_s = _median([command, floor], env)
    verdict = ""
    if goal is not None:
        verdict = f"; goal < {goal} s: {'met' if whole_s < goal else 'NOT met'}"
    out(
        f"summary, {org.code}, {label} ({start}..{end}), whole process: {whole_s:.2f} s | floor (fresh interpreter, "
        f"driver, the same {len(statements)} statements fetched): {floor_s:.2f} s | ratio {whole_s / floor_s:.1f}×"
        f"{verdict}"
    )


def _median(commands: list[list[str]], env: dict) -> list[float]:
    """Median wall time of each command, run in turn RUNS times so that they share the machine's load."""
    timings: list[list[float]] = [[] for _ in commands]
    for _ in range(RUNS):
        for command, found in zip(commands, timings, strict=True):
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True, cwd=settings.BASE_DIR)
            found.append(time.perf_counter() - started)
    return [statistics.median(found) for found in timings]
