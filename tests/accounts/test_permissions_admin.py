"""Who may do what in the admin: 数据录入 adds and changes but never deletes; 领导 have no admin at all."""

from __future__ import annotations

import pytest

from indicators.models import AirDailyRecord, AnnualTarget
from tasks.models import RectificationItem

pytestmark = pytest.mark.django_db


def test_data_entry_can_add_and_change_monitoring_data(client, staff_user):
    client.force_login(staff_user)
    record = AirDailyRecord.objects.first()
    assert client.get("/admin/indicators/airdailyrecord/add/").status_code == 200
    assert client.get(f"/admin/indicators/airdailyrecord/{record.pk}/change/").status_code == 200


def test_data_entry_cannot_delete_records(client, staff_user):
    client.force_login(staff_user)
    item = RectificationItem.objects.first()
    assert client.get(f"/admin/tasks/rectificationitem/{item.pk}/delete/").status_code == 403
    page = client.get("/admin/tasks/rectificationitem/").content.decode()
    assert "delete_selected" not in page
    assert RectificationItem.objects.filter(pk=item.pk).exists()


def test_data_entry_sees_targets_but_cannot_change_them(client, staff_user):
    client.force_login(staff_user)
    target = AnnualTarget.objects.first()
    assert client.get("/admin/indicators/annualtarget/").status_code == 200
    assert client.get("/admin/indicators/annualtarget/add/").status_code == 403
    page = client.get(f"/admin/indicators/annualtarget/{target.pk}/change/")
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # a read-only view


def test_data_entry_cannot_touch_users(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get("/admin/auth/group/").status_code == 403


def test_leaders_have_no_admin_access(client, leader_user):
    client.force_login(leader_user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert client.get("/admin/indicators/airdailyrecord/").status_code == 302


def test_administrators_may_delete(client, admin_user):
    client.force_login(admin_user)
    item = RectificationItem.objects.first()
    assert client.get(f"/admin/tasks/rectificationitem/{item.pk}/delete/").status_code == 200


def test_migrate_alone_gives_the_three_roles_their_permissions(db):
    # No demo loaded here: the groups come from migrate's post_migrate, as on a new deployment.
    from django.contrib.auth.models import Group, Permission

    from ecoreport.accounts.roles import ADMINISTRATORS, DATA_ENTRY, LEADERSHIP

    data_entry = set(Group.objects.get(name=DATA_ENTRY).permissions.values_list("codename", flat=True))
    assert {"view_reportevent", "add_airdailyrecord", "change_airdailyrecord", "view_auditentry"} <= data_entry
    assert not {"change_reportevent", "delete_airdailyrecord", "change_auditentry"} & data_entry
    assert Group.objects.get(name=ADMINISTRATORS).permissions.count() == Permission.objects.count()
    assert Group.objects.get(name=LEADERSHIP).permissions.count() == 0
