"""An import event keeps the SHA-256 and size of the file's bytes: which file made a change, and a
re-import of the same file, are answerable from the history."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from entry_files import csv_bytes, write, xlsx_bytes

from ecoreport.audit.models import AuditEntry, ImportEvent
from ecoreport.importing.service import import_file
from indicators.models import AirDailyRecord

pytestmark = pytest.mark.django_db

HEADER = ["站点编码", "日期", "PM2.5", "PM10", "SO2", "NO2", "CO", "O3_8h"]
ROWS = [HEADER, ["360483-A01", "2023-06-11", "46", "72", "9", "33", "0.8", "138"]]
EVENTS_URL = "/admin/audit/importevent/"


def admin_import(client, data: bytes, name: str):
    """Upload, preview and confirm on the admin's import screen, as staff do."""
    preview = client.post(
        "/admin/indicators/airdailyrecord/import/", {"import_file": SimpleUploadedFile(name, data), "format": "0"}
    )
    confirm = client.post("/admin/indicators/airdailyrecord/process_import/", preview.context["confirm_form"].initial)
    assert confirm.status_code == 302
    return ImportEvent.objects.get(file_name=name)


@pytest.mark.parametrize(("name", "data"), [("空气.xlsx", xlsx_bytes(ROWS)), ("空气.csv", csv_bytes(ROWS, "gbk"))])
def test_the_admin_import_records_the_digest_and_size_of_the_uploaded_bytes(client, staff_user, name, data):
    client.force_login(staff_user)
    event = admin_import(client, data, name)
    assert event.sha256 == hashlib.sha256(data).hexdigest()
    assert event.byte_size == len(data)
    assert (event.source, event.created) == ("admin", 1)


def test_the_command_records_the_digest_and_size_of_the_file(tmp_path):
    path = write(tmp_path, "air.csv", csv_bytes(ROWS))
    call_command("import_records", "air-daily", str(path), stdout=StringIO())
    event = ImportEvent.objects.get(file_name="air.csv")
    data = path.read_bytes()
    assert (event.sha256, event.byte_size) == (hashlib.sha256(data).hexdigest(), len(data))
    assert event.source == "command"


def test_a_reimport_of_the_same_file_has_the_same_digest_and_another_file_does_not(tmp_path):
    demo_events = list(ImportEvent.objects.values_list("pk", flat=True))
    path = write(tmp_path, "air.csv", csv_bytes(ROWS))
    call_command("import_records", "air-daily", str(path), stdout=StringIO())
    call_command("import_records", "air-daily", str(path), stdout=StringIO())  # every row unchanged
    changed = [ROWS[0], [*ROWS[1][:2], "47", *ROWS[1][3:]]]
    other = write(tmp_path, "air2.csv", csv_bytes(changed))
    call_command("import_records", "air-daily", str(other), stdout=StringIO())

    first, again, edited = ImportEvent.objects.exclude(pk__in=demo_events).order_by("pk")
    assert again.sha256 == first.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (first.created, again.unchanged) == (1, 1)
    assert edited.sha256 == hashlib.sha256(other.read_bytes()).hexdigest() != first.sha256
    # Which file made the change to the record: the event of its history entry.
    record = AirDailyRecord.objects.get(station__code="360483-A01", date=datetime.date(2023, 6, 11))
    entry = AuditEntry.objects.filter(model="indicators.airdailyrecord", object_id=str(record.pk)).first()
    assert (entry.action, entry.import_event.sha256) == ("update", edited.sha256)


def test_a_dry_run_records_no_event(tmp_path):
    path = write(tmp_path, "air.csv", csv_bytes(ROWS))
    before = ImportEvent.objects.count()
    result = import_file("air-daily", path, dry_run=True)
    assert result.ok and result.event is None
    assert ImportEvent.objects.count() == before
    assert not ImportEvent.objects.filter(sha256=hashlib.sha256(path.read_bytes()).hexdigest()).exists()


def test_the_history_admin_shows_the_digest_and_lists_the_imports_of_one_file(client, admin_user, tmp_path):
    data = csv_bytes(ROWS)
    digest = hashlib.sha256(data).hexdigest()
    for _ in range(2):
        import_file("air-daily", data, file_name="同一文件.csv")
    import_file("air-daily", csv_bytes([ROWS[0], [*ROWS[1][:2], "50", *ROWS[1][3:]]]), file_name="另一文件.csv")
    client.force_login(admin_user)

    listing = client.get(EVENTS_URL).content.decode()
    assert "文件摘要 SHA-256" in listing
    assert f'<a href="?sha256={digest}" title="{digest}"><code>{digest[:12]}…</code></a>' in listing

    same_file = client.get(EVENTS_URL, {"sha256": digest})
    assert [event.file_name for event in same_file.context["cl"].result_list] == ["同一文件.csv", "同一文件.csv"]
    searched = client.get(EVENTS_URL, {"q": digest.upper()})  # as PowerShell's Get-FileHash prints it
    assert {event.sha256 for event in searched.context["cl"].result_list} == {digest}

    event = ImportEvent.objects.filter(sha256=digest).first()
    page = client.get(f"{EVENTS_URL}{event.pk}/change/").content.decode()
    assert "文件摘要 SHA-256" in page and digest in page
    assert "文件大小（字节）" in page and f">{len(data)}<" in page
    assert f'href="{EVENTS_URL}?sha256={digest}">查看同一文件的全部导入</a>' in page
