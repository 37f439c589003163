"""Import rate for a year of daily air records for 26 stations: ours, the old importer, the library's default.

The file (about 9,500 rows, CSV with the contract's keys) is generated for the calendar year before
the city's first day, so every row is new. Three importers read it in the same run:

- ours (``ecoreport.importing``): django-import-export resources in bulk mode, with validation, one
  history entry per row and one ImportEvent;
- the old importer (``legacy_import``, a frozen copy of the hand-written one it replaced), for the
  goal "within 1.5× of the old importer";
- django-import-export's default (a plain ModelResource, row by row, a query per row), as a dry run
  on a tenth of the file (a sample of whole days), its rate extrapolated to the file: it spent over
  a minute on the whole file, longer than the rest of the default bench.

Then ``import_records`` as a whole process (a fresh interpreter, as an operator runs it): the file
of another empty year created, and the same file again, beside the floor measured in the same run:
the file's rows, already in the database's text form, written by ``COPY`` into a temporary table
and one ``INSERT … SELECT`` into the records table, and by a plain ``COPY`` into it (PostgreSQL;
on SQLite one ``executemany`` INSERT), rolled back. Issue 14's goal: under 3 s as a whole process.

The old importer's runs are rolled back so that each importer meets the same database.
"""

from __future__ import annotations

import datetime
import io
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone

from ecoreport.audit.models import AuditEntry
from ecoreport.bench import legacy_import
from ecoreport.importing.service import import_file
from indicators.models import AIR_POLLUTANTS, AirDailyRecord, AirStation

STATIONS = 26
SAMPLE = 10  # the library's default reads one day in SAMPLE
WHOLE_RUNS = 3  # whole-process creates: one empty year each
GOAL_WHOLE_S = 3.0


def _year_without_records() -> int:
    first = AirDailyRecord.objects.aggregate(first=Min("date"))["first"]
    return (first or datetime.date.today()).year - 1


def _generate(codes: list[str], year: int, seed: int | None = None) -> bytes:
    rng = random.Random(year if seed is None else seed)
    lines = [",".join(["station", "date", *AIR_POLLUTANTS])]
    day = datetime.date(year, 1, 1)
    while day.year == year:
        for code in codes:
            values = [
                rng.randint(5, 120), rng.randint(10, 200), rng.randint(2, 40), rng.randint(5, 80),
                f"{rng.uniform(0.2, 2.5):.1f}", rng.randint(20, 260), "",
            ]  # fmt: skip
            lines.append(",".join([code, day.isoformat(), *map(str, values)]))
        day += datetime.timedelta(days=1)
    return ("\n".join(lines) + "\n").encode("utf-8")


def _default_resource():
    from import_export import fields, resources, widgets

    class AirDailyResource(resources.ModelResource):
        station = fields.Field(
            attribute="station", column_name="station", widget=widgets.ForeignKeyWidget(AirStation, "code")
        )

        class Meta:
            model = AirDailyRecord
            import_id_fields = ("station", "date")
            fields = ("station", "date", *AIR_POLLUTANTS)

    return AirDailyResource()


def _timed(run, *, rollback: bool = False):
    started = time.perf_counter()
    if rollback:
        with transaction.atomic():
            outcome = run()
            transaction.set_rollback(True)
    else:
        outcome = run()
    return outcome, time.perf_counter() - started


def _old(data: bytes):
    return _timed(lambda: legacy_import.import_air_daily(data, file_name="bench.csv"), rollback=True)


def run(out, city) -> None:
    import tablib

    codes = list(AirStation.objects.order_by("code").values_list("code", flat=True)[:STATIONS])
    year = _year_without_records()
    data = _generate(codes, year)
    corrected = _generate(codes, year, seed=year + 1)  # same station-days, other values
    rows = data.count(b"\n") - 1
    out(f"file: {rows} rows ({len(codes)} stations × {year}), {len(data) / 1024:.0f} KB CSV")

    sample = _sample(data)
    sampled = sample.count(b"\n") - 1
    dataset = tablib.Dataset().load(sample.decode("utf-8"), format="csv")
    outcome, elapsed = _timed(lambda: _default_resource().import_data(dataset, dry_run=True, use_transactions=True))
    status = "errors" if outcome.has_errors() or outcome.has_validation_errors() else "ok"
    out(
        f"django-import-export default (row by row, dry run) on 1/{SAMPLE} of the file ({sampled} rows): "
        f"{elapsed:.2f} s, {sampled / elapsed:,.0f} rows/s, {status}; extrapolated to the file: "
        f"{elapsed * rows / sampled:.1f} s"
    )

    old, old_create = _old(data)
    out(f"old importer, create (validate + write + history): {old_create:.2f} s, created {old['created']}")
    result, elapsed = _timed(lambda: import_file("air-daily", data, file_name="bench.csv", dry_run=True))
    out(f"ecoreport resources, dry run (read + validate + bulk write, rolled back): {elapsed:.2f} s")

    entries = AuditEntry.objects.count()
    result, new_create = _timed(lambda: import_file("air-daily", data, file_name="bench.csv"))
    written = AuditEntry.objects.count() - entries
    out(
        f"ecoreport resources, create (validate + bulk write + {written} history entries): {new_create:.2f} s, "
        f"{rows / new_create:,.0f} rows/s, created {result.created}, problems {len(result.problems)}"
    )

    _, old_again = _old(data)
    again, elapsed = _timed(lambda: import_file("air-daily", data, file_name="bench.csv"))
    out(f"same file again: ours {elapsed:.2f} s (unchanged {again.unchanged}), old {old_again:.2f} s")

    old, old_update = _old(corrected)
    update, new_update = _timed(lambda: import_file("air-daily", corrected, file_name="bench-corrected.csv"))
    out(
        f"every row corrected: ours {new_update:.2f} s (updated {update.updated}), "
        f"old {old_update:.2f} s (updated {old['updated']})"
    )
    out(f"ours / old: create {new_create / old_create:.2f}×, every row corrected {new_update / old_update:.2f}×")
    _whole_process(out, codes, year)


