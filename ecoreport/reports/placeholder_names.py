"""What each placeholder name means: a function of ``PeriodFigures`` giving the text, or None without data.

``lookup(name, figures, vocabulary)`` answers (known, text). Published figures win over computed
ones, as in the generated sentences (``wording.shown``). ``Vocabulary`` holds the names that exist
even when a period has no value for them (the work indicator catalogue, the organization's
assessed measures), so that a 2023 draft says 【无数据】 rather than 【未知占位符】 for them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING

from ecoreport.reports.formatting import chinese_ordinal, class_text, fmt, fmt_rate
from indicators.assessments import Assessment
from tasks.models import ledger_year
from tasks.workstats import WorkIndicator

if TYPE_CHECKING:
    from ecoreport.accounts.models import Organization
    from ecoreport.figures.results import PeriodFigures, Published
    from ecoreport.figures.workstats import AssessmentFigure, WorkFigure

Text = str | None


@dataclass(frozen=True)
class Vocabulary:
    """``indicators`` work indicator name or code → code; ``measures`` the organization's assessed measures."""

    indicators: dict[str, str]
    measures: frozenset[str]

    @classmethod
    def from_figures(cls, figures: PeriodFigures) -> Vocabulary:
        """Only what the period has values for (for callers without a database, such as tests of wording)."""
        indicators = {w.name: w.code for w in figures.work} | {w.code: w.code for w in figures.work}
        return cls(indicators=indicators, measures=frozenset(a.measure for a in figures.assessments))


def load_vocabulary(org: Organization) -> Vocabulary:
    """The whole catalogue and every measure the organization was ever assessed on (two queries)."""
    indicators = {}
    for code, name in WorkIndicator.objects.values_list("code", "name"):
        indicators[name] = indicators[code] = code
    measures = frozenset(Assessment.objects.filter(organization=org).values_list("measure", flat=True))
    return Vocabulary(indicators=indicators, measures=measures)


def _number(value: Decimal | int | None, places: int | None = None) -> Text:
    return None if value is None else fmt(value, places)


def _rate(value: Decimal | None) -> Text:
    return None if value is None else fmt_rate(value)


def _published(published: Published | None, computed, places: int | None = None, rate: bool = False) -> Text:
    value = published.value if published is not None else computed
    return _rate(value) if rate else _number(value, None if published is None else places)


def _change(change: Decimal | None, up: str, down: str, unit: str) -> Text:
    """A year-on-year change as the report words it: 下降12.9%, 上升5.0个百分点, 持平."""
    if change is None:
        return None
    if change == 0:
        return "持平"
    return f"{up if change > 0 else down}{fmt(abs(change))}{unit}"


def _plain(value: Decimal | None) -> Text:
    return None if value is None else format(value, "f")


def _air_days(figures: PeriodFigures, key: str) -> Text:
    # A period without valid days has no day counts (0 good days would read as a bad half-year).
    computed = getattr(figures.air, key) if figures.air.valid_days else None
    return _published(figures.air.published.get(key), computed, 0)


# Rectification and ledger states, as staff write them after 整改. or 台账.
STATE_WORDS = {
    "总数": "total", "已完成": "completed", "已销号": "closed", "申请销号": "applying_closure",
    "待销号": "done", "推进中": "in_progress", "按序时推进": "on_schedule", "滞后": "behind", "逾期": "overdue",
}  # fmt: skip
BATCH_WORDS = STATE_WORDS | {"限期整改": "time_limited", "长期坚持": "long_term", "信访件": "petition"}


def _count(owner: str, key: str) -> Callable[[PeriodFigures], Text]:
    read = attrgetter(f"{owner}.{key}")
    return lambda figures: str(read(figures))


REGISTRY: dict[str, Callable[[PeriodFigures], Text]] = {
    "期间.标题": lambda f: f.period_title,
    "期间.月份": lambda f: f.period_label,
    "期间.年度": lambda f: str(f.end.year),
    "空气.PM25": lambda f: _published(f.air.published.get("pm25"), f.air.pm25, 0),
    "空气.PM10": lambda f: _number(f.air.pm10),
    "空气.SO2": lambda f: _number(f.air.so2),
    "空气.NO2": lambda f: _number(f.air.no2),
    "空气.CO": lambda f: _number(f.air.co_p95, 1),
    "空气.O3": lambda f: _number(f.air.o3_8h_p90),
    "空气.综合指数": lambda f: _number(f.air.composite_index, 2),
    "空气.有效天数": lambda f: _number(f.air.valid_days) if f.air.valid_days else None,
    "空气.优良天数": lambda f: _air_days(f, "good_days"),
    "空气.优良率": lambda f: _published(f.air.published.get("good_rate"), f.air.good_rate, rate=True),
    "空气.重污染天数": lambda f: _air_days(f, "heavy_days"),
    "空气.PM25同比": lambda f: _change(f.air.pm25_change_pct, "上升", "下降", "%"),
    "空气.优良率同比": lambda f: _change(f.air.good_rate_change_pp, "上升", "下降", "个百分点"),
    "水.断面数": lambda f: str(sum(1 for s in f.water.sections if s.in_scope)),
    "水.国考断面数": lambda f: str(sum(1 for s in f.water.sections if s.in_scope and s.level == "national")),
    "水.评价断面数": lambda f: str(f.water.assessed),
    "水.达标断面数": lambda f: str(f.water.meeting_target),
    "水.优良断面数": lambda f: str(f.water.good_class),
    "饮用水.达标率": lambda f: _published(f.drinking.published, f.drinking.rate, rate=True),
    "目标.PM25": lambda f: _number(f.air.pm25_target.target, 0) if f.air.pm25_target else None,
    "目标.优良率": lambda f: _rate(f.air.good_rate_target.target) if f.air.good_rate_target else None,
    "目标.饮用水水源地达标率": lambda f: _rate(f.drinking.target.target) if f.drinking.target else None,
    "台账.领域数": lambda f: str(f.ledger.areas),
    "台账.年度": lambda f: str(ledger_year(f.end)),
    **{f"台账.{word}": _count("ledger", key) for word, key in STATE_WORDS.items()},
    **{f"整改.{word}": _count("rectification.totals", key) for word, key in BATCH_WORDS.items()},
}  # fmt: skip


