"""Concurrent writers of the same records take turns (``ecoreport.audit.locks``).

Two imports, an import and an admin save, a status move and an import: the second writer waits
for the first to commit, then plans from what the first wrote, so the last value wins and each
history entry's "before" is the value it replaced. A conflict that still happens (a writer that
did not take its turn, a turn not given in time) comes back as one clear problem of the file.

The races need two connections at once, so they run on PostgreSQL only, each writer in its own
thread with its own connection. They are deterministic: the first writer stops after writing,
inside its transaction, until the test has seen the second one wait for a lock; every wait is
bounded.
"""

from __future__ import annotations

import datetime
import threading
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from entry_files import csv_bytes

from ecoreport.audit import locks
from ecoreport.audit.admin_base import TAKEN_MEANWHILE
from ecoreport.audit.models import AuditEntry, ImportEvent
from ecoreport.importing.errors import RowError
from ecoreport.importing.resources import base
from ecoreport.importing.resources.measurements import AirDailyResource
from ecoreport.importing.service import import_file
from indicators.models import AirDailyRecord, AirStation
from tasks import services
from tasks.models import RectificationItem

WAIT = 30  # seconds: every wait of these tests is bounded
HEADER = ["station", "date", "pm25", "pm10", "so2", "no2", "co", "o3_8h", "o3_1h"]
STATIONS = ["360483-A01", "360483-A02"]
DAY = datetime.date(2023, 4, 1)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two writers at once need two connections to one database: PostgreSQL (on SQLite writers "
    "already take turns at the database lock, and an in-memory test database has one writer)",
)


def air_file(pm25: str) -> bytes:
    return csv_bytes([HEADER] + [[code, DAY.isoformat(), pm25, "72", "9", "33", "0.8", "138", ""] for code in STATIONS])


def pm25_history(record: AirDailyRecord) -> list[tuple[str, list]]:
    """(who wrote it: the file's name or the admin user, pm25 [before, after]) per entry, oldest first."""
    entries = AuditEntry.objects.filter(model="indicators.airdailyrecord", object_id=str(record.pk))
    return [
        (entry.import_event.file_name if entry.import_event else entry.user.username, entry.changes["pm25"])
        for entry in entries.select_related("import_event", "user").order_by("pk")
        if "pm25" in entry.changes
    ]


class Writer(threading.Thread):
    """One writer in its own thread, with its own database connection."""

    def __init__(self, name: str, work):
        super().__init__(name=name, daemon=True)
        self.work, self.result, self.error = work, None, None

    def run(self):
        try:
            self.result = self.work()
        except BaseException as error:  # reported by finish(), in the test's thread
            self.error = error
        finally:
            connection.close()

    def finish(self):
        self.join(WAIT)
        assert not self.is_alive(), f"{self.name} did not finish in {WAIT} s"
        if self.error is not None:
            raise self.error
        return self.result


class Hold:
    """Stops the writer named "first" where ``pause`` is called, until ``release``."""

    def __init__(self):
        self.reached, self.released = threading.Event(), threading.Event()

    def pause(self):
        if threading.current_thread().name == "first":
            self.reached.set()
            assert self.released.wait(WAIT), "the test never released the first writer"

    def release(self):
        self.released.set()


@pytest.fixture
def hold(monkeypatch):
    """The first import stops after writing its rows and history, before its transaction commits."""
    held = Hold()
    after_import = base.KindResource.after_import

    def stopping(self, dataset, result, **kwargs):
        after_import(self, dataset, result, **kwargs)
        held.pause()

    monkeypatch.setattr(base.KindResource, "after_import", stopping)
    yield held
    held.release()  # whatever happened, no thread is left holding its locks


def race(hold: Hold, first_work, second_work) -> tuple[object, object]:
    """Run ``first_work`` until it stops in ``hold``, then ``second_work`` until it waits for a lock,
    then let both finish: (first's result, second's result)."""
    first = Writer("first", first_work)
    second = Writer("second", second_work)
    try:
        first.start()
        assert hold.reached.wait(WAIT), "the first writer never reached its pause"
        second.start()
        waited_for = wait_for_a_waiting_lock()
        assert waited_for, "the second writer never waited for the first"
    finally:
        hold.release()
    return first.finish(), second.finish()


def given_up(hold: Hold, first_work, second_work) -> tuple[object, object]:
    """Run ``first_work`` until it stops in ``hold``, then ``second_work`` to its end while the first
    still holds its turn (it gives up after the lock limit), then let the first finish:
    (first's result, second's result)."""
    first = Writer("first", first_work)
    second = Writer("second", second_work)
    try:
        first.start()
        assert hold.reached.wait(WAIT), "the first writer never reached its pause"
        second.start()
        gave_up = second.finish()
    finally:
        hold.release()
    return first.finish(), gave_up


