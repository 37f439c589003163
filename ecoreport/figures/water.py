"""Water figures of a period: each section's class and indices (GB 3838-2002) and the drinking-water sources."""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections import defaultdict
from decimal import Decimal

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Count, FloatField, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast
from django.utils import translation

from ecoreport.figures import prepared
from ecoreport.figures.memo import Fingerprint
from ecoreport.figures.rendered import python_repr
from ecoreport.figures.results import (
    DrinkingFigures,
    ExceedingParam,
    GroupMembers,
    SectionFigures,
    SectionMonth,
    WaterFigures,
    filled,
)
from ecoreport.figures.water_arrays import COLUMNS, SampleColumns, section_figures_arrays
from ecoreport.lib.periods import months_between
from indicators.models import WATER_FIELD, DrinkingWaterResult, SectionTarget, WaterSample, WaterSection
from indicators.standards import vector_water, water
from indicators.standards.rounding import change_pct, round_gb8170
from indicators.standards.stats import good_rate as stats_good_rate

_CLASS_LABELS = {cls: water.class_label(cls) for cls in water.CLASSES}


def _class_label(cls: str) -> str:
    return _CLASS_LABELS.get(cls) or water.class_label(cls)


# filled() applies no default: section_result names every field of SectionMonth.
assert [field.name for field in dataclasses.fields(SectionMonth)] == ["year", "month", "cls", "cls_label", "tp"]

_SECTION_LEVELS = dict(WaterSection.Level.choices)
_SECTION_BODIES = dict(WaterSection.Body.choices)


@functools.lru_cache(maxsize=8)
def _labels(language: str | None) -> tuple[dict[str, str], dict[str, str]]:
    """The level and body labels translated once per language, not once per section."""
    return (
        {key: str(label) for key, label in _SECTION_LEVELS.items()},
        {key: str(label) for key, label in _SECTION_BODIES.items()},
    )


def _safe_cwqi(values, body: str) -> Decimal | None:
    try:
        return water.cwqi(values, body)
    except ValueError:  # DO of 0 has no CWQI term; such a section is left out of the index
        return None


def _section_figures(
    section: dict, samples: list[dict], start, end, prev_start, prev_end, *, monthly_classes: bool = True
) -> SectionFigures:
    """One section's figures by the scalar functions of ``indicators.standards.water`` (the
    reference of ``water_arrays``, and its fallback)."""
    body = section["body"]
    now = [s for s in samples if start <= s["date"] <= end]
    before = [s for s in samples if prev_start <= s["date"] <= prev_end]
    means = water.period_means(now)
    means_prev = water.period_means(before)
    result = water.section_class(means, body) if means else None
    target = section["year_target"] or section["target_class"]
    monthly = []
    for year, month in months_between(start, end) if monthly_classes else []:
        month_means = water.period_means(s for s in now if (s["date"].year, s["date"].month) == (year, month))
        month_class = water.section_class(month_means, body) if month_means else None
        if month_class is not None:
            tp = water.display_value("tp", month_means["tp"]) if "tp" in month_means else None
            monthly.append((year, month, month_class.cls, tp))
    return section_result(
        section,
        cls=result.cls if result else None,
        tp=water.display_value("tp", means["tp"]) if "tp" in means else None,
        tp_prev=water.display_value("tp", means_prev["tp"]) if "tp" in means_prev else None,
        cwqi_now=_safe_cwqi(means, body) if means else None,
        cwqi_prev=_safe_cwqi(means_prev, body) if means_prev else None,
        exceeding=water.exceeding(means, target, body) if result else [],
        monthly=monthly,
        sample_count=len(now),
    )


def section_result(
    section: dict,
    *,
    cls: str | None,
    tp: Decimal | None,
    tp_prev: Decimal | None,
    cwqi_now: Decimal | None,
    cwqi_prev: Decimal | None,
    exceeding: list[tuple[str, Decimal | None]],
    monthly: list[tuple[int, int, str, Decimal | None]],
    sample_count: int,
    labels: tuple[dict[str, str], dict[str, str]] | None = None,
) -> SectionFigures:
    """The ``SectionFigures`` of a section row from its computed figures; ``monthly`` holds
    (year, month, class, TP) of each month that has a class; ``labels``: ``_labels`` of the
    current language, when the caller has them."""
    body = section["body"]
    target = section["year_target"] or section["target_class"]
    levels, bodies = labels or _labels(translation.get_language())
    return SectionFigures(
        pk=section["id"],
        code=section["code"],
        name=section["name"],
        organization_code=section["organization__code"],
        level=section["level"],
        level_label=levels.get(section["level"], section["level"]),
        body=body,
        body_label=bodies.get(body, body),
        cls=cls,
        cls_label=water.class_label(cls) if cls else None,
        target=target,
        target_label=water.class_label(target),
        meets_target=water.meets_target(cls, target) if cls else None,
        grade=water.grade(cls) if cls else None,
        tp=tp,
        tp_prev=tp_prev,
        tp_change_pct=vector_water.change_pct(tp, tp_prev),
        exceeding=[ExceedingParam(param=key, name=water.PARAMETERS[key].name, times=times) for key, times in exceeding],
        cwqi=cwqi_now,
        cwqi_prev=cwqi_prev,
        cwqi_change_pct=vector_water.change_pct(cwqi_now, cwqi_prev),
        monthly=[
            filled(SectionMonth, year=year, month=month, cls=month_cls, cls_label=_class_label(month_cls), tp=month_tp)
            for year, month, month_cls, month_tp in monthly
        ],
        groups=[],
        sample_count=sample_count,
    )


