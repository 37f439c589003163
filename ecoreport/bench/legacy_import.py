"""The importer as it was before django-import-export, for daily air records only: a frozen reference.

``bench_import`` times it beside the current importer on the same generated file in the same run,
so the speed goal ("within 1.5× of the old importer") is read off one output instead of off two
machines' memories. It is a trimmed copy of ``ecoreport/importing/{service,kinds}.py`` at commit
d0c8d40 (air-daily path only: headers, cell parsing, checks, hand-written batched INSERT/UPDATE,
history rows), kept here rather than read from git at run time so that the bench runs from any
checkout. Nothing outside the bench uses it; the product's rules live in ``ecoreport.importing``.
"""

from __future__ import annotations

from django.db import connection, models, transaction
from django.utils import timezone

from ecoreport.audit import history as audit
from ecoreport.audit.models import AuditEntry, ImportEvent
from ecoreport.importing.reading import read_table
from indicators import cells
from indicators.models import AIR_POLLUTANTS, AirDailyRecord, AirStation

BULK_BATCH = 1000
COLUMNS = {"station": cells.parse_text, "date": cells.parse_date}
COLUMNS.update({key: cells.measure_parser(measure) for key, measure in cells.AIR_MEASURES.items()})
DERIVED = ("aqi", "category_level", "primary_pollutants")


def _execute_many(cursor, sql: str, params: list) -> None:
    if cursor.db.vendor == "postgresql":
        from psycopg2.extras import execute_batch

        execute_batch(cursor.cursor, sql, params, page_size=BULK_BATCH)
    else:
        for start in range(0, len(params), BULK_BATCH):
            cursor.executemany(sql, params[start : start + BULK_BATCH])


def _rows(data: bytes) -> tuple[list[tuple[int, dict]], int]:
    table = read_table(data, "bench.csv")
    keys = [header.strip().lower() for header in table.headers]
    rows, errors = [], 0
    for number, raw in enumerate(table.rows, start=1):
        values, ok = {}, True
        for key, cell in zip(keys, raw, strict=False):
            try:
                values[key] = COLUMNS[key](cell)
            except cells.CellError:
                errors, ok = errors + 1, False
        if ok:
            rows.append((number, values))
    return rows, errors


def _plan(rows: list[tuple[int, dict]]) -> tuple[list, int]:
    sites = {station.code: station for station in AirStation.objects.all()}
    today = timezone.localdate()
    errors, valid, seen = 0, [], set()
    for _row, values in rows:
        if values["date"] > today or values["station"] not in sites or (values["station"], values["date"]) in seen:
            errors += 1
            continue
        seen.add((values["station"], values["date"]))
        valid.append(values)
    dates = [values["date"] for values in valid]
    existing = {
        (record.station_id, record.date): record
        for record in AirDailyRecord.objects.filter(
            station_id__in={sites[v["station"]].pk for v in valid}, date__range=(min(dates), max(dates))
        )
    }
    fields = [*AIR_POLLUTANTS, *DERIVED]
    planned = []
    for values in valid:
        site = sites[values["station"]]
        record = existing.get((site.pk, values["date"]))
        if record is not None and all(getattr(record, key) == values[key] for key in AIR_POLLUTANTS if key in values):
            continue
        before = {name: audit.plain(getattr(record, name)) for name in fields} if record else None
        if record is None:
            record = AirDailyRecord(station=site, date=values["date"])
        for key in AIR_POLLUTANTS:
            if key in values:
                setattr(record, key, values[key])
        record.refresh_derived()
        after = {name: audit.plain(getattr(record, name)) for name in fields}
        if before is None:
            planned.append((True, record, {k: [None, v] for k, v in after.items() if v not in (None, "")}))
        else:
            changes = audit.diff(before, after)
            if changes:
                planned.append((False, record, changes))
    return planned, errors


def _insert(records: list[AirDailyRecord], now) -> None:
    fields = [f for f in AirDailyRecord._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(AirDailyRecord._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    decimals = {f.attname for f in fields if isinstance(f, models.DecimalField)}
    stamp = AirDailyRecord._meta.get_field("updated_at").get_db_prep_save(now, connection)
    params = []
    for record in records:
        record.updated_at = now
        params.append([
            stamp if f.attname == "updated_at" else getattr(record, f.attname) if f.attname in decimals
            else f.get_db_prep_save(getattr(record, f.attname), connection)
            for f in fields
        ])  # fmt: skip
    with connection.cursor() as cursor:
        _execute_many(cursor, sql, params)
    by_key = {(r.station_id, r.date): r for r in records}
    dates = [r.date for r in records]
    for pk, station_id, day in AirDailyRecord.objects.filter(
        station_id__in={key[0] for key in by_key}, date__range=(min(dates), max(dates))
    ).values_list("pk", "station_id", "date"):
        record = by_key.get((station_id, day))
        if record is not None and record.pk is None:
            record.pk = pk


def _update(records: list[AirDailyRecord], names: list[str]) -> None:
    fields = [AirDailyRecord._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE id = %s".format(
        quote(AirDailyRecord._meta.db_table), ", ".join(f"{quote(f.column)} = %s" for f in fields)
    )
    params = [[f.get_db_prep_save(getattr(r, f.attname), connection) for f in fields] + [r.pk] for r in records]
    with connection.cursor() as cursor:
        _execute_many(cursor, sql, params)


def _insert_entries(entries: list[AuditEntry]) -> None:
    fields = [f for f in AuditEntry._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(AuditEntry._meta.db_table), ", ".join(quote(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    at = AuditEntry._meta.get_field("at").get_db_prep_save(timezone.now(), connection)
    params = [
        [at if f.name == "at" else f.get_db_prep_save(getattr(entry, f.attname), connection) for f in fields]
        for entry in entries
    ]
    with connection.cursor() as cursor:
        _execute_many(cursor, sql, params)


def import_air_daily(data: bytes, *, file_name: str, dry_run: bool = False) -> dict[str, int]:
    """Import a CSV of daily air records as the old importer did; the counts it would print."""
    rows, errors = _rows(data)
    planned, more = _plan(rows)
    errors += more
    created = sum(1 for is_new, _, _ in planned if is_new)
    counts = {"created": created, "updated": len(planned) - created, "errors": errors}
    if dry_run or errors:
        return counts
    now = timezone.now()
    with transaction.atomic():
        new = [record for is_new, record, _ in planned if is_new]
        changed = [(record, changes) for is_new, record, changes in planned if not is_new]
        if new:
            _insert(new, now)
        if changed:
            for record, _ in changed:
                record.updated_at = now
            names = sorted({name for _, changes in changed for name in changes} | {"updated_at"})
            _update([record for record, _ in changed], names)
        event = ImportEvent.objects.create(
            kind="air-daily", file_name=file_name, source="bench", created=created, updated=counts["updated"]
        )
        _insert_entries([
            audit.entry(user=None, action="create" if is_new else "update", instance=record, changes=changes,
                        import_event=event)
            for is_new, record, changes in planned
        ])  # fmt: skip
    return counts