def in_progress_item_and_file(org, status: str) -> tuple[RectificationItem, bytes]:
    """One of ``org``'s items 推进中, and a rectification file that moves it to ``status``."""
    item = (
        RectificationItem.objects.select_related("batch", "unit")
        .filter(batch__organization=org, status="in_progress")
        .first()
    )
    header = ["code", "batch", "kind", "description", "term", "deadline", "unit", "status", "org"]
    row = [item.code, item.batch.name, item.get_kind_display(), item.description, item.get_term_display(),
           item.deadline or "", item.unit.name, status, org.code]  # fmt: skip
    return item, csv_bytes([header, row])


def wait_for_a_waiting_lock() -> str | None:
    """The kind of lock another connection waits for (advisory, transactionid, …), within WAIT s."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute("SELECT locktype FROM pg_locks WHERE NOT granted AND pid <> pg_backend_pid() LIMIT 1")
            found = cursor.fetchone()
        if found:
            return found[0]
        time.sleep(0.05)
    return None


def imported(name: str, pm25: str, user=None):
    return lambda: import_file("air-daily", air_file(pm25), file_name=name, user=user)


def counts(result) -> tuple:
    return result.problems, result.created, result.updated, result.unchanged


@pytest.mark.parametrize("setup", ["create", "update"])
@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_two_imports_of_the_same_rows_take_turns_and_the_later_wins(hold, staff_user, setup):
    if setup == "update":
        assert counts(import_file("air-daily", air_file("40"), file_name="o.csv")) == ([], 2, 0, 0)
    first, second = race(hold, imported("a.csv", "50", staff_user), imported("b.csv", "60", staff_user))

    assert counts(first) == ([], 2, 0, 0) if setup == "create" else ([], 0, 2, 0)
    assert counts(second) == ([], 0, 2, 0)  # planned from what the first wrote: updates, not a clash
    for record in AirDailyRecord.objects.filter(date=DAY, station__code__in=STATIONS):
        assert record.pm25 == Decimal("60")
        started = [("o.csv", [None, "40"]), ("a.csv", ["40", "50"])] if setup == "update" else [("a.csv", [None, "50"])]
        assert pm25_history(record) == [*started, ("b.csv", ["50", "60"])]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_writer_that_does_not_take_its_turn_gets_a_clear_error_and_writes_nothing(hold, monkeypatch):
    monkeypatch.setattr(locks, "for_import", lambda *args, **kwargs: None)  # as before the turns existed
    first, second = race(hold, imported("a.csv", "50"), imported("b.csv", "60"))

    assert counts(first) == ([], 2, 0, 0)
    assert second.problems == [RowError(0, "", base.DUPLICATE)]  # not a traceback, not the driver's words
    assert list(ImportEvent.objects.filter(file_name="b.csv")) == []
    assert set(AirDailyRecord.objects.filter(date=DAY).values_list("pm25", flat=True)) == {Decimal("50")}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_writer_still_waiting_after_the_limit_is_told_to_try_again(hold, monkeypatch):
    monkeypatch.setattr(locks, "LOCK_WAIT_SECONDS", 1)
    first_result, busy = given_up(hold, imported("a.csv", "50"), imported("b.csv", "60"))
    assert counts(first_result) == ([], 2, 0, 0)
    assert busy.problems == [
        RowError(
            0, "", "其他用户正在导入或修改同一单位的空气日数据，等待 1 秒后仍未完成：本次未写入任何数据，请稍后重试"
        )
    ]
    assert list(ImportEvent.objects.filter(file_name="b.csv")) == []
    assert set(AirDailyRecord.objects.filter(date=DAY).values_list("pm25", flat=True)) == {Decimal("50")}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_admin_save_waits_for_an_import_and_records_what_it_replaced(hold, staff_user):
    assert counts(import_file("air-daily", air_file("40"), file_name="o.csv")) == ([], 2, 0, 0)
    record = AirDailyRecord.objects.get(date=DAY, station__code=STATIONS[0])
    client = Client()
    client.force_login(staff_user)
    url = f"/admin/indicators/airdailyrecord/{record.pk}/change/"
    form = client.get(url).context["adminform"].form  # read before the import: pm25 40
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["pm25"] = "70"

    first, response = race(hold, imported("a.csv", "50", staff_user), lambda: client.post(url, data))

    assert counts(first) == ([], 0, 2, 0)
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.pm25, record.pm10) == (Decimal("70"), Decimal("72"))
    assert pm25_history(record) == [("o.csv", [None, "40"]), ("a.csv", ["40", "50"]), ("staff", ["50", "70"])]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_admin_save_still_waiting_after_the_limit_saves_nothing_and_says_why(hold, monkeypatch, staff_user):
    monkeypatch.setattr(locks, "LOCK_WAIT_SECONDS", 1)
    assert counts(import_file("air-daily", air_file("40"), file_name="o.csv")) == ([], 2, 0, 0)
    record = AirDailyRecord.objects.get(date=DAY, station__code=STATIONS[0])
    client = Client()
    client.force_login(staff_user)
    url = f"/admin/indicators/airdailyrecord/{record.pk}/change/"
    form = client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data["pm25"] = "70"
    first_result, page = given_up(
        hold, imported("a.csv", "50", staff_user), lambda: client.post(url, data, follow=True)
    )
    assert counts(first_result) == ([], 0, 2, 0)
    assert page.redirect_chain == [(url, 302)]  # back to the form, not a 500
    told = "其他用户正在导入或修改同一单位的空气日数据，等待 1 秒后仍未完成：本次未写入任何数据，请稍后重试"
    assert [str(message) for message in page.context["messages"]] == [told]
    record.refresh_from_db()
    assert record.pm25 == Decimal("50")
    assert pm25_history(record) == [("o.csv", [None, "40"]), ("a.csv", ["40", "50"])]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_an_import_waits_for_a_status_move_and_records_what_it_replaced(monkeypatch, staff_user, demo_org):
    held = Hold()
    record_status = services.record_status

    def stopping(**kwargs):
        written = record_status(**kwargs)
        held.pause()
        return written

    monkeypatch.setattr(services, "record_status", stopping)
    item, rectification_file = in_progress_item_and_file(demo_org, "申请销号")
    stale = RectificationItem.objects.get(pk=item.pk)  # as a bulk action read it: 推进中

    moved, result = race(
        held,
        lambda: services.move_status(record=stale, to_status="done", user=staff_user),
        lambda: import_file("rectification", rectification_file, file_name="r.csv", user=staff_user),
    )

    assert moved is True
    assert (result.problems, result.updated) == ([], 1)
    item.refresh_from_db()
    assert item.status == "applying_closure"
    entries = AuditEntry.objects.filter(model="tasks.rectificationitem", object_id=str(item.pk)).order_by("pk")
    assert [entry.changes["status"] for entry in entries] == [["in_progress", "done"], ["done", "applying_closure"]]


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_a_bulk_status_move_still_waiting_after_the_limit_moves_nothing_and_says_why(
    hold, monkeypatch, staff_user, demo_org
):
    monkeypatch.setattr(locks, "LOCK_WAIT_SECONDS", 1)
    item, rectification_file = in_progress_item_and_file(demo_org, "已完成")
    client = Client()
    client.force_login(staff_user)
    changelist = "/admin/tasks/rectificationitem/"
    action = {"action": "move_to_closed", "_selected_action": [item.pk]}
    first_result, page = given_up(
        hold,
        lambda: import_file("rectification", rectification_file, file_name="r.csv"),
        lambda: client.post(changelist, action, follow=True),
    )
    assert first_result.problems == []
    told = "其他用户正在导入或修改同一单位的督察整改问题，等待 1 秒后仍未完成：本次未写入任何数据，请稍后重试"
    assert [str(message) for message in page.context["messages"]] == [f"未做任何修改：{told}"]
    item.refresh_from_db()
    assert item.status == "done"  # the import's move, and no other


@pytest.mark.django_db
def test_a_key_taken_meanwhile_is_one_clear_problem_on_every_database(monkeypatch):
    """The bulk write meets a row another writer stored meanwhile: a problem of the file, nothing written."""
    bulk_create = AirDailyResource.bulk_create

    def meanwhile(self, *args, **kwargs):
        AirDailyRecord.objects.create(station=AirStation.objects.get(code=STATIONS[0]), date=DAY, pm25=1)
        return bulk_create(self, *args, **kwargs)

    monkeypatch.setattr(AirDailyResource, "bulk_create", meanwhile)
    events = ImportEvent.objects.count()
    result = import_file("air-daily", air_file("50"), file_name="a.csv")
    assert result.problems == [RowError(0, "", base.DUPLICATE)]
    assert "Traceback" not in str(result.problems) and "duplicate key" not in str(result.problems)
    assert ImportEvent.objects.count() == events
    assert not AirDailyRecord.objects.filter(date=DAY).exists()


@pytest.mark.django_db
def test_an_admin_add_whose_key_was_taken_meanwhile_says_so_and_saves_nothing(client, staff_user, monkeypatch):
    """The form found no such record; another writer stored one before the save: a message, not a 500."""
    station = AirStation.objects.get(code=STATIONS[0])
    for_instance = locks.for_instance

    def meanwhile(instance, **kwargs):
        for_instance(instance, **kwargs)
        AirDailyRecord.objects.create(station=station, date=DAY, pm25=1)

    monkeypatch.setattr(locks, "for_instance", meanwhile)
    client.force_login(staff_user)
    url = "/admin/indicators/airdailyrecord/add/"
    page = client.post(url, {"station": station.pk, "date": DAY.isoformat(), "pm25": "46", "co": "0.8"}, follow=True)
    assert page.redirect_chain == [(url, 302)]
    assert [str(message) for message in page.context["messages"]] == [TAKEN_MEANWHILE]
    assert not AuditEntry.objects.filter(model="indicators.airdailyrecord", action="create").exists()
    assert not AirDailyRecord.objects.filter(date=DAY, pm25=46).exists()
