"""Import rate for a year of daily air records for 26 stations, against django-import-export's default.

The file (about 9,500 rows, CSV with the contract's keys) is generated for the calendar year before
the city's first day, so every row is new. django-import-export's row-by-row ``import_data`` runs
first with ``dry_run=True``: it does every lookup and save and then rolls back, leaving the year
empty for ours, which then writes for real with validation and one history entry per row.
"""

from __future__ import annotations

import datetime
import random
import time

from django.db.models import Min

from ecoreport.audit.models import AuditEntry
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


def run(out, city) -> None:
    import tablib

    codes = list(AirStation.objects.order_by("code").values_list("code", flat=True)[:STATIONS])
    year = _year_without_records()
    data = _generate(codes, year)
    rows = data.count(b"\n") - 1
    out(f"file: {rows} rows ({len(codes)} stations × {year}), {len(data) / 1024:.0f} KB CSV")

    dataset = tablib.Dataset().load(data.decode("utf-8"), format="csv")
    started = time.perf_counter()
    outcome = _default_resource().import_data(dataset, dry_run=True, use_transactions=True)
    elapsed = time.perf_counter() - started
    status = "errors" if outcome.has_errors() or outcome.has_validation_errors() else "ok"
    out(
        f"django-import-export default (row by row, rolled back): "
        f"{elapsed:.2f} s, {rows / elapsed:,.0f} rows/s, {status}"
    )

    started = time.perf_counter()
    result = import_file("air-daily", data, file_name="bench.csv", dry_run=True)
    elapsed = time.perf_counter() - started
    out(f"ecoreport import_file, dry run (read + validate): {elapsed:.2f} s, {rows / elapsed:,.0f} rows/s")

    entries = AuditEntry.objects.count()
    started = time.perf_counter()
    result = import_file("air-daily", data, file_name="bench.csv")
    elapsed = time.perf_counter() - started
    written = AuditEntry.objects.count() - entries
    out(
        f"ecoreport import_file, create (validate + bulk write + {written} history entries): "
        f"{elapsed:.2f} s, {rows / elapsed:,.0f} rows/s, created {result.created}, errors {len(result.errors)}"
    )

    started = time.perf_counter()
    again = import_file("air-daily", data, file_name="bench.csv")
    elapsed = time.perf_counter() - started
    out(f"ecoreport import_file, same file again: {elapsed:.2f} s, unchanged {again.unchanged}")

    corrected = _generate(codes, year, seed=year + 1)  # same station-days, other values
    started = time.perf_counter()
    update = import_file("air-daily", corrected, file_name="bench-corrected.csv")
    elapsed = time.perf_counter() - started
    out(
        f"ecoreport import_file, every row corrected: {elapsed:.2f} s, {rows / elapsed:,.0f} rows/s, "
        f"updated {update.updated}"
    )
