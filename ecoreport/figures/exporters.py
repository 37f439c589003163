"""The summary JSON of data-formats.md (``manage.py summary``), rendered from ``PeriodFigures``.

An exporter in the manner of pretix's: ``render(figures, *, daily=False)`` returns
``(filename, mimetype, bytes)``; ``to_summary_dict`` is the object before serialisation.
"""

from __future__ import annotations

import json

from ecoreport.figures.results import (
    AirFigures,
    BatchFigures,
    MonthFigure,
    PeriodFigures,
    Published,
    RankEntry,
    SectionFigures,
    TargetCheck,
)
from ecoreport.figures.targets import PUBLISHED_PLACES
from ecoreport.figures.work import BATCH_KEYS, COUNT_KEYS
from ecoreport.figures.workstats import AssessmentFigure, WorkFigure
from indicators.standards.rounding import round_gb8170

MIMETYPE = "application/json"


def render(figures: PeriodFigures, *, daily: bool = False) -> tuple[str, str, bytes]:
    """The summary as a JSON file: (filename, mimetype, UTF-8 bytes); ``daily`` adds every valid day's AQI."""
    data = to_summary_dict(figures, daily=daily)
    filename = f"summary-{figures.organization.code}-{figures.start:%Y%m%d}-{figures.end:%Y%m%d}.json"
    return filename, MIMETYPE, json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8")


def _num(value, places: int | None = None):
    """A Decimal as a JSON number: int when ``places`` is 0, else a float with that many places."""
    if value is None:
        return None
    if places == 0:
        return int(value)
    if places is not None:
        value = round_gb8170(value, places)
    return float(value)


def _air_core(air: AirFigures) -> dict:
    return {
        "calendar_days": air.calendar_days,
        "valid_days": air.valid_days,
        "completeness": _num(air.completeness, 1),
        "good_days": air.good_days,
        "good_rate": _num(air.good_rate, 1),
        "days_by_category": dict(air.days_by_category),
        "heavy_days": air.heavy_days,
        "pm25": air.pm25,
        "pm10": air.pm10,
        "so2": air.so2,
        "no2": air.no2,
        "co_p95": _num(air.co_p95, 1),
        "o3_8h_p90": air.o3_8h_p90,
        "composite_index": _num(air.composite_index, 2),
        "regime": air.regime,
    }


def _target_dict(check: TargetCheck | None) -> dict | None:
    if check is None:
        return None
    return {"target": _num(check.target), "met": check.met, "on_pace": check.on_pace, "status": check.status}


def _published_dict(item: Published | None, places: int) -> dict | None:
    if item is None:
        return None
    return {
        "value": _num(item.value, places),
        "computed": _num(item.computed, places),
        "differs": item.differs,
        "source": item.source,
        "note": item.note,
    }


def _rank_list(entries: list[RankEntry], places: int | None) -> list[dict]:
    return [
        {"rank": e.rank or None, "code": e.code, "name": e.name, "value": _num(e.value, places), "in_scope": e.in_scope}
        for e in entries
    ]


def _month_dict(month: MonthFigure) -> dict:
    return {
        "year": month.year,
        "month": month.month,
        "pm25": month.pm25,
        "valid_days": month.valid_days,
        "good_days": month.good_days,
        "good_rate": _num(month.good_rate, 1),
    }


