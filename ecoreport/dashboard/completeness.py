"""Data completeness and to-do: what is missing or late for an organization's subtree.

One function, ``compute_completeness``, returns a plain ``Completeness`` object that the page
(数据完整性与待办), the admin home and the reminder e-mails render. It runs a fixed number of
queries whatever the size of the subtree (seven; a test pins it). Definitions:

- **Missing air day**: an active station of the subtree without a daily record for a day of the
  period, counting only days up to yesterday (today's record is not due yet).
- **Missing water month**: an active section without any sample in a calendar month of the period
  whose first day is on or before yesterday (so this month counts once it has begun).
- **Stale import**: a kind of recurring data without an import in more than ``STALE_AFTER_DAYS``
  days (or never). Import records are kept for the whole database, not per organization.
- **Overdue / behind**: rectification items and ledger tasks in those states as the figures and
  drill-downs count them (``TrackedWorkQuerySet.conditions``), as of the period end, or today when
  the period ends later.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import BooleanField, ExpressionWrapper, Max
from django.utils import timezone

from ecoreport.audit.models import ImportEvent
from ecoreport.importing.resources import RESOURCES
from ecoreport.lib.periods import month_end, months_between
from indicators.models import AirDailyRecord, AirStation, WaterSample, WaterSection
from tasks.models import LedgerTask, RectificationItem

# Days without an import after which a kind is listed: air data is daily and entered at least
# weekly; samples, rectification and ledger progress are reported monthly (a month and a few days).
STALE_AFTER_DAYS = {"air-daily": 7, "water-samples": 35, "rectification": 35, "ledger": 35}


@dataclass(frozen=True)
class DateRange:
    first: datetime.date
    last: datetime.date

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1


@dataclass(frozen=True)
class StationGaps:
    code: str
    name: str
    organization: str
    expected_days: int
    missing: tuple[DateRange, ...]

    @property
    def missing_days(self) -> int:
        return sum(gap.days for gap in self.missing)


@dataclass(frozen=True)
class SectionGaps:
    code: str
    name: str
    organization: str
    expected_months: int
    missing_months: tuple[datetime.date, ...]  # the first day of each month without a sample


@dataclass(frozen=True)
class ImportStatus:
    kind: str
    label: str
    stale_after_days: int
    last_import: datetime.datetime | None
    days_since: int | None  # None: never imported

    @property
    def stale(self) -> bool:
        return self.days_since is None or self.days_since > self.stale_after_days


@dataclass(frozen=True)
class LateWork:
    """One rectification item or ledger task that is overdue or behind."""

    kind: str  # "rectification" or "ledger"
    code: str
    text: str
    deadline: datetime.date | None
    days_overdue: int
    overdue: bool
    behind: bool


@dataclass
class UnitWork:
    unit: str
    work: list[LateWork] = field(default_factory=list)

    def _count(self, kind: str, flag: str) -> int:
        return sum(1 for w in self.work if w.kind == kind and getattr(w, flag))

    @property
    def overdue_items(self) -> int:
        return self._count("rectification", "overdue")

    @property
    def behind_items(self) -> int:
        return self._count("rectification", "behind")

    @property
    def overdue_tasks(self) -> int:
        return self._count("ledger", "overdue")

    @property
    def behind_tasks(self) -> int:
        return self._count("ledger", "behind")


@dataclass
class Completeness:
    """What is missing or late; ``checked_until`` < ``start`` means no day of the period is due yet.

    Behind counts include the overdue ones, as in data-formats.md (behind: in progress and overdue
    or marked behind).
    """

    start: datetime.date
    end: datetime.date
    today: datetime.date
    checked_until: datetime.date
    as_of: datetime.date
    stations: list[StationGaps]
    sections: list[SectionGaps]
    imports: list[ImportStatus]
    units: list[UnitWork]

    @property
    def stations_with_gaps(self) -> list[StationGaps]:
        return [s for s in self.stations if s.missing]

    @property
    def sections_with_gaps(self) -> list[SectionGaps]:
        return [s for s in self.sections if s.missing_months]

    @property
    def stale_imports(self) -> list[ImportStatus]:
        return [i for i in self.imports if i.stale]

    @property
    def missing_days(self) -> int:
        return sum(s.missing_days for s in self.stations)

    @property
    def missing_months(self) -> int:
        return sum(len(s.missing_months) for s in self.sections)

    def _total(self, name: str) -> int:
        return sum(getattr(unit, name) for unit in self.units)

    @property
    def overdue_items(self) -> int:
        return self._total("overdue_items")

    @property
    def behind_items(self) -> int:
        return self._total("behind_items")

    @property
    def overdue_tasks(self) -> int:
        return self._total("overdue_tasks")

    @property
    def behind_tasks(self) -> int:
        return self._total("behind_tasks")

    @property
    def has_todo(self) -> bool:
        return bool(self.missing_days or self.missing_months or self.stale_imports or self.units)

    @property
    def querystring(self) -> str:
        """Drill-down parameters whose period end is ``as_of``, so their counts equal these."""
        return f"from={self.start.isoformat()}&to={self.as_of.isoformat()}"


def date_ranges(days: Iterable[datetime.date]) -> tuple[DateRange, ...]:
    """Consecutive days joined into ranges: 3, 4, 5 and 9 March → 3–5 March, 9 March."""
    ranges: list[DateRange] = []
    for day in sorted(days):
        if ranges and (day - ranges[-1].last).days == 1:
            ranges[-1] = DateRange(ranges[-1].first, day)
        else:
            ranges.append(DateRange(day, day))
    return tuple(ranges)


def _days(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def _station_gaps(org_ids, start, until) -> list[StationGaps]:
    stations = list(
        AirStation.objects.filter(organization_id__in=org_ids, active=True)
        .order_by("organization__code", "code")
        .values_list("id", "code", "name", "organization__name")
    )
    if until < start:
        return [StationGaps(code, name, org, 0, ()) for _, code, name, org in stations]
    seen: dict[int, set[datetime.date]] = {}
    rows = AirDailyRecord.objects.filter(station_id__in=[s[0] for s in stations], date__range=(start, until))
    for station_id, day in rows.order_by().values_list("station_id", "date"):
        seen.setdefault(station_id, set()).add(day)
    due = _days(start, until)
    return [
        StationGaps(code, name, org, len(due), date_ranges(d for d in due if d not in seen.get(pk, ())))
        for pk, code, name, org in stations
    ]


def _section_gaps(org_ids, start, until) -> list[SectionGaps]:
    sections = list(
        WaterSection.objects.filter(organization_id__in=org_ids, active=True)
        .order_by("organization__code", "code")
        .values_list("id", "code", "name", "organization__name")
    )
    months = [datetime.date(y, m, 1) for y, m in months_between(start, until)] if until >= start else []
    sampled: dict[int, set[datetime.date]] = {}
    if months:
        # A sample anywhere in a month counts for it, also before a period that starts mid-month.
        last_day = month_end(until.year, until.month)
        rows = WaterSample.objects.filter(section_id__in=[s[0] for s in sections], date__range=(months[0], last_day))
        for section_id, day in rows.order_by().values_list("section_id", "date"):
            sampled.setdefault(section_id, set()).add(day.replace(day=1))
    return [
        SectionGaps(code, name, org, len(months), tuple(m for m in months if m not in sampled.get(pk, ())))
        for pk, code, name, org in sections
    ]


def _imports(now: datetime.datetime) -> list[ImportStatus]:
    latest = dict(
        ImportEvent.objects.filter(kind__in=list(STALE_AFTER_DAYS))
        .values_list("kind")
        .annotate(last=Max("at"))
        .values_list("kind", "last")
    )
    found = []
    for kind, limit in STALE_AFTER_DAYS.items():
        last = latest.get(kind)
        days = None if last is None else (timezone.localtime(now).date() - timezone.localtime(last).date()).days
        found.append(ImportStatus(kind, RESOURCES[kind].label, limit, last, days))
    return found


def _late(queryset, as_of):
    """Overdue or behind rows, each flagged with the conditions the figures and drill-downs use."""
    conditions = queryset.conditions(as_of)
    overdue, behind = conditions["overdue"], conditions["behind"]
    return (
        queryset.as_of(as_of)
        .filter(overdue | behind)
        .annotate(
            is_overdue=ExpressionWrapper(overdue, output_field=BooleanField()),
            is_behind=ExpressionWrapper(behind, output_field=BooleanField()),
        )
    )


def _late_work(org_ids, as_of) -> list[UnitWork]:
    items = _late(RectificationItem.objects.filter(batch__organization_id__in=org_ids), as_of)
    tasks = _late(LedgerTask.objects.filter(area__organization_id__in=org_ids).for_period(as_of), as_of)
    units: dict[str, UnitWork] = {}

    def add(row, kind: str, code: str, text: str) -> None:
        # Days from the flag as of the day, not from the row's current status (it may have moved since).
        days = (as_of - row.deadline).days if row.is_overdue else 0
        units.setdefault(row.unit.name, UnitWork(row.unit.name)).work.append(
            LateWork(kind, code, text, row.deadline, days, row.is_overdue, row.is_behind)
        )

    for item in items.select_related("unit").order_by("code"):
        add(item, "rectification", item.code, item.description)
    for task in tasks.select_related("unit", "area").order_by("area__order", "area__name", "number"):
        add(task, "ledger", f"{task.area.name} {task.number}", task.content)
    for unit in units.values():
        unit.work.sort(key=lambda w: (-w.days_overdue, w.kind, w.code))
    # Units with the most overdue work first, then the most late work, then by name.
    return sorted(units.values(), key=lambda u: (-(u.overdue_items + u.overdue_tasks), -len(u.work), u.unit))


def digest_window(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The days a to-do digest looks at: this year up to today (on 1 January, all of last year)."""
    yesterday = today - datetime.timedelta(days=1)
    return datetime.date(yesterday.year, 1, 1), today


def digest_for(org, *, now: datetime.datetime | None = None) -> Completeness:
    """The to-do digest of an organization and everything under it: the admin home and the e-mails."""
    now = now or timezone.now()
    start, end = digest_window(timezone.localtime(now).date())
    return compute_completeness(org.subtree_ids(), start, end, now=now)


def compute_completeness(
    org_ids: list[int],
    start: datetime.date,
    end: datetime.date,
    *,
    now: datetime.datetime | None = None,
) -> Completeness:
    """Missing records and late work of the organizations ``org_ids`` in ``start``–``end``.

    ``org_ids``: an organization and its subtree (``Organization.subtree_ids()``); ``now`` fixes
    the clock (the reminder command's ``--date``).
    """
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    checked_until = min(end, today - datetime.timedelta(days=1))
    as_of = min(end, today)
    return Completeness(
        start=start,
        end=end,
        today=today,
        checked_until=checked_until,
        as_of=as_of,
        stations=_station_gaps(org_ids, start, checked_until),
        sections=_section_gaps(org_ids, start, checked_until),
        imports=_imports(now),
        units=_late_work(org_ids, as_of),
    )
