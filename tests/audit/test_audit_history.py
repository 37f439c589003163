"""History records who changed what, before and after: admin edits, imported rows, status moves."""

from __future__ import annotations

import datetime

import pytest
from entry_files import csv_bytes

from ecoreport.audit.models import AuditEntry, ImportEvent
from ecoreport.importing.service import import_file
from indicators.models import AirDailyRecord, WaterSection

pytestmark = pytest.mark.django_db


def test_an_admin_edit_records_who_and_the_values_before_and_after(client, staff_user):
    client.force_login(staff_user)
    section = WaterSection.objects.get(code="360483-XZ")
    url = f"/admin/indicators/watersection/{section.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["groups"] = [group.pk for group in section.groups.all()]
    data["name"] = "星子（改）"
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = AuditEntry.objects.get(model="indicators.watersection", object_id=str(section.pk))
    assert (entry.user, entry.action, entry.changes) == (staff_user, "update", {"name": ["星子", "星子（改）"]})


def test_an_admin_add_is_refused_when_a_value_is_implausible(client, staff_user):
    client.force_login(staff_user)
    station = AirDailyRecord.objects.first().station
    response = client.post(
        "/admin/indicators/airdailyrecord/add/",
        {"station": station.pk, "date": "2023-07-01", "pm25": "-3", "co": "0.8"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["pm25"] == ["不能为负数（-3）：PM2.5 应在 0–1000 μg/m³ 之间"]
    assert not AirDailyRecord.objects.filter(date=datetime.date(2023, 7, 1)).exists()


def test_each_imported_row_has_its_own_entry_linked_to_one_event(staff_user):
    existing = AirDailyRecord.objects.select_related("station").order_by("date", "station__code").first()
    rows = [
        ["station", "date", "pm25"],
        [existing.station.code, existing.date.isoformat(), "88"],
        [existing.station.code, "2023-07-02", "12"],
    ]
    result = import_file("air-daily", csv_bytes(rows), user=staff_user, file_name="两行.csv", source="admin")
    event = ImportEvent.objects.get(pk=result.event.pk)
    assert (event.file_name, event.user, event.created, event.updated, event.unchanged) == (
        "两行.csv", staff_user, 1, 1, 0,
    )  # fmt: skip
    updated = AuditEntry.objects.get(import_event=event, action="update")
    assert updated.object_id == str(existing.pk)
    assert updated.user == staff_user
    assert updated.changes["pm25"] == [format(existing.pm25.normalize(), "f"), "88"]
    created = AuditEntry.objects.get(import_event=event, action="create")
    assert created.changes["pm25"] == [None, "12"]


def test_the_history_page_shows_imported_and_typed_changes(client, staff_user):
    existing = AirDailyRecord.objects.select_related("station").order_by("date", "station__code").first()
    rows = [["station", "date", "pm25"], [existing.station.code, existing.date.isoformat(), "77"]]
    import_file("air-daily", csv_bytes(rows), user=staff_user, file_name="更正.csv")
    client.force_login(staff_user)
    page = client.get(f"/admin/indicators/airdailyrecord/{existing.pk}/history/").content.decode()
    assert "变更历史" in page
    assert "导入：更正.csv" in page
    assert staff_user.username in page
    assert '<span class="after">77</span>' in page
