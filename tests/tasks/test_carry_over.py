"""结转: a year's unfinished ledger tasks carried into the next year's ledger, once, saying where from."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.management import call_command

from ecoreport.figures.compute import compute_figures
from ecoreport.figures.exporters import render
from tasks import services
from tasks.models import LedgerArea, LedgerTask

pytestmark = pytest.mark.django_db

H1_2022 = (date(2022, 1, 1), date(2022, 6, 30))
H1_2023 = (date(2023, 1, 1), date(2023, 6, 30))


def test_the_command_carries_the_unfinished_tasks_into_next_years_ledger(demo_org):
    summary_2022 = render(compute_figures(demo_org, *H1_2022))[2]
    out = io.StringIO()
    call_command("carry_over_ledger", "--org", "360483", "--from-year", "2022", stdout=out)
    assert out.getvalue() == (
        "已将庐山市2022年度工作台账中未完成的 56 项任务结转到2023年度台账；未结转：已完成 6 项，此前已结转 0 项。\n"
    )
    carried = LedgerTask.objects.filter(area__year=2023).select_related("area", "carried_from__area")
    assert carried.count() == 56
    assert LedgerArea.objects.filter(organization=demo_org, year=2023).count() == 7
    for task in carried:
        source = task.carried_from
        assert (source.area.year, source.area.name, source.number) == (2022, task.area.name, task.number)
        assert (task.content, task.unit_id, task.deadline, task.status) == (
            source.content, source.unit_id, source.deadline, "in_progress",
        )  # fmt: skip
        assert task.started_on == date(2023, 1, 1)
    assert [(c.effective_on, c.source) for c in carried[0].status_changes.all()] == [(None, "carry_over")]
    # The 2022 summary is as it was; 2023 sees the carried tasks, overdue since their 2022 deadlines.
    assert render(compute_figures(demo_org, *H1_2022))[2] == summary_2022
    ledger = compute_figures(demo_org, *H1_2023).ledger
    assert (ledger.total, ledger.areas, ledger.in_progress, ledger.overdue, ledger.completed) == (56, 7, 56, 56, 0)


def test_a_task_is_carried_only_once_and_a_taken_number_moves_to_the_end(demo_org):
    area_2022 = LedgerArea.objects.get(organization=demo_org, year=2022, name="优化国土空间开发保护格局")
    task = area_2022.tasks.filter(status="in_progress").order_by("number").first()
    area_2023 = LedgerArea.objects.create(organization=demo_org, year=2023, name=area_2022.name, order=1)
    LedgerTask.objects.create(area=area_2023, number=task.number, content="2023年新任务", unit=task.unit)
    LedgerTask.objects.create(area=area_2023, number=20, content="2023年另一项", unit=task.unit)
    first = services.carry_over(tasks=LedgerTask.objects.filter(pk=task.pk), user=None)
    assert [(t.area_id, t.number, t.carried_from_id) for t in first.created] == [(area_2023.pk, 21, task.pk)]
    again = services.carry_over(tasks=LedgerTask.objects.filter(pk=task.pk), user=None)
    assert (again.created, again.carried_before, again.completed) == ([], 1, 0)


def test_the_admin_action_carries_the_selected_tasks(client, staff_user, demo_org):
    tasks = list(LedgerTask.objects.filter(area__organization=demo_org).order_by("status", "pk")[:3])
    assert [t.status for t in tasks] == ["applying_closure", "applying_closure", "applying_closure"]
    tasks.append(LedgerTask.objects.filter(area__organization=demo_org, status="in_progress").first())
    client.force_login(staff_user)
    response = client.post(
        "/admin/tasks/ledgertask/",
        {"action": "carry_over", "_selected_action": [t.pk for t in tasks]},
        follow=True,
    )
    assert "已结转 1 项任务到2023年度台账；未结转：已完成 3 项，此前已结转 0 项。" in response.content.decode()
    assert LedgerTask.objects.get(carried_from=tasks[-1]).area.year == 2023