def mean_cwqi(sections: list[SectionFigures], attr: str) -> Decimal | None:
    """Mean of the sections' ``attr`` (cwqi or cwqi_prev) over those that have one, four decimals."""
    values = [getattr(s, attr) for s in sections if getattr(s, attr) is not None]
    if not values:
        return None
    return round_gb8170(sum(values, Decimal(0)) / len(values), 4)


def section_figures(
    org_ids: list[int],
    start: datetime.date,
    end: datetime.date,
    prev_start: datetime.date,
    prev_end: datetime.date,
    fingerprint: Fingerprint,
) -> tuple[dict[int, SectionFigures], dict[str, GroupMembers], list[dict]]:
    """Sections of the organization, plus sections sharing a ranking group with them, in display
    order (``WaterSection.order`` within each organization).

    Returns the figures by section id, the ranking groups' members by group name, and the
    section rows (id, organization_id …) they were computed for.
    """
    memberships = prepared.rows("memberships", _memberships_query, list(org_ids))
    member_ids = sorted({pk for _, pk, _ in memberships})
    sections = prepared.rows("sections", _sections_query, list(org_ids), member_ids, end.year, dicts=True)
    section_ids = [s["id"] for s in sections]
    # A group's declared size enters only when there is one: the fingerprints of data without
    # sizes stay those computed before sizes existed (published reports stay current).
    fingerprint.add("memberships", [row if row[2] is not None else row[:2] for row in memberships])
    fingerprint.add("sections", sections)
    sample_args = (section_ids, prev_start, prev_end, start, end)
    if connections[DEFAULT_DB_ALIAS].vendor == "postgresql":
        # The rows' repr rendered by the database beside their values as floats (``rendered``).
        found = prepared.rows("samples_rendered", _rendered_samples_query, *sample_args, raw=True)
        fingerprint.add_rendered("samples", "".join([row[2] for row in found]))
        samples = SampleColumns.from_tuples(found, values_at=3)

        def sample_dicts():
            return prepared.rows("samples", _samples_query, *sample_args, dicts=True)
    else:
        sample_rows = prepared.rows("samples", _samples_query, *sample_args, dicts=True)
        fingerprint.add("samples", sample_rows)
        samples = SampleColumns.from_dicts(sample_rows)

        def sample_dicts():
            return sample_rows

    return _water_figures(
        org_ids, sections, memberships, samples, start, end, prev_start, prev_end, sample_dicts=sample_dicts
    )


def _memberships_query(org_ids: list[int]):
    through = WaterSection.groups.through
    in_scope_groups = through.objects.filter(watersection__organization_id__in=org_ids).values("sectiongroup_id")
    return (
        through.objects.filter(sectiongroup_id__in=in_scope_groups)
        .values_list("sectiongroup__name", "watersection_id", "sectiongroup__size")
        .order_by("sectiongroup__name", "watersection_id")
    )


def _sections_query(org_ids: list[int], member_ids: list[int], year: int):
    year_target = SectionTarget.objects.filter(section=OuterRef("pk"), year=year).values("target_class")[:1]
    return (
        WaterSection.objects.filter(Q(organization_id__in=org_ids) | Q(pk__in=member_ids))
        .annotate(year_target=Subquery(year_target))
        .values(
            "id", "code", "name", "organization_id", "organization__code", "level", "body", "target_class",
            "year_target",
        )
        .order_by("organization__code", "order", "code")
    )  # fmt: skip


_SAMPLE_FIELDS = ["section_id", "date", *WATER_FIELD.values()]


def _samples_query(section_ids: list[int], prev_start, prev_end, start, end):
    return (
        WaterSample.objects.filter(
            Q(date__range=(prev_start, prev_end)) | Q(date__range=(start, end)),
            section_id__in=section_ids,
        )
        .values(*_SAMPLE_FIELDS)
        .order_by("section_id", "date")
    )


