"""Work statistics and external assessments of a period: what ``PeriodFigures.work`` and ``.assessments`` hold.

How values make a period's figure (the one rule, ``combine``): the values of an indicator and an
organization that lie wholly inside the period are taken; a value lying inside another one of them
is left out (a half-year total stands for its months); the rest are combined by the indicator's
``aggregation``: ``sum`` adds them, ``latest`` takes the one that ends last, ``max`` the largest.
A value reaching outside the period never counts: 2022 H1's total is not 2022 Q1's figure.

Roll-up: an organization's figure is its own value when it has one; otherwise, for an ``additive``
indicator, the sum of the figures of the organizations directly under it (each found the same
way), so a county's entries add up to its city unless the city entered its own total.

Assessments are the organization's own (a county's rank is not its city's), those whose assessed
period lies inside the period.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from ecoreport.accounts.models import Subtree
from ecoreport.figures import prepared
from ecoreport.figures.memo import Fingerprint
from ecoreport.lib.periods import period_of
from indicators.assessments import Assessment, scope_text
from indicators.standards.rounding import round_gb8170
from tasks.workstats import WorkIndicator, WorkValue

_CATEGORY_ORDER = {value: index for index, value in enumerate(WorkIndicator.Category.values)}
_CATEGORY_LABEL = dict(WorkIndicator.Category.choices)


@dataclass(frozen=True)
class WorkFigure:
    """One work indicator over the period for the organization (``value``) and the same dates a year earlier.

    ``change`` value − prev in the indicator's unit; ``change_pct`` % one decimal (None when the
    year before is missing or 0); ``records`` how many entered values the figure is made of;
    ``rolled_up`` True when it adds up organizations under this one (it has no own value);
    ``is_sample`` True when a value used is sample data.
    """

    code: str
    name: str
    unit: str
    category: str
    category_label: str
    aggregation: str
    additive: bool
    value: Decimal | None
    prev: Decimal | None
    change: Decimal | None
    change_pct: Decimal | None
    records: int
    rolled_up: bool
    is_sample: bool


@dataclass(frozen=True)
class AssessmentFigure:
    """A rank or grade a higher authority published about the organization, for a period inside this one.

    ``period_label`` the assessed period within its year ("一季度", "上半年", "1-5月");
    ``scope_text`` the field as a sentence names it ("全省100个县（市、区）").
    """

    measure: str
    scope: str
    field_size: int | None
    field_unit: str
    rank: int | None
    grade: str
    start: datetime.date
    end: datetime.date
    period_label: str
    publisher: str
    document: str
    note: str
    is_sample: bool

    @property
    def scope_text(self) -> str:
        return scope_text(self.scope, self.field_size, self.field_unit)


@dataclass(frozen=True)
class _Entry:
    start: datetime.date
    end: datetime.date
    value: Decimal
    is_sample: bool
    pk: int | None = None


def combine(aggregation: str, entries: list[_Entry]) -> tuple[Decimal | None, list[_Entry]]:
    """The figure of one organization's values inside a period, and the values it is made of (module rule)."""
    kept: list[_Entry] = []
    for entry in sorted(entries, key=lambda e: (e.start - e.end, e.start)):  # longest first
        if not any(other.start <= entry.start and entry.end <= other.end for other in kept):
            kept.append(entry)
    if not kept:
        return None, []
    if aggregation == WorkIndicator.Aggregation.LATEST:
        latest = max(kept, key=lambda e: (e.end, e.end - e.start))
        return latest.value, [latest]
    if aggregation == WorkIndicator.Aggregation.MAXIMUM:
        largest = max(kept, key=lambda e: e.value)
        return largest.value, [largest]
    return sum((e.value for e in kept), Decimal(0)), kept


def counted(aggregation: str, values, start: datetime.date, end: datetime.date) -> set[int]:
    """The pks of the ``WorkValue`` rows each organization's own figure for the period is made of."""
    by_org: dict[int, list[_Entry]] = {}
    for value in values:
        if start <= value.period_start and value.period_end <= end:
            entry = _Entry(value.period_start, value.period_end, value.value, value.is_sample, value.pk)
            by_org.setdefault(value.organization_id, []).append(entry)
    return {entry.pk for entries in by_org.values() for entry in combine(aggregation, entries)[1]}


def _rolled(
    org_id: int, own: dict[int, list[_Entry]], children: dict[int, list[int]], aggregation: str, additive: bool
) -> tuple[Decimal | None, list[_Entry], bool]:
    """(figure, values used, rolled up) of ``org_id``: its own figure, else its children's added up."""
    value, used = combine(aggregation, own.get(org_id, []))
    if value is not None or not additive:
        return value, used, False
    total, used_below = None, []
    for child in children.get(org_id, []):
        child_value, child_used, _ = _rolled(child, own, children, aggregation, additive)
        if child_value is not None:
            total = (total or Decimal(0)) + child_value
            used_below += child_used
    return total, used_below, total is not None


