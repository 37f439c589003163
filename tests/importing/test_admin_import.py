"""The admin import (django-import-export's flow): upload → preview of what will be created, updated or
rejected → confirm on the process_import page, by the session that previewed the file."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from entry_files import csv_bytes, xlsx_bytes

from ecoreport.audit.models import AuditEntry, ImportEvent
from indicators.models import AirDailyRecord

pytestmark = pytest.mark.django_db

URL = "/admin/indicators/airdailyrecord/import/"
CONFIRM_URL = "/admin/indicators/airdailyrecord/process_import/"
HEADER = ["站点编码", "日期", "PM2.5", "PM10", "SO2", "NO2", "CO", "O3_8h"]


def upload(client, data: bytes, name: str):
    # "format" is the form's hidden field, which a browser always posts.
    return client.post(URL, {"import_file": SimpleUploadedFile(name, data), "format": "0"})


def confirmation(preview) -> dict:
    """What the preview's confirm button posts."""
    return preview.context["confirm_form"].initial


def test_staff_preview_then_confirm_an_xlsx(client, staff_user):
    client.force_login(staff_user)
    rows = [HEADER, ["360483-A01", datetime.date(2023, 6, 1), 46, 72, 9, 33, 0.8, 138]]
    preview = upload(client, xlsx_bytes(rows), "空气.xlsx")
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "新增 <strong>1</strong> 条，更新 <strong>0</strong> 条" in page
    assert not AirDailyRecord.objects.filter(date=datetime.date(2023, 6, 1)).exists()  # preview writes nothing

    confirm = client.post(CONFIRM_URL, confirmation(preview))
    assert confirm.status_code == 302
    record = AirDailyRecord.objects.get(station__code="360483-A01", date=datetime.date(2023, 6, 1))
    assert (record.pm25, record.aqi) == (Decimal("46"), 82)
    event = ImportEvent.objects.get(file_name="空气.xlsx")
    assert (event.user, event.source, event.created, event.updated) == (staff_user, "admin", 1, 0)


def test_the_preview_shows_an_update_with_before_and_after(client, staff_user):
    client.force_login(staff_user)
    existing = AirDailyRecord.objects.select_related("station").order_by("date").first()
    rows = [HEADER, [existing.station.code, existing.date.isoformat(), "999", "", "", "", "", ""]]
    page = upload(client, csv_bytes(rows, "gbk"), "fix.csv").content.decode()
    assert "新增 <strong>0</strong> 条，更新 <strong>1</strong> 条" in page
    assert f"PM₂.₅ (μg/m³)：{existing.pm25.normalize()} → 999" in page  # named as the list names it


def test_a_bad_file_lists_its_problems_and_offers_no_confirm(client, staff_user):
    client.force_login(staff_user)
    before = (AirDailyRecord.objects.count(), AuditEntry.objects.count(), ImportEvent.objects.count())
    rows = [HEADER, ["360483-A01", "2023-06-02", "46", "72", "9", "33", "0.8", "138"],
            ["ZZ", "2023-06-02", "46", "72", "9", "33", "0.8", "138"]]  # fmt: skip
    response = upload(client, csv_bytes(rows), "bad.csv")
    page = response.content.decode()
    assert "文件有 1 处问题，未写入任何数据" in page
    assert "未知的站点编码“ZZ”" in page
    assert not response.context.get("confirm_form")
    assert (AirDailyRecord.objects.count(), AuditEntry.objects.count(), ImportEvent.objects.count()) == before


def test_a_confirm_with_a_token_from_another_session_is_refused(client, staff_user, admin_user):
    client.force_login(staff_user)
    preview = upload(client, csv_bytes([HEADER, ["360483-A01", "2023-06-03", "1", "", "", "", "", ""]]), "a.csv")
    other = type(client)()
    other.force_login(admin_user)
    response = other.post(CONFIRM_URL, confirmation(preview))
    assert response.status_code == 302
    assert not AirDailyRecord.objects.filter(date=datetime.date(2023, 6, 3)).exists()


def test_an_oversized_upload_gets_a_clear_message(client, staff_user, settings):
    settings.ECOREPORT_MAX_UPLOAD_BYTES = 2048
    client.force_login(staff_user)
    page = upload(client, csv_bytes([HEADER] + [["360483-A01", "2023-06-04", "1"] * 3] * 100), "big.csv")
    assert "文件太大：上限为 2 KB，请拆分后分批导入。" in page.content.decode()


def test_the_changelist_offers_the_import_link_to_staff(client, staff_user):
    client.force_login(staff_user)
    page = client.get("/admin/indicators/airdailyrecord/").content.decode()
    assert 'href="/admin/indicators/airdailyrecord/import/"' in page
    assert "从表格导入" in page