def to_summary_dict(figures: PeriodFigures, *, daily: bool = False) -> dict:
    """The JSON object of ``manage.py summary`` (data-formats.md), plus extra keys."""
    air = figures.air
    air_dict = _air_core(air)
    air_dict |= {
        "regimes": list(air.regimes),
        "prev": _air_core(air.prev) if air.prev else None,
        "pm25_change_pct": _num(air.pm25_change_pct, 1),
        "good_rate_change_pp": _num(air.good_rate_change_pp, 1),
        "good_days_change": air.good_days_change,
        "primary_pollutant_days": dict(air.primary_pollutant_days),
        "monthly": [_month_dict(m) for m in air.monthly],
        "monthly_prev": [_month_dict(m) for m in air.monthly_prev],
        "month_on_month": (
            {
                "month": _month_dict(air.month_on_month.month),
                "before": _month_dict(air.month_on_month.before),
                "pm25_change_pct": _num(air.month_on_month.pm25_change_pct, 1),
                "good_rate_change_pp": _num(air.month_on_month.good_rate_change_pp, 1),
            }
            if air.month_on_month
            else None
        ),
        "targets": {"pm25": _target_dict(air.pm25_target), "good_rate": _target_dict(air.good_rate_target)},
        "published": {key: _published_dict(item, PUBLISHED_PLACES[key]) for key, item in sorted(air.published.items())},
    }
    if daily:
        air_dict["daily"] = [
            {"date": d.date.isoformat(), "aqi": d.aqi, "category": d.category, "primary": list(d.primary)}
            for d in air.daily
        ]
    sections = [
        {
            "code": s.code,
            "name": s.name,
            "level": s.level_label,
            "body": s.body,
            "class": s.cls,
            "class_label": s.cls_label,
            "target": s.target,
            "meets_target": s.meets_target,
            "grade": s.grade,
            "tp": _num(s.tp, 3),
            "tp_prev": _num(s.tp_prev, 3),
            "tp_change_pct": _num(s.tp_change_pct, 1),
            "exceeding": [{"param": e.param, "name": e.name, "times": _num(e.times, 2)} for e in s.exceeding],
            "cwqi": _num(s.cwqi, 4),
            "cwqi_prev": _num(s.cwqi_prev, 4),
            "cwqi_change_pct": _num(s.cwqi_change_pct, 1),
            "groups": list(s.groups),
            "sample_count": s.sample_count,
            "monthly": [{"year": m.year, "month": m.month, "class": m.cls, "tp": _num(m.tp, 3)} for m in s.monthly],
            "published_tp": _published_dict(s.published_tp, 3),
        }
        for s in figures.water.sections
    ]
    rect = figures.rectification

    def batch_dict(batch: BatchFigures) -> dict:
        return {"name": batch.name, "group": batch.group} | {key: getattr(batch, key) for key in BATCH_KEYS}

    ledger = figures.ledger
    rankings = figures.rankings
    published = dict(air_dict["published"])
    if figures.drinking.published:
        published["drinking_rate"] = _published_dict(figures.drinking.published, 1)
    for s in figures.water.sections:
        if s.published_tp:
            published[f"section_tp:{s.code}"] = _published_dict(s.published_tp, 3)
    return {
        "org": figures.organization.code,
        "org_name": figures.organization.name,
        "from": figures.start.isoformat(),
        "to": figures.end.isoformat(),
        "period_label": figures.period_label,
        "period_title": figures.period_title,
        "cumulative": figures.cumulative,
        "air": air_dict,
        "water": {
            "sections": sections,
            "assessed": figures.water.assessed,
            "meeting_target": figures.water.meeting_target,
            "good_class": figures.water.good_class,
            "cwqi": _num(figures.water.cwqi, 4),
            "cwqi_prev": _num(figures.water.cwqi_prev, 4),
            "cwqi_change_pct": _num(figures.water.cwqi_change_pct, 1),
        },
        "drinking": {
            "sources": figures.drinking.sources,
            "results": figures.drinking.results,
            "compliant": figures.drinking.compliant,
            "rate": _num(figures.drinking.rate, 1),
            "target": _target_dict(figures.drinking.target),
        },
        "rectification": {
            "batches": [batch_dict(b) for b in rect.batches],
            "groups": [batch_dict(g) for g in rect.groups],
            "totals": batch_dict(rect.totals),
        },
        "ledger": {key: getattr(ledger, key) for key in ("total", "areas", *COUNT_KEYS[1:])}
        | {
            "by_area": [
                {"area": a.area, "total": a.total, "completed": a.completed}
                | {key: getattr(a, key) for key in COUNT_KEYS[1:]}
                for a in ledger.by_area
            ]
        },
        "overdue": [
            {
                "kind": o.kind,
                "code": o.code_or_number,
                "text": o.text,
                "unit": o.unit,
                "deadline": o.deadline.isoformat(),
                "days_overdue": o.days_overdue,
                "status": o.status_label,
            }
            for o in figures.overdue
        ],
        "rankings": {
            "section_groups": [
                {"group": g.group, "members": g.members, "with_data": g.with_data, "sections": _rank_list(g.entries, 3)}
                for g in rankings.section_groups
            ],
            "orgs_by_pm25": _rank_list(rankings.orgs_by_pm25, 0),
            "orgs_by_good_rate": _rank_list(rankings.orgs_by_good_rate, 1),
            "orgs_by_cwqi_change": _rank_list(rankings.orgs_by_cwqi_change, 1),
            "section_cwqi": [
                entry | {"change_pct": _num(figures_section.cwqi_change_pct, 1)}
                for entry, figures_section in zip(
                    _rank_list(rankings.section_cwqi, 4), _sections_in_rank_order(figures), strict=True
                )
            ],
        },
        "targets": {
            "pm25": _target_dict(air.pm25_target),
            "good_rate": _target_dict(air.good_rate_target),
            "drinking_rate": _target_dict(figures.drinking.target),
            "sections": {s.code: {"target": s.target, "met": s.meets_target} for s in figures.water.sections},
        },
        "published": published,
        "data_fingerprint": figures.data_fingerprint,
        "work": [_work_dict(item) for item in figures.work],
        "assessments": [_assessment_dict(item) for item in figures.assessments],
        "samples": list(figures.samples),
    }


def _plain(value):
    """A work value as JSON: an int when whole (54), else a float with the places entered (2.83)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _work_dict(item: WorkFigure) -> dict:
    return {
        "code": item.code,
        "name": item.name,
        "unit": item.unit,
        "category": item.category_label,
        "aggregation": item.aggregation,
        "value": _plain(item.value),
        "prev": _plain(item.prev),
        "change": _plain(item.change),
        "change_pct": _num(item.change_pct, 1),
        "records": item.records,
        "rolled_up": item.rolled_up,
        "is_sample": item.is_sample,
    }


def _assessment_dict(item: AssessmentFigure) -> dict:
    return {
        "measure": item.measure,
        "from": item.start.isoformat(),
        "to": item.end.isoformat(),
        "period_label": item.period_label,
        "scope": item.scope,
        "field_size": item.field_size,
        "field_unit": item.field_unit,
        "rank": item.rank,
        "grade": item.grade,
        "publisher": item.publisher,
        "document": item.document,
        "note": item.note,
        "is_sample": item.is_sample,
    }


def _sections_in_rank_order(figures: PeriodFigures) -> list[SectionFigures]:
    by_code = {s.code: s for s in figures.water.sections}
    return [by_code[entry.code] for entry in figures.rankings.section_cwqi]
