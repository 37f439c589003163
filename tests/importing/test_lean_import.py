"""The monitoring-data import writes in bulk (COPY on PostgreSQL) and computes AQI in one vectorised
pass, yet stores what the ORM stores, keeps the daily aggregates exact, and writes one history
entry per row that says who changed it, when and from what."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from entry_files import csv_bytes
from figures_data import make_org, make_station

from ecoreport.audit.history import history
from ecoreport.audit.models import AuditEntry
from ecoreport.importing.service import import_file
from indicators.models import AIR_POLLUTANTS, AirDailyRecord, AirDayAggregate
from indicators.services import rebuild_air_aggregates

pytestmark = pytest.mark.django_db

HEADER = ["station", "date", *AIR_POLLUTANTS]
FIRST = datetime.date(2025, 12, 20)  # before today and before the 2026-03-01 regime; a free stretch


def _rows(codes, days: int, rng: random.Random) -> list[list[str]]:
    rows = [HEADER]
    for offset in range(days):
        day = (FIRST + datetime.timedelta(days=offset)).isoformat()
        for code in codes:
            values = [
                str(rng.randint(3, 260)), f"{rng.randint(500, 40000) / 100:.2f}", str(rng.randint(2, 60)),
                str(rng.randint(5, 90)), f"{rng.randint(200, 4500) / 1000:.3f}".rstrip("0"),
                str(rng.randint(20, 300)), "" if rng.random() < 0.6 else str(rng.randint(30, 400)),
            ]  # fmt: skip
            rows.append([code, day, *values])
    return rows


@pytest.fixture
def stations(demo_org):
    county = make_org("369801", "测试乡", parent=demo_org)
    return [make_station(county, f"369801-{n}") for n in range(3)]


def _stored(record: AirDailyRecord) -> tuple:
    """The record's columns as the database holds them (with SQLite's storage classes)."""
    columns = [*AIR_POLLUTANTS, "aqi", "category_level", "primary_pollutants"]
    table = AirDailyRecord._meta.db_table
    if connection.vendor == "sqlite":
        selected = ", ".join(f"{c}, typeof({c})" for c in [*columns, "updated_at"])
    else:
        selected = ", ".join(f"{c}::text" for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selected} FROM {table} WHERE id = %s", [record.pk])
        row = cursor.fetchone()
    return row[:-2] + (row[-1],) if connection.vendor == "sqlite" else row  # updated_at: its type only


def test_imported_records_are_stored_as_the_orm_stores_them(stations):
    rows = _rows([station.code for station in stations], 4, random.Random(1))
    result = import_file("air-daily", csv_bytes(rows), file_name="新数据.csv")
    assert (result.problems, result.created) == ([], 12)
    imported = list(AirDailyRecord.objects.filter(station__in=stations).order_by("date", "station__code"))
    assert len(imported) == 12
    for record in imported:
        values = {key: getattr(record, key) for key in AIR_POLLUTANTS}
        twin = AirDailyRecord.objects.create(
            station=record.station, date=record.date - datetime.timedelta(days=400), **values
        )
        assert _stored(record) == _stored(twin)
        assert record.updated_at is not None and record.updated_at <= twin.updated_at


def test_every_history_entry_names_its_own_record_and_the_derived_values(stations, staff_user):
    rows = _rows([station.code for station in stations], 10, random.Random(2))
    result = import_file("air-daily", csv_bytes(rows), user=staff_user, file_name="一批.csv")
    assert (result.problems, result.created) == ([], 30)
    records = {str(r.pk): r for r in AirDailyRecord.objects.filter(station__in=stations).select_related("station")}
    entries = AuditEntry.objects.filter(import_event=result.event)
    assert {entry.object_id: entry.object_repr for entry in entries} == {pk: str(r) for pk, r in records.items()}
    for entry in entries:
        record = records[entry.object_id]
        assert (entry.user, entry.action, entry.model) == (staff_user, "create", "indicators.airdailyrecord")
        assert entry.changes["aqi"] == [None, record.aqi]
        assert entry.changes["pm25"] == [None, format(record.pm25.normalize(), "f")]
        assert entry.changes.get("primary_pollutants", [None, ""]) == [None, record.primary_pollutants]
        assert "o3_1h" not in entry.changes or record.o3_1h is not None


def test_a_corrected_row_says_who_changed_it_when_and_from_what_including_its_aqi(stations, staff_user, admin_user):
    station = stations[0]
    day = FIRST.isoformat()
    first = [HEADER, [station.code, day, "30", "40", "5", "20", "0.6", "80", ""]]
    import_file("air-daily", csv_bytes(first), user=admin_user, file_name="原始.csv")
    record = AirDailyRecord.objects.get(station=station, date=FIRST)
    assert (record.aqi, record.category_level, record.primary_pollutants) == (43, 1, "")

    corrected = [HEADER, [station.code, day, "160", "40", "5", "20", "0.6", "80", ""]]
    result = import_file("air-daily", csv_bytes(corrected), user=staff_user, file_name="更正.csv")
    assert (result.problems, result.updated, result.created) == ([], 1, 0)
    record.refresh_from_db()
    assert (record.pm25, record.aqi, record.category_level, record.primary_pollutants) == (
        Decimal("160"), 210, 5, "pm25",
    )  # fmt: skip

    newest, oldest = history(record)
    assert (newest.user, newest.action, newest.import_event.file_name) == (staff_user, "update", "更正.csv")
    assert newest.changes == {
        "pm25": ["30", "160"], "aqi": [43, 210], "category_level": [1, 5], "primary_pollutants": ["", "pm25"],
    }  # fmt: skip
    assert (oldest.user, oldest.action, oldest.import_event.file_name) == (admin_user, "create", "原始.csv")
    assert oldest.at <= newest.at


def test_a_correction_writes_only_the_rows_and_fields_that_changed(stations):
    rows = _rows([station.code for station in stations], 3, random.Random(3))
    import_file("air-daily", csv_bytes(rows), file_name="a.csv")
    before = {r.pk: r for r in AirDailyRecord.objects.filter(station__in=stations)}
    rows[1][4] = str(int(rows[1][4]) + 1)  # the first row's so2
    result = import_file("air-daily", csv_bytes(rows), file_name="b.csv")
    assert (result.problems, result.updated, result.unchanged) == ([], 1, 8)
    changed = [
        r for r in AirDailyRecord.objects.filter(station__in=stations) if r.updated_at != before[r.pk].updated_at
    ]
    assert [(r.station.code, r.date, r.so2) for r in changed] == [(stations[0].code, FIRST, Decimal(rows[1][4]))]


def test_the_aggregates_after_imports_equal_a_rebuild_from_scratch(stations):
    rng = random.Random(4)
    rows = _rows([station.code for station in stations], 6, rng)
    import_file("air-daily", csv_bytes(rows), file_name="新.csv")
    for row in rows[1::2]:
        row[2] = str(rng.randint(3, 400))
    import_file("air-daily", csv_bytes(rows), file_name="改.csv")

    def aggregates() -> list[tuple]:
        found = AirDayAggregate.objects.filter(date__gte=FIRST, date__lt=FIRST + datetime.timedelta(days=6)).values()
        return sorted((tuple(value for name, value in sorted(row.items()) if name != "id") for row in found), key=repr)

    kept = aggregates()
    dates = {row["date"] for row in AirDayAggregate.objects.filter(organization__code="369801").values("date")}
    assert len(dates) == 6 and len(kept) >= 6
    rebuild_air_aggregates()
    assert aggregates() == kept