def _rendered_samples_query(section_ids: list[int], prev_start, prev_end, start, end):
    """``_samples_query``'s rows as (section id, date, the row's repr, the values as floats)
    (PostgreSQL: ``rendered.python_repr``)."""
    floats = {f"_{name}": Cast(name, FloatField()) for name in COLUMNS}
    return (
        WaterSample.objects.filter(
            Q(date__range=(prev_start, prev_end)) | Q(date__range=(start, end)),
            section_id__in=section_ids,
        )
        .annotate(_repr=python_repr(WaterSample, _SAMPLE_FIELDS), **floats)
        .values_list("section_id", "date", "_repr", *floats)
        .order_by("section_id", "date")
    )


def _water_figures(
    org_ids, sections, memberships, samples: SampleColumns, start, end, prev_start, prev_end, *, sample_dicts
):
    """Each section's period figures from its samples (pure: no queries but ``sample_dicts``): by
    the exact vectorised engine (``water_arrays``), or by the scalar functions, from the rows
    ``sample_dicts()`` gives, for data outside its range."""
    scope = set(org_ids)
    try:
        computed = section_figures_arrays(sections, scope, samples, start, end, prev_start, prev_end)
        labels = _labels(translation.get_language())
        figures = {}
        for section in sections:
            figures[section["id"]] = item = section_result(section, **computed[section["id"]], labels=labels)
            item.in_scope = section["organization_id"] in scope
    except (OverflowError, ValueError):  # beyond exact int64 sums, or data the scalar path refuses
        figures = _scalar_figures(sections, scope, sample_dicts(), start, end, prev_start, prev_end)
    groups: dict[str, GroupMembers] = {}
    for name, pk, size in memberships:
        groups.setdefault(name, GroupMembers(size=size)).ids.append(pk)
        figures[pk].groups.append(name)
    return figures, groups, sections


def _scalar_figures(sections, scope, sample_rows, start, end, prev_start, prev_end) -> dict[int, SectionFigures]:
    """``section_figures_arrays`` by the scalar reference, one section at a time."""
    by_section: dict[int, list[dict]] = defaultdict(list)
    for row in sample_rows:
        values = {key: row[field_name] for key, field_name in WATER_FIELD.items()}
        values["date"] = row["date"]
        by_section[row["section_id"]].append(values)
    figures: dict[int, SectionFigures] = {}
    for section in sections:
        own = section["organization_id"] in scope
        samples = by_section.get(section["id"], [])
        item = _section_figures(section, samples, start, end, prev_start, prev_end, monthly_classes=own)
        item.in_scope = own
        figures[section["id"]] = item
    return figures


def water_totals(sections: dict[int, SectionFigures]) -> WaterFigures:
    """The organization's own sections and how many are assessed, meet their target, are Ⅰ–Ⅲ."""
    in_scope = [s for s in sections.values() if s.in_scope]
    cwqi, cwqi_prev = mean_cwqi(in_scope, "cwqi"), mean_cwqi(in_scope, "cwqi_prev")
    return WaterFigures(
        sections=in_scope,
        assessed=sum(1 for s in in_scope if s.cls is not None),
        meeting_target=sum(1 for s in in_scope if s.meets_target),
        good_class=sum(1 for s in in_scope if s.cls is not None and water.is_good_class(s.cls)),
        cwqi=cwqi,
        cwqi_prev=cwqi_prev,
        cwqi_change_pct=change_pct(cwqi, cwqi_prev),
    )


def drinking_figures(
    org_ids: list[int], start: datetime.date, end: datetime.date, fingerprint: Fingerprint
) -> DrinkingFigures:
    """Results of the centralised drinking-water sources in the period and the share compliant."""
    found = prepared.rows("drinking", _drinking_query, list(org_ids), start, end)
    # QuerySet.aggregate()'s dict, which the fingerprint hashes (no row: no result, counts of 0)
    row = dict(zip(("sources", "results", "compliant"), found[0] if found else (0, 0, 0), strict=True))
    fingerprint.add("drinking", [row])
    return DrinkingFigures(
        sources=row["sources"],
        results=row["results"],
        compliant=row["compliant"],
        rate=stats_good_rate(row["compliant"], row["results"]),
    )


def _drinking_query(org_ids: list[int], start: datetime.date, end: datetime.date):
    """The counts of ``QuerySet.aggregate()`` as one row: grouped by a constant, which adds no
    GROUP BY clause, so the row is there when no result is."""
    return (
        DrinkingWaterResult.objects.filter(source__organization_id__in=org_ids, date__range=(start, end))
        .annotate(_all=Value(0, output_field=IntegerField()))
        .values("_all")
        .order_by()
        .annotate(
            sources=Count("source_id", distinct=True),
            results=Count("id"),
            compliant=Count("id", filter=Q(compliant=True)),
        )
        .values_list("sources", "results", "compliant")
    )