def _section(name: str, attribute: str, figures: PeriodFigures) -> tuple[bool, Text]:
    section = next((s for s in figures.water.sections if s.in_scope and s.name == name), None)
    if section is None or attribute not in ("类别", "总磷", "总磷同比"):
        return False, None
    if attribute == "类别":
        return True, class_text(section.cls) if section.cls else None
    if attribute == "总磷":
        return True, _published(section.published_tp, section.tp, 3)
    return True, _change(section.tp_change_pct, "上升", "改善", "%")


def _batch_group(name: str, attribute: str, figures: PeriodFigures) -> tuple[bool, Text]:
    group = next((g for g in figures.rectification.groups if g.name == name), None)
    if group is None or attribute not in BATCH_WORDS:
        return False, None
    return True, str(getattr(group, BATCH_WORDS[attribute]))


def assessment_phrase(item: AssessmentFigure) -> str:
    """An assessment's result as a sentence states it: 在全省100个县（市、区）中排名第三, 位列全市第一方阵."""
    if item.rank is None:
        return f"位列{item.scope_text}{item.grade}"
    ranked = f"在{item.scope_text}中排名第{chinese_ordinal(item.rank)}"
    return f"{ranked}（{item.grade}）" if item.grade else ranked


ASSESSMENT_PARTS: dict[str, Callable[[AssessmentFigure], Text]] = {
    "": assessment_phrase,
    "名次": lambda a: f"第{chinese_ordinal(a.rank)}" if a.rank else None,
    "参评数量": lambda a: None if a.field_size is None else str(a.field_size),
    "范围": lambda a: a.scope_text,
    "等次": lambda a: a.grade or None,
    "期间": lambda a: a.period_label,
    "发布单位": lambda a: a.publisher,
    "发布文件": lambda a: a.document or None,
}


def _assessment(rest: str, figures: PeriodFigures, vocabulary: Vocabulary) -> tuple[bool, Text]:
    measure, _, attribute = rest.partition(".")
    if attribute not in ASSESSMENT_PARTS or not (
        measure in vocabulary.measures or any(a.measure == measure for a in figures.assessments)
    ):
        return False, None
    found = [a for a in figures.assessments if a.measure == measure]
    # Several in the period (a rank per quarter): the latest one speaks for the period.
    return True, ASSESSMENT_PARTS[attribute](found[-1]) if found else None


WORK_PARTS: dict[str, Callable[[WorkFigure], Text]] = {
    "": lambda w: _plain(w.value),
    "去年同期": lambda w: _plain(w.prev),
    "同比": lambda w: _change(w.change, "增加", "减少", w.unit),
    "同比幅度": lambda w: _change(w.change_pct, "增长", "下降", "%"),
}


def _work(name: str, figures: PeriodFigures, vocabulary: Vocabulary) -> tuple[bool, Text]:
    base, attribute = name, ""
    if base not in vocabulary.indicators and "." in name:
        base, _, attribute = name.rpartition(".")
    code = vocabulary.indicators.get(base)
    if code is None or attribute not in WORK_PARTS:
        return False, None
    found = next((w for w in figures.work if w.code == code), None)
    return True, WORK_PARTS[attribute](found) if found is not None else None


def lookup(name: str, figures: PeriodFigures, vocabulary: Vocabulary) -> tuple[bool, Text]:
    """(known, text) of one placeholder name; text None when the period has no value for a known name."""
    if name in REGISTRY:
        return True, REGISTRY[name](figures)
    head, _, rest = name.partition(".")
    if head == "评估" and rest:
        return _assessment(rest, figures, vocabulary)
    if head == "水" and "." in rest:
        return _section(*rest.rsplit(".", 1), figures)
    if head == "整改" and "." in rest:
        return _batch_group(*rest.rsplit(".", 1), figures)
    return _work(name, figures, vocabulary)
