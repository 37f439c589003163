"""Overdue, behind and on schedule are one set of conditions, read as of a day."""

from datetime import date

import pytest

from tasks.models import InspectionBatch, RectificationItem, ResponsibleUnit, Status, TrackedWorkQuerySet

pytestmark = pytest.mark.django_db

ON = date(2024, 6, 30)


@pytest.fixture
def items(demo_org):
    batch = InspectionBatch.objects.create(organization=demo_org, name="状态测试批次")
    unit = ResponsibleUnit.objects.create(name="状态测试单位")

    def item(code, *, deadline=None, status=Status.IN_PROGRESS, on_schedule=True):
        closed_on = date(2024, 5, 1) if status == Status.CLOSED else None
        return RectificationItem.objects.create(
            batch=batch, code=code, description=code, unit=unit, deadline=deadline, status=status,
            on_schedule=on_schedule, closed_on=closed_on,
        )  # fmt: skip

    item("late", deadline=date(2024, 6, 29))
    item("due-on-the-day", deadline=ON)
    item("no-deadline")
    item("marked-behind", deadline=date(2024, 12, 31), on_schedule=False)
    item("late-but-done", deadline=date(2024, 1, 1), status=Status.DONE)
    item("late-but-closed", deadline=date(2024, 1, 1), status=Status.CLOSED)
    return RectificationItem.objects.filter(batch=batch)


def codes(queryset) -> list[str]:
    return sorted(queryset.values_list("code", flat=True))


def test_overdue_is_past_the_deadline_and_not_completed(items):
    assert codes(items.overdue(ON)) == ["late"]
    assert codes(items.not_overdue(ON)) == [
        "due-on-the-day", "late-but-closed", "late-but-done", "marked-behind", "no-deadline",
    ]  # fmt: skip
    assert [item.days_overdue(ON) for item in items.order_by("code") if item.days_overdue(ON)] == [1]


def test_behind_is_in_progress_and_overdue_or_marked_behind(items):
    assert codes(items.behind(ON)) == ["late", "marked-behind"]


def test_on_schedule_is_the_rest_of_the_work_in_progress(items):
    assert codes(items.on_schedule(ON)) == ["due-on-the-day", "no-deadline"]
    assert codes(items.completed()) == ["late-but-closed", "late-but-done"]


def test_the_counts_through_a_parent_match_the_filters(items):
    batch = InspectionBatch.objects.filter(name="状态测试批次")
    counts = batch.values("id").annotate(**RectificationItem.objects.status_counts(ON, through="items")).get()
    assert counts["total"] == 6
    for state in TrackedWorkQuerySet.STATES:
        assert counts[state] == items.in_state(state, ON).count(), state
    assert (counts["overdue"], counts["behind"], counts["on_schedule"], counts["completed"]) == (1, 2, 2, 2)