def _sample(data: bytes) -> bytes:
    """The header and every row of one day in SAMPLE (whole days: each station once per day)."""
    header, *lines = data.decode("utf-8").splitlines()
    kept = [line for line in lines if datetime.date.fromisoformat(line.split(",")[1]).toordinal() % SAMPLE == 0]
    return ("\n".join([header, *kept]) + "\n").encode("utf-8")


def _whole_process(out, codes: list[str], year: int) -> None:
    """``import_records`` in fresh interpreters beside the database's own floor for the same rows."""
    manage = str(Path(settings.BASE_DIR) / "manage.py")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "ecoreport.settings"}
    creates, agains, floors, copies = [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        for run_number in range(WHOLE_RUNS):
            empty = year - 1 - run_number  # years before the city and before the in-process runs' year
            data = _generate(codes, empty)
            path = Path(tmp) / f"air-{empty}.csv"
            path.write_bytes(data)
            command = [sys.executable, manage, "import_records", "air-daily", str(path)]
            floor, plain = _floor(data)
            creates.append(_run(command, env))
            agains.append(_run(command, env))
            floors.append(floor)
            copies.append(plain)
    rows = data.count(b"\n") - 1
    create, again = statistics.median(creates), statistics.median(agains)
    floor, plain = statistics.median(floors), statistics.median(copies)
    how = "COPY into a temporary table + INSERT … SELECT" if connection.vendor == "postgresql" else "executemany INSERT"
    out(f"import_records air-daily as a whole process, {rows} rows, median of {WHOLE_RUNS} (each a new year):")
    out(
        f"  create (validate + write + history): {create:.2f} s | floor, the same rows by {how}: {floor:.2f} s | "
        f"ratio {create / floor:.1f}×; goal < {GOAL_WHOLE_S:.0f} s: {'met' if create < GOAL_WHOLE_S else 'NOT met'}"
    )
    if connection.vendor == "postgresql":
        out(f"  plain COPY into the records table: {plain:.2f} s | ratio {create / plain:.1f}×")
    out(f"  same file again (every row unchanged): {again:.2f} s")


def _run(command: list[str], env: dict) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, capture_output=True, cwd=settings.BASE_DIR)
    return time.perf_counter() - started


def _floor(data: bytes) -> tuple[float, float]:
    """Seconds to write the file's rows as the database's text, rolled back: (COPY into a temporary table then
    INSERT … SELECT, plain COPY) on PostgreSQL; (one executemany INSERT, the same) on SQLite."""
    station_ids = dict(AirStation.objects.values_list("code", "pk"))
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    now = now if isinstance(now, str) else now.isoformat()
    rows = []
    for line in data.decode("utf-8").splitlines()[1:]:
        code, day, *values = line.split(",")
        rows.append([str(station_ids[code]), day, *(value or None for value in values), "", now])
    columns = ["station_id", "date", *AIR_POLLUTANTS, "primary_pollutants", "updated_at"]
    table, names = AirDailyRecord._meta.db_table, ", ".join(columns)
    if connection.vendor != "postgresql":
        statement = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        elapsed = _timed(lambda: connection.cursor().executemany(statement, rows), rollback=True)[1]
        return elapsed, elapsed
    text = "".join("\t".join("\\N" if value is None else value for value in row) + "\n" for row in rows)
    staging = f"CREATE TEMPORARY TABLE bench_rows ON COMMIT DROP AS SELECT {names} FROM {table} WITH NO DATA"

    def staged() -> None:
        with connection.cursor() as cursor:
            cursor.execute(staging)
            cursor.cursor.copy_expert(f"COPY bench_rows ({names}) FROM STDIN", io.StringIO(text))
            cursor.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM bench_rows")

    def plain() -> None:
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", io.StringIO(text))

    return _timed(staged, rollback=True)[1], _timed(plain, rollback=True)[1]
