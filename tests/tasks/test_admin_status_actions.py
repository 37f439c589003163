"""Bulk status moves: forward for staff, backwards only for administrators, closing date on 已销号."""

from __future__ import annotations

import pytest
from django.utils import timezone

from ecoreport.audit.models import AuditEntry
from tasks.models import LedgerTask, RectificationItem

pytestmark = pytest.mark.django_db

URL = "/admin/tasks/ledgertask/"


def act(client, action: str, tasks) -> None:
    client.post(URL, {"action": action, "_selected_action": [task.pk for task in tasks]})


def test_staff_move_tasks_forward_and_closing_sets_the_date(client, staff_user):
    client.force_login(staff_user)
    tasks = list(LedgerTask.objects.filter(status="in_progress").order_by("pk")[:2])
    act(client, "move_to_closed", tasks)
    for task in tasks:
        task.refresh_from_db()
        assert (task.status, task.closed_on) == ("closed", timezone.localdate())
    entry = AuditEntry.objects.get(model="tasks.ledgertask", object_id=str(tasks[0].pk))
    assert entry.user == staff_user
    assert entry.changes["status"] == ["in_progress", "closed"]


def test_staff_cannot_move_backwards_and_nothing_moves(client, staff_user):
    client.force_login(staff_user)
    forward = LedgerTask.objects.filter(status="in_progress").first()
    closed = LedgerTask.objects.filter(status="closed").first()
    act(client, "move_to_done", [forward, closed])
    forward.refresh_from_db()
    closed.refresh_from_db()
    assert (forward.status, closed.status) == ("in_progress", "closed")


def test_an_administrator_may_move_backwards_and_the_closing_date_is_cleared(client, admin_user):
    client.force_login(admin_user)
    item = RectificationItem.objects.filter(status="closed").first()
    client.post("/admin/tasks/rectificationitem/", {"action": "move_to_in_progress", "_selected_action": [item.pk]})
    item.refresh_from_db()
    assert (item.status, item.closed_on) == ("in_progress", None)


def test_the_change_form_refuses_a_backwards_move_by_staff(client, staff_user):
    client.force_login(staff_user)
    task = LedgerTask.objects.filter(status="closed").first()
    url = f"/admin/tasks/ledgertask/{task.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"status": "in_progress", "progress-TOTAL_FORMS": 0, "progress-INITIAL_FORMS": 0})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["status"] == [
        "状态不能从“已销号”退回“推进中”：只有管理员可以回退状态"
    ]


def test_the_list_highlights_days_overdue(client, staff_user):
    client.force_login(staff_user)
    page = client.get(URL + "?overdue=yes").content.decode()
    overdue = [t for t in LedgerTask.objects.all() if t.days_overdue(timezone.localdate())]
    assert overdue, "the demo has overdue tasks by today's date"
    assert f'class="overdue" style="color:#ba2121">{overdue[0].days_overdue(timezone.localdate())} 天' in page
