"""manage.py import_records: all or nothing, counts on success, one line per problem on failure."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from entry_files import csv_bytes, write

from ecoreport.audit.models import AuditEntry, ImportEvent
from indicators.models import AirDailyRecord

pytestmark = pytest.mark.django_db

HEADER = ["station", "date", "pm25", "pm10", "so2", "no2", "co", "o3_8h", "o3_1h"]
GOOD = [
    HEADER,
    ["360483-A01", "2023-03-01", "46", "72", "9", "33", "0.8", "138", ""],
    ["360483-A02", "2023-03-01", "75", "120", "12", "45", "1.2", "90", ""],
]


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_records", *args, stdout=out)
    return out.getvalue()


def test_it_creates_rows_and_prints_the_counts(tmp_path):
    path = write(tmp_path, "air.csv", csv_bytes(GOOD))
    assert run("air-daily", str(path)).strip() == "created 2, updated 0, unchanged 0"
    record = AirDailyRecord.objects.get(station__code="360483-A01", date=datetime.date(2023, 3, 1))
    assert record.pm25 == Decimal("46")
    assert record.o3_1h is None  # an empty cell is a missing value, never 0
    assert record.aqi == 82  # standards.md V1, computed although the rows were bulk-written
    assert record.primary_pollutants == "o3_8h"


def test_reimporting_the_same_file_changes_nothing(tmp_path):
    path = write(tmp_path, "air.csv", csv_bytes(GOOD))
    run("air-daily", str(path))
    entries = AuditEntry.objects.count()
    assert run("air-daily", str(path)).strip() == "created 0, updated 0, unchanged 2"
    assert AirDailyRecord.objects.filter(date=datetime.date(2023, 3, 1)).count() == 2
    assert AuditEntry.objects.count() == entries


def test_a_corrected_row_updates_in_place(tmp_path):
    run("air-daily", str(write(tmp_path, "air.csv", csv_bytes(GOOD))))
    corrected = [GOOD[0], ["360483-A01", "2023-03-01", "160", "230", "25", "70", "1.9", "60", ""]]
    assert run("air-daily", str(write(tmp_path, "fix.csv", csv_bytes(corrected)))).strip() == (
        "created 0, updated 1, unchanged 0"
    )
    record = AirDailyRecord.objects.get(station__code="360483-A01", date=datetime.date(2023, 3, 1))
    assert (record.pm25, record.aqi) == (Decimal("160"), 210)  # standards.md V4
    entry = AuditEntry.objects.filter(object_id=str(record.pk), action="update").get()
    assert entry.changes["pm25"] == ["46", "160"]
    assert entry.changes["aqi"] == [82, 210]


def test_a_dry_run_reports_and_writes_nothing(tmp_path):
    path = write(tmp_path, "air.csv", csv_bytes(GOOD))
    events = ImportEvent.objects.count()
    assert run("air-daily", str(path), "--dry-run").strip() == "dry run: would have created 2, updated 0, unchanged 0"
    assert not AirDailyRecord.objects.filter(date=datetime.date(2023, 3, 1)).exists()
    assert ImportEvent.objects.count() == events


def test_a_bad_file_exits_1_with_one_line_per_problem_and_writes_nothing(tmp_path):
    rows = [*GOOD, ["360483-A01", "2023-02-30", "-5", "72", "9", "33", "0.8", "138", ""]]
    path = write(tmp_path, "air.csv", csv_bytes(rows))
    with pytest.raises(CommandError) as raised:
        run("air-daily", str(path))
    assert raised.value.returncode == 1
    lines = str(raised.value).splitlines()[1:]
    assert lines == [
        "row 4, column date: 日期不存在：2023-02-30",
        "row 4, column pm25: 不能为负数（-5）：PM2.5 应在 0–1000 μg/m³ 之间",
    ]
    assert not AirDailyRecord.objects.filter(date=datetime.date(2023, 3, 1)).exists()


def test_the_command_runs_as_a_process_and_exits_1(tmp_path):
    import subprocess
    import sys

    from django.conf import settings

    path = write(tmp_path, "air.csv", csv_bytes([HEADER, ["NOPE", "2023-03-01", "46", "", "", "", "", "", ""]]))
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}", "PATH": "/usr/bin:/bin"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=settings.BASE_DIR, env=env, check=True)
    done = subprocess.run(
        [sys.executable, "manage.py", "import_records", "air-daily", str(path)],
        cwd=settings.BASE_DIR, env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 1
    assert "row 2, column station: 未知的站点编码“NOPE”" in done.stderr