def _normal(value: Decimal | None) -> Decimal | None:
    # 54.0000 from the database is the 54 staff typed; 3.5000 is 3.5.
    if value is None:
        return None
    normal = value.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral() else normal


def work_figures(
    tree: Subtree,
    start: datetime.date,
    end: datetime.date,
    prev_start: datetime.date,
    prev_end: datetime.date,
    fingerprint: Fingerprint,
) -> list[WorkFigure]:
    """Every indicator with a value in the period or the year before, in catalogue order (one query)."""
    rows = prepared.rows("work", _work_query, list(tree.ids), start, end, prev_start, prev_end, dicts=True)
    if rows:  # an organization without work statistics keeps the fingerprint it had before they existed
        fingerprint.add("work", rows)
    by_indicator: dict[int, list[dict]] = {}
    for row in rows:
        by_indicator.setdefault(row["indicator_id"], []).append(row)
    root = tree.ids[0]
    found = []
    for indicator_rows in by_indicator.values():
        first = indicator_rows[0]
        aggregation, additive = first["indicator__aggregation"], first["indicator__additive"]
        now: dict[int, list[_Entry]] = {}
        before: dict[int, list[_Entry]] = {}
        for row in indicator_rows:
            entry = _Entry(row["period_start"], row["period_end"], row["value"], row["is_sample"])
            if start <= entry.start and entry.end <= end:
                now.setdefault(row["organization_id"], []).append(entry)
            if prev_start <= entry.start and entry.end <= prev_end:
                before.setdefault(row["organization_id"], []).append(entry)
        value, used, rolled_up = _rolled(root, now, tree.children, aggregation, additive)
        prev, _, _ = _rolled(root, before, tree.children, aggregation, additive)
        if value is None and prev is None:
            continue
        change = value - prev if value is not None and prev is not None else None
        change_pct = round_gb8170(change / prev * 100, 1) if change is not None and prev else None
        found.append(
            WorkFigure(
                code=first["indicator__code"],
                name=first["indicator__name"],
                unit=first["indicator__unit"],
                category=first["indicator__category"],
                category_label=str(_CATEGORY_LABEL.get(first["indicator__category"], first["indicator__category"])),
                aggregation=aggregation,
                additive=additive,
                value=_normal(value),
                prev=_normal(prev),
                change=_normal(change),
                change_pct=change_pct,
                records=len(used),
                rolled_up=rolled_up,
                is_sample=any(entry.is_sample for entry in used),
            )
        )
    order = {rows[0]["indicator__code"]: rows[0]["indicator__order"] for rows in by_indicator.values()}
    found.sort(key=lambda f: (_CATEGORY_ORDER.get(f.category, len(_CATEGORY_ORDER)), order[f.code], f.code))
    return found


def assessment_figures(
    org_id: int, start: datetime.date, end: datetime.date, fingerprint: Fingerprint
) -> list[AssessmentFigure]:
    """The organization's assessments for periods inside this one, earliest period first (one query)."""
    rows = prepared.rows("assessments", _assessments_query, org_id, start, end, dicts=True)
    if rows:
        fingerprint.add("assessments", rows)
    return [
        AssessmentFigure(
            measure=row["measure"],
            scope=row["scope"],
            field_size=row["field_size"],
            field_unit=row["field_unit"],
            rank=row["rank"],
            grade=row["grade"],
            start=row["period_start"],
            end=row["period_end"],
            period_label=period_of(row["period_start"], row["period_end"]).short_label,
            publisher=row["publisher"],
            document=row["document"],
            note=row["note"],
            is_sample=row["is_sample"],
        )
        for row in rows
    ]


def _work_query(org_ids: list[int], start, end, prev_start, prev_end):
    return (
        WorkValue.objects.filter(organization_id__in=org_ids)
        .filter(
            Q(period_start__gte=start, period_end__lte=end) | Q(period_start__gte=prev_start, period_end__lte=prev_end)
        )
        .values(
            "indicator_id", "indicator__code", "indicator__name", "indicator__unit", "indicator__category",
            "indicator__aggregation", "indicator__additive", "indicator__order",
            "organization_id", "period_start", "period_end", "value", "is_sample",
        )
        .order_by("indicator_id", "organization_id", "period_start", "period_end")
    )  # fmt: skip


def _assessments_query(org_id: int, start, end):
    return (
        Assessment.objects.filter(organization_id=org_id, period_start__gte=start, period_end__lte=end)
        .values(
            "measure", "scope", "field_size", "field_unit", "rank", "grade", "period_start", "period_end",
            "publisher", "document", "note", "is_sample",
        )
        .order_by("period_end", "period_start", "measure")
    )  # fmt: skip
