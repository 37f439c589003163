"""``summary`` as a whole process (a fresh interpreter, as cron or an operator runs it), beside its floor.

Issue 14's goal: ``summary`` for one day of the generated city < 0.6 s as a whole process. The
floor is a fresh interpreter that imports the database driver, connects and runs the same SQL
statements the command runs (captured in this process from ``compute_figures``), fetching every
row and doing nothing else; ``django.setup()`` alone is printed too, since every command pays it.
Each process starts with an empty figures cache (REDIS_URL unset: per-process memory), so the
figures are computed cold, as on a first request. Runs alternate between the command and its
floor so that both see the same load; medians are printed.

Bytecode as on a server: Python writes each module's compiled bytecode on its first import there
(deploy/ecoreport.service lets it write the code's folder), so cron's runs load it instead of
compiling the source. An environment with PYTHONDONTWRITEBYTECODE set (a container, this machine)
writes none and compiles the project's ~75 modules in every process, a fifth of a one-day
``summary``. The processes therefore get a bytecode cache of their own (PYTHONPYCACHEPREFIX in a
temporary folder, filled by one untimed run of each command); when the bench's environment writes
no bytecode, ``django.setup()`` and one day are timed again without it, and both are printed.

The PDF as a whole process (``render_report`` beside WeasyPrint alone) is in ``bench_report``.
"""

from __future__ import annotations

import datetime
import os
import pickle
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
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
    periods = (("one day", day, day, GOAL_ONE_DAY_S), ("one year", day - datetime.timedelta(days=364), day, None))
    out(
        f"whole processes, median of {RUNS} alternating runs ({connection.vendor}); figures cold in each process; "
        "wall time (CPU time of the process: the machine's load inflates it less)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        compiled = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
        compiled["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "bytecode")
        out("bytecode compiled once, as a server's first run writes it:")
        runs = [
            (f"{label} ({start}..{end})", *_summary_and_floor(city.org, start, end, label, Path(tmp)), goal)
            for label, start, end, goal in periods
        ]
        _print_runs(out, city.org.code, runs, compiled)
        if env.get("PYTHONDONTWRITEBYTECODE"):
            out(
                "without a bytecode cache (PYTHONDONTWRITEBYTECODE is set: a process compiles every module it imports):"
            )
            _print_runs(out, city.org.code, runs[:1], env)


def _summary_and_floor(org, start, end, label: str, tmp: Path) -> tuple[list[str], list[str], int]:
    """The command, its floor and the floor's number of statements."""
    statements = _statements(lambda: compute_figures(org, start, end))
    floor_file = tmp / f"statements-{label.replace(' ', '-')}.pickle"
    with open(floor_file, "wb") as handle:
        pickle.dump((dict(settings.DATABASES["default"]), statements), handle)
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    command = [sys.executable, manage, "summary", "--org", org.code, "--from", str(start), "--to", str(end)]
    return command, [sys.executable, "-c", _FETCH_ONLY, str(floor_file)], len(statements)


def _print_runs(out, org_code: str, runs: list[tuple], env: dict) -> None:
    (setup,) = _median([[sys.executable, "-c", _SETUP_ONLY]], env)
    out(f"  python -c 'import django; django.setup()': {setup} (every command pays this)")
    for name, command, floor, count, goal in runs:
        whole, floor_time = _median([command, floor], env)
        verdict = ""
        if goal is not None:
            verdict = f"; goal < {goal} s: {'met' if whole.wall < goal else 'NOT met'}"
        out(
            f"  summary, {org_code}, {name}, whole process: {whole} | floor (fresh "
            f"interpreter, driver, the same {count} statements fetched): {floor_time} | ratio "
            f"{whole.wall / floor_time.wall:.1f}×{verdict}"
        )


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float

    def __str__(self) -> str:
        return f"{self.wall:.2f} s ({self.cpu:.2f} s)"


def _median(commands: list[list[str]], env: dict) -> list[Timing]:
    """Median wall and CPU time of each command, run in turn RUNS times so that they share the machine's
    load, after one untimed run of each (which fills the bytecode cache when there is one)."""
    for command in commands:
        subprocess.run(command, env=env, check=True, capture_output=True, cwd=settings.BASE_DIR)
    walls: list[list[float]] = [[] for _ in commands]
    cpus: list[list[float]] = [[] for _ in commands]
    for _ in range(RUNS):
        for index, command in enumerate(commands):
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            started = time.perf_counter()
            subprocess.run(command, env=env, check=True, capture_output=True, cwd=settings.BASE_DIR)
            walls[index].append(time.perf_counter() - started)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpus[index].append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return [Timing(statistics.median(wall), statistics.median(cpu)) for wall, cpu in zip(walls, cpus, strict=True)]
