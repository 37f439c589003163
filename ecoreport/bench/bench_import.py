"""Import rate for a year of daily air records for 26 stations: ours, the old importer, the library's default.

The file (about 9,500 rows, CSV with the contract's keys) is generated for the calendar year before
the city's first day, so every row is new. Three importers read it in the same run:

- ours (``ecoreport.importing``): django-import-export resources in bulk mode, with validation, one
  history entry per row and one ImportEvent;
- the old importer (``legacy_import``, a frozen copy of the hand-written one it replaced), for the
  goal "within 1.5× of the old importer";
- django-import-export's default (a plain ModelResource, row by row, a query per row), as a dry run.

The old importer's runs are rolled back so that each importer meets the same database.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db import transaction
from django.db.models import Min

from ecoreport.audit.models import AuditEntry
from ecoreport.bench import legacy_import
from ecoreport.importing.service import import_file
from indicators.models import AIR_POLLUTANTS, AirDailyRecord, AirStation

STATIONS = 26


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

    dataset = tablib.Dataset().load(data.decode("utf-8"), format="csv")
    outcome, elapsed = _timed(lambda: _default_resource().import_data(dataset, dry_run=True, use_transactions=True))
    status = "errors" if outcome.has_errors() or outcome.has_validation_errors() else "ok"
    out(f"django-import-export default (row by row, dry run): {elapsed:.2f} s, {rows / elapsed:,.0f} rows/s, {status}")

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
