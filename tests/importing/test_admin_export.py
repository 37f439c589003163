"""The admin's export (the 导出 page and the action on selected rows) and its import screens per kind."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from entry_files import csv_bytes, read_xlsx

from indicators.models import AirStation
from tasks.models import RectificationItem

pytestmark = pytest.mark.django_db

SPREADSHEET_MODELS = [
    "accounts/organization", "indicators/airstation", "indicators/airdailyrecord", "indicators/watersection",
    "indicators/watersample", "tasks/rectificationitem", "tasks/ledgertask",
]  # fmt: skip


@pytest.mark.parametrize("model", SPREADSHEET_MODELS)
def test_every_model_with_a_kind_offers_import_and_export(client, admin_user, model):
    client.force_login(admin_user)
    page = client.get(f"/admin/{model}/").content.decode()
    assert f'href="/admin/{model}/import/"' in page
    assert f'href="/admin/{model}/export/' in page
    assert client.get(f"/admin/{model}/import/").status_code == 200


def test_the_export_action_writes_the_selected_rows_with_chinese_headers(client, staff_user):
    client.force_login(staff_user)
    stations = list(AirStation.objects.order_by("code")[:2])
    response = client.post(
        "/admin/indicators/airstation/",
        {"action": "export_xlsx", "_selected_action": [station.pk for station in stations]},
    )
    name = f"空气监测站点-{timezone.localdate().isoformat()}.xlsx"
    assert response["Content-Disposition"] == f"attachment; filename*=utf-8''{quote(name)}"
    rows = read_xlsx(response.content)
    assert rows[0] == ["站点编码", "站点名称", "机构编码", "站点级别"]
    assert [row[0] for row in rows[1:]] == [station.code for station in stations]
    assert rows[1][3] == stations[0].get_level_display()


def test_the_export_page_writes_the_filtered_list(client, staff_user):
    client.force_login(staff_user)
    response = client.post("/admin/tasks/rectificationitem/export/?status__exact=closed", {"format": "0"})
    rows = read_xlsx(response.content)
    assert rows[0][:3] == ["编号", "来源批次", "类型"]
    assert len(rows) - 1 == RectificationItem.objects.filter(status="closed").count()
    assert {row[7] for row in rows[1:]} == {"已销号"}


def test_a_confirm_after_the_data_changed_writes_nothing_and_says_why(client, staff_user, admin_user):
    item = RectificationItem.objects.filter(status="in_progress").select_related("batch__organization", "unit").first()
    rows = [
        ["code", "batch", "kind", "description", "term", "unit", "status", "org"],
        [item.code, item.batch.name, item.get_kind_display(), item.description, item.get_term_display(),
         item.unit.name, "已完成", item.batch.organization.code],
    ]  # fmt: skip
    client.force_login(staff_user)
    url = "/admin/tasks/rectificationitem/"
    upload = SimpleUploadedFile("进度.csv", csv_bytes(rows))
    preview = client.post(url + "import/", {"import_file": upload, "format": "0"})
    assert preview.context["result"].updated == 1
    RectificationItem.objects.filter(pk=item.pk).update(status="closed", closed_on=timezone.localdate())
    response = client.post(url + "process_import/", preview.context["confirm_form"].initial)
    page = response.content.decode()
    assert "文件有 1 处问题，未写入任何数据" in page
    assert "状态不能从“已销号”退回“已完成”：只有管理员可以回退状态" in page
    item.refresh_from_db()
    assert item.status == "closed"
