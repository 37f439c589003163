"""The status history: every move writes when it took effect, and a day's status is read from it."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from tasks import services
from tasks.models import InspectionBatch, RectificationItem, ResponsibleUnit, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(demo_org):
    batch = InspectionBatch.objects.create(organization=demo_org, name="历史测试批次")
    unit = ResponsibleUnit.objects.create(name="历史测试单位", organization=demo_org)
    return RectificationItem.objects.create(batch=batch, code="H-1", description="历史测试", unit=unit)


def status_on(item, day: date) -> str | None:
    found = RectificationItem.objects.filter(pk=item.pk).as_of(day).first()
    return found.status if found else None


def history(item) -> list[tuple]:
    return [(c.effective_on, c.status, c.on_schedule, c.source) for c in item.status_changes.all()]


def test_a_move_takes_effect_on_its_day_and_keeps_the_status_before_from_the_beginning(item):
    services.move_status(record=item, to_status=Status.DONE, user=None, today=date(2023, 3, 1))
    assert history(item) == [
        (None, "in_progress", True, "baseline"),
        (date(2023, 3, 1), "done", True, "app"),
    ]
    assert (status_on(item, date(2020, 1, 1)), status_on(item, date(2023, 2, 28))) == ("in_progress", "in_progress")
    assert (status_on(item, date(2023, 3, 1)), status_on(item, date(2024, 1, 1))) == ("done", "done")
    item.refresh_from_db()
    assert (item.status, item.status_since) == ("done", date(2023, 3, 1))


def test_a_later_move_closes_on_its_day(item):
    services.move_status(record=item, to_status=Status.DONE, user=None, today=date(2023, 3, 1))
    services.move_status(record=item, to_status=Status.CLOSED, user=None, today=date(2023, 9, 1))
    item.refresh_from_db()
    assert (item.status, item.closed_on, item.status_since) == ("closed", date(2023, 9, 1), date(2023, 9, 1))
    assert [status_on(item, day) for day in (date(2023, 6, 30), date(2023, 12, 31))] == ["done", "closed"]


def test_a_status_without_a_date_counts_from_the_beginning(item):
    item.status = Status.APPLYING_CLOSURE
    item.save()
    services.record_status(record=item, before=None, effective_on=None, user=None, source=services.Source.IMPORT)
    assert history(item) == [(None, "applying_closure", True, "import")]
    assert status_on(item, date(2000, 1, 1)) == "applying_closure"


def test_a_status_without_a_date_replaces_the_latest_from_its_day_and_leaves_earlier_periods(item):
    services.move_status(record=item, to_status=Status.DONE, user=None, today=date(2023, 3, 1))
    services.prepare_move(record=item, to_status=Status.CLOSED, user=None)  # as an import without status_date
    item.save()
    services.record_status(record=item, before=None, effective_on=None, user=None, source=services.Source.IMPORT)
    assert status_on(item, date(2022, 12, 31)) == "in_progress"
    assert status_on(item, date(2023, 3, 1)) == "closed"
    item.refresh_from_db()
    assert (item.status, item.status_since, item.closed_on) == ("closed", date(2023, 3, 1), timezone.localdate())


def test_a_dated_status_before_the_latest_fills_in_history_and_leaves_today_as_it_is(item):
    services.move_status(record=item, to_status=Status.CLOSED, user=None, today=date(2023, 9, 1))
    services.prepare_move(record=item, to_status=Status.DONE, user=None)  # an import with status_date 2023-04-01
    item.save()
    services.record_status(record=item, before=None, effective_on=date(2023, 4, 1), user=None, source="import")
    assert [status_on(item, day) for day in (date(2023, 3, 31), date(2023, 4, 1), date(2023, 9, 1))] == [
        "in_progress", "done", "closed",
    ]  # fmt: skip
    item.refresh_from_db()
    assert (item.status, item.status_since, item.closed_on) == ("closed", date(2023, 9, 1), date(2023, 9, 1))


def test_the_pace_mark_alone_is_history_too(item):
    item.on_schedule = False
    item.save()
    services.record_status(
        record=item, before=("in_progress", True), effective_on=date(2023, 5, 1), user=None, source="app"
    )
    behind = RectificationItem.objects.filter(pk=item.pk)
    assert not behind.in_state("behind", date(2023, 4, 30)).exists()
    assert behind.in_state("behind", date(2023, 5, 1)).exists()


def test_a_record_whose_first_status_is_dated_begins_that_day(item):
    item.status_changes.all().delete()
    fresh = RectificationItem.objects.create(
        batch=item.batch, code="H-2", description="新问题", unit=item.unit, status=Status.DONE
    )
    services.record_status(record=fresh, before=None, effective_on=date(2023, 5, 10), user=None, source="import")
    fresh.refresh_from_db()
    assert fresh.started_on == date(2023, 5, 10)
    assert (status_on(fresh, date(2023, 5, 9)), status_on(fresh, date(2023, 5, 10))) == (None, "done")


def test_a_date_in_the_future_is_refused(item):
    with pytest.raises(ValueError, match="晚于今天"):
        services.record_status(record=item, before=None, effective_on=date(2999, 1, 1), user=None, source="app")


def test_a_progress_update_in_the_admin_moves_the_status_from_its_date(client, staff_user, item):
    client.force_login(staff_user)
    url = f"/admin/tasks/rectificationitem/{item.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({
        "progress-TOTAL_FORMS": 1, "progress-INITIAL_FORMS": 0,
        "progress-0-date": "2023-06-20", "progress-0-text": "整改完成，待验收", "progress-0-status": "done",
        "status_changes-TOTAL_FORMS": 0, "status_changes-INITIAL_FORMS": 0,
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    item.refresh_from_db()
    assert (item.status, item.status_since) == ("done", date(2023, 6, 20))
    assert history(item)[-1] == (date(2023, 6, 20), "done", True, "progress")
    assert item.status_changes.last().recorded_by == staff_user
    assert (status_on(item, date(2023, 6, 19)), status_on(item, date(2023, 6, 20))) == ("in_progress", "done")


def test_a_progress_update_may_not_move_the_status_back_for_staff(client, staff_user, item):
    services.move_status(record=item, to_status=Status.CLOSED, user=None, today=date(2023, 9, 1))
    client.force_login(staff_user)
    url = f"/admin/tasks/rectificationitem/{item.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({
        "progress-TOTAL_FORMS": 1, "progress-INITIAL_FORMS": 0,
        "progress-0-date": "2023-10-01", "progress-0-text": "重新整改", "progress-0-status": "in_progress",
        "status_changes-TOTAL_FORMS": 2, "status_changes-INITIAL_FORMS": 2,
    })  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    assert "只有管理员可以回退状态" in response.content.decode()
    item.refresh_from_db()
    assert item.status == "closed"


def test_a_record_entered_in_the_admin_begins_today(client, staff_user):
    client.force_login(staff_user)
    form = client.get("/admin/tasks/rectificationitem/add/").context["adminform"].form
    assert form.initial["started_on"] == timezone.localdate()
