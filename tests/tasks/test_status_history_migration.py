"""A database from before the status history and the yearly ledger migrates with its figures kept.

The schema goes back to ``tasks 0003`` (no history, no ledger year) with the demo in it, gains an
area whose tasks fall due in two years, and migrates forward: every record gets its status from
the beginning, each area the year of its tasks' deadlines, and the 2022 H1 summary is unchanged.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from ecoreport.accounts.models import Organization
from ecoreport.figures import exporters
from ecoreport.figures.compute import compute_figures

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("tasks", "0003_workstats")]
H1_2022 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _summary() -> bytes:
    return exporters.render(compute_figures(Organization.objects.get(code="360483"), *H1_2022))[2]


def test_history_and_ledger_years_come_from_todays_data_and_the_figures_stay():
    before = _summary()
    old = _migrate(BEFORE)
    LedgerArea = old.get_model("tasks", "LedgerArea")
    LedgerTask = old.get_model("tasks", "LedgerTask")
    RectificationItem = old.get_model("tasks", "RectificationItem")
    demo_area = LedgerArea.objects.get(organization__code="360483", name="弘扬生态文化")
    unit_id = LedgerTask.objects.filter(area=demo_area).first().unit_id
    mixed = LedgerArea.objects.create(organization_id=demo_area.organization_id, name="跨年领域", order=9)
    for number, deadline in ((1, datetime.date(2023, 3, 31)), (2, datetime.date(2023, 12, 31)),
                             (3, datetime.date(2024, 6, 30)), (4, None)):  # fmt: skip
        LedgerTask.objects.create(area=mixed, number=number, content=f"任务{number}", unit_id=unit_id,
                                  deadline=deadline, status="done" if number == 2 else "in_progress")  # fmt: skip
    statuses = dict(RectificationItem.objects.values_list("code", "status"))

    latest = [node for node in MigrationExecutor(connection).loader.graph.leaf_nodes()]
    new = _migrate(latest)
    LedgerArea = new.get_model("tasks", "LedgerArea")
    LedgerTask = new.get_model("tasks", "LedgerTask")
    Change = new.get_model("tasks", "RectificationStatusChange")

    assert set(LedgerArea.objects.filter(organization__code="360483").exclude(name="跨年领域").values_list(
        "year", flat=True)) == {2022}  # fmt: skip
    by_year = {
        area.year: sorted(LedgerTask.objects.filter(area=area).values_list("number", flat=True))
        for area in LedgerArea.objects.filter(name="跨年领域")
    }
    assert by_year == {2023: [1, 2, 4], 2024: [3]}
    assert sorted(Change.objects.values_list("item__code", "status")) == sorted(statuses.items())
    assert set(Change.objects.values_list("effective_on", "source")) == {(None, "baseline")}
    assert new.get_model("tasks", "LedgerStatusChange").objects.count() == LedgerTask.objects.count()
    assert _summary() == before
