"""The admin's import screen stops at the county wall, for new rows as well as for stored ones.

Issue 11: a 数据录入 of 永修县 (360425) created a rectification item under 庐山市 (360483) through the
admin import. ``test_admin_walls`` runs the importer's service; this goes through the admin's upload
and preview, where the user comes from the request.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from entry_files import csv_bytes

from ecoreport.accounts.models import UserProfile
from ecoreport.accounts.roles import DATA_ENTRY
from tasks.models import RectificationItem

pytestmark = pytest.mark.django_db

URL = "/admin/tasks/rectificationitem/import/"
HEADER = ["编号", "来源批次", "类型", "问题描述", "整改类型", "责任单位", "状态", "机构编码"]
OUTSIDE = "该行所属单位不在您的管辖范围内，不能导入"


@pytest.fixture
def yongxiu_staff(demo_org, make_org):
    county = make_org("360425", "永修县", parent=demo_org.parent)
    user = get_user_model().objects.create_user("yongxiu_import", password="x", is_staff=True)
    user.groups.set([Group.objects.get(name=DATA_ENTRY)])
    UserProfile.objects.create(user=user, organization=county)
    return user


def _upload(client, rows):
    upload = SimpleUploadedFile("整改.csv", csv_bytes(rows))
    return client.post(URL, {"import_file": upload, "format": "0"})


def test_a_new_item_for_another_county_is_a_row_error(client, yongxiu_staff):
    client.force_login(yongxiu_staff)
    rows = [HEADER, ["YX-NEW-1", "永修批次", "反馈问题", "问题", "限期整改", "永修某单位", "推进中", "360483"]]
    answer = _upload(client, rows)
    assert answer.status_code == 200
    page = answer.content.decode()
    assert f"<td>第 2 行</td><td>来源批次</td><td>{OUTSIDE}</td>" in page  # the batch says whose item it is
    assert "确认导入" not in page
    assert not RectificationItem.objects.filter(code="YX-NEW-1").exists()


def test_a_stored_item_of_another_county_cannot_be_overwritten(client, yongxiu_staff):
    item = RectificationItem.objects.select_related("batch", "unit").first()
    client.force_login(yongxiu_staff)
    status = item.get_status_display()  # the status it has: only the wall may refuse the row
    row = [item.code, item.batch.name, "反馈问题", "改写的描述", "限期整改", item.unit.name, status, "360425"]
    rows = [HEADER, row]
    page = _upload(client, rows).content.decode()
    assert OUTSIDE in page
    item.refresh_from_db()
    assert item.description != "改写的描述"


def test_a_new_item_of_the_own_county_is_previewed(client, yongxiu_staff):
    client.force_login(yongxiu_staff)
    rows = [HEADER, ["YX-NEW-2", "永修批次", "反馈问题", "问题", "限期整改", "永修某单位", "推进中", "360425"]]
    page = _upload(client, rows).content.decode()
    assert "新增 <strong>1</strong> 条，更新 <strong>0</strong> 条" in page
    assert OUTSIDE not in page
