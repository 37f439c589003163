"""One status-move rule for the change form, the bulk actions and the importer (tasks.services)."""

from __future__ import annotations

import datetime

import pytest
from entry_files import csv_bytes

from ecoreport.importing.service import import_file
from tasks import services
from tasks.models import LedgerTask, RectificationItem

pytestmark = pytest.mark.django_db

REFUSAL = "状态不能从“已销号”退回“推进中”：只有管理员可以回退状态"


def test_only_a_backwards_move_by_someone_not_an_administrator_is_refused(staff_user, admin_user):
    assert services.refusal(current="closed", to_status="in_progress", user=staff_user) == REFUSAL
    assert services.refusal(current="closed", to_status="in_progress", user=admin_user) is None
    assert services.refusal(current="closed", to_status="in_progress", user=None) is None  # the command line
    assert services.refusal(current="in_progress", to_status="closed", user=staff_user) is None
    assert services.refusal(current=None, to_status="in_progress", user=staff_user) is None  # a new record


def test_a_move_sets_the_closing_date_and_leaving_closed_clears_it(staff_user, admin_user):
    task = LedgerTask.objects.filter(status="in_progress").first()
    services.prepare_move(record=task, to_status="closed", user=staff_user, today=datetime.date(2024, 3, 1))
    assert (task.status, task.closed_on) == ("closed", datetime.date(2024, 3, 1))
    with pytest.raises(services.MoveRefused, match=REFUSAL):
        services.prepare_move(record=task, to_status="in_progress", user=staff_user, current="closed")
    services.prepare_move(record=task, to_status="in_progress", user=admin_user, current="closed")
    assert (task.status, task.closed_on) == ("in_progress", None)


def test_the_command_line_may_move_a_status_back_through_an_import():
    item = RectificationItem.objects.filter(status="closed").select_related("batch__organization", "unit").first()
    rows = [
        ["code", "batch", "kind", "description", "term", "unit", "status", "org"],
        [item.code, item.batch.name, item.get_kind_display(), item.description, item.get_term_display(),
         item.unit.name, "推进中", item.batch.organization.code],
    ]  # fmt: skip
    result = import_file("rectification", csv_bytes(rows), user=None, file_name="back.csv")
    assert (result.problems, result.updated) == ([], 1)
    item.refresh_from_db()
    assert (item.status, item.closed_on) == ("in_progress", None)
    assert result.planned[0].changes["status"] == ["closed", "in_progress"]
