"""The figures of one period, as plain data objects that templates and exporters render.

Units: concentrations in μg/m³ (CO in mg/m³, water in mg/L); integer concentrations (period
means, O3 P90) are ``int``; everything else that is not a count is a ``Decimal`` already rounded
as the report shows it (GB/T 8170). Rates are in %, rate changes in percentage points,
concentration changes in %. ``None`` means "no data", never 0.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from ecoreport.figures.workstats import AssessmentFigure, WorkFigure

T = TypeVar("T")


def filled(cls: type[T], /, **fields) -> T:
    """An instance of the frozen dataclass ``cls`` built as unpickling builds one: its ``__init__``
    sets each field through ``object.__setattr__``, several times the cost of the rest of making
    a day or a month when figures make them by the thousand. ``fields`` names every field."""
    instance = object.__new__(cls)
    instance.__dict__.update(fields)
    return instance


@dataclass(frozen=True)
class OrgRef:
    """The organization the figures are for (level: ``Organization.Level`` value)."""

    pk: int
    code: str
    name: str
    full_name: str
    level: str


@dataclass(frozen=True)
class TargetCheck:
    """A figure against its annual target.

    ``met``: the figure satisfies the target (PM2.5 ≤ ceiling, good rate ≥ floor, class no worse
    than the target class); None without a target or a figure. ``on_pace``: only for cumulative
    periods inside one year (1–N月, not the full year): the same comparison read as "if the rest of
    the year goes like this part"; None otherwise. ``status``: 'not_met' when the figure fails
    the target, 'at_risk' when it meets it within 5% of the limit (PM2.5 ≥ 95% of the ceiling,
    good rate < 105% of the floor, and below 100%), 'met' otherwise, None without target or figure.
    """

    target: Decimal | None
    met: bool | None
    on_pace: bool | None
    status: str | None


@dataclass(frozen=True)
class Published:
    """An official figure staff entered (indicators.PublishedFigure) beside the computed one.

    ``computed`` is the computed figure rounded as published figures are (same places as
    ``value`` would be shown); ``differs`` is True when the two are not equal.
    """

    value: Decimal
    source: str
    note: str
    computed: Decimal | None
    differs: bool


@dataclass(frozen=True)
class DayFigure:
    """One valid day of the organization (city value = mean over its stations, HJ 663).

    ``category``: 优 … 严重污染; ``level`` 1–6; ``color`` "#rrggbb" of the category; ``primary``:
    pollutant keys (pm25 pm10 so2 no2 co o3_8h o3_1h) whose IAQI equals the AQI, empty when
    AQI ≤ 50; ``regime``: the standard edition used that day ("2012" or "2026"); ``is_good`` and
    ``is_heavy`` as the standard counts good (优良) and heavily polluted days.
    """

    date: datetime.date
    aqi: int
    category: str
    level: int
    color: str
    primary: tuple[str, ...]
    regime: str
    is_good: bool
    is_heavy: bool


@dataclass(frozen=True)
class MonthFigure:
    """One calendar month inside the period (or the same month a year earlier).

    ``pm25``: mean of the month's daily values, μg/m³ integer; ``good_rate`` in %, one decimal.
    """

    year: int
    month: int
    pm25: int | None
    valid_days: int
    good_days: int
    good_rate: Decimal | None


@dataclass
class MonthChange:
    """The latest month of the period with valid days against the month before it (环比).

    ``pm25_change_pct`` in % and ``good_rate_change_pp`` in percentage points, from the rounded
    monthly figures, like the year-on-year changes.
    """

    month: MonthFigure
    before: MonthFigure
    pm25_change_pct: Decimal | None
    good_rate_change_pp: Decimal | None


@dataclass
class AirFigures:
    """Ambient air over the period (HJ 663).

    ``calendar_days`` span of the period; ``valid_days`` days with all six daily values;
    ``completeness`` valid/calendar in %; ``good_days`` AQI ≤ 100; ``good_rate`` in %, one decimal;
    ``days_by_category`` keyed 优 良 轻度污染 中度污染 重度污染 严重污染; ``heavy_days`` AQI > 200;
    ``pm25 pm10 so2 no2`` period means in μg/m³ (int); ``co_p95`` mg/m³ one decimal;
    ``o3_8h_p90`` μg/m³ int; ``composite_index`` two decimals (limits in force at period end);
    ``regime`` edition in force at period end, ``regimes`` every edition used by some day.
    ``daily`` valid days in date order; ``monthly`` months of this period, ``monthly_prev`` the
    same months a year earlier; ``primary_pollutant_days`` days on which each pollutant was
    primary (a day with a tie counts for each); ``month_on_month`` the latest month against the
    one before it, when the period holds both.
    ``prev`` the same dates one year earlier (its own ``prev`` is None), ``pm25_change_pct`` %
    from the rounded figures, ``good_rate_change_pp`` percentage points, ``good_days_change``
    days. ``pm25_target`` / ``good_rate_target`` against indicators.AnnualTarget of the end's
    year. ``published`` keyed by PublishedFigure indicator (pm25, good_days, good_rate,
    heavy_days) for this organization and exactly this period.
    """

    calendar_days: int
    valid_days: int
    completeness: Decimal | None
    good_days: int
    good_rate: Decimal | None
    days_by_category: dict[str, int]
    heavy_days: int
    pm25: int | None
    pm10: int | None
    so2: int | None
    no2: int | None
    co_p95: Decimal | None
    o3_8h_p90: int | None
    composite_index: Decimal | None
    regime: str
    regimes: list[str] = field(default_factory=list)
    daily: list[DayFigure] = field(default_factory=list)
    monthly: list[MonthFigure] = field(default_factory=list)
    monthly_prev: list[MonthFigure] = field(default_factory=list)
    primary_pollutant_days: dict[str, int] = field(default_factory=dict)
    month_on_month: MonthChange | None = None
    prev: AirFigures | None = None
    pm25_change_pct: Decimal | None = None
    good_rate_change_pp: Decimal | None = None
    good_days_change: int | None = None
    pm25_target: TargetCheck | None = None
    good_rate_target: TargetCheck | None = None
    published: dict[str, Published] = field(default_factory=dict)


@dataclass(frozen=True)
class ExceedingParam:
    """超标因子: a parameter worse than the target class; ``times`` 超标倍数, two decimals (None for pH)."""

    param: str
    name: str
    times: Decimal | None


@dataclass(frozen=True)
class SectionMonth:
    """A section's class and TP (mg/L, 3 decimals) from the samples of one month."""

    year: int
    month: int
    cls: str
    cls_label: str
    tp: Decimal | None


@dataclass
class SectionFigures:
    """One water section over the period (GB 3838-2002; means of the period's samples).

    ``level`` national/provincial/city, ``level_label`` 国考/省控/市控; ``body`` river/lake,
    ``body_label`` 河流/湖库; ``cls`` "I".."V", "劣V" (None without samples), ``cls_label``
    "Ⅰ".."劣Ⅴ"; ``target`` class key from SectionTarget of the end's year else the section's
    own target class; ``meets_target``; ``grade`` 优/良好/轻度污染/…; ``tp`` mg/L 3 decimals,
    ``tp_prev`` the same dates a year earlier, ``tp_change_pct`` % from the rounded figures
    (negative = improved); ``exceeding`` over the target class; ``cwqi`` / ``cwqi_prev`` four
    decimals over the evaluated parameters present, ``cwqi_change_pct`` % (negative = improved);
    ``monthly`` per month of the period; ``groups`` SectionGroup names; ``sample_count``
    samples in the period; ``in_scope`` False for a section outside the organization that is
    only here because it shares a ranking group; ``published_tp`` a published TP figure.
    """

    pk: int
    code: str
    name: str
    organization_code: str
    level: str
    level_label: str
    body: str
    body_label: str
    cls: str | None
    cls_label: str | None
    target: str
    target_label: str
    meets_target: bool | None
    grade: str | None
    tp: Decimal | None
    tp_prev: Decimal | None
    tp_change_pct: Decimal | None
    exceeding: list[ExceedingParam]
    cwqi: Decimal | None
    cwqi_prev: Decimal | None
    cwqi_change_pct: Decimal | None
    monthly: list[SectionMonth]
    groups: list[str]
    sample_count: int
    in_scope: bool = True
    published_tp: Published | None = None


@dataclass
class WaterFigures:
    """The organization's sections (``in_scope`` ones only) and how many meet target / are Ⅰ–Ⅲ.

    ``cwqi`` mean of the sections' CWQI (four decimals), ``cwqi_prev`` a year earlier,
    ``cwqi_change_pct`` % (negative = improved).
    """

    sections: list[SectionFigures]
    assessed: int
    meeting_target: int
    good_class: int
    cwqi: Decimal | None
    cwqi_prev: Decimal | None
    cwqi_change_pct: Decimal | None


@dataclass
class DrinkingFigures:
    """Centralised drinking-water sources: results in the period and the share compliant (%).

    ``sources`` counts the sources with at least one result in the period.

    ``rate`` one decimal, None without results; ``target`` against
    AnnualTarget.drinking_water_rate_min; ``published`` a published drinking_rate figure.
    """

    sources: int
    results: int
    compliant: int
    rate: Decimal | None
    target: TargetCheck | None = None
    published: Published | None = None


@dataclass
class BatchFigures:
    """Counts of rectification items for one batch (or a group of batches, or all of them).

    Statuses as in data-formats.md: ``completed`` = done + applying_closure + closed;
    ``overdue`` not completed and deadline before the period end; ``behind`` in progress and
    (overdue or marked not on schedule); ``on_schedule`` in progress, not overdue, not marked
    behind. ``feedback`` / ``petition`` by kind (反馈问题 / 信访件).
    """

    name: str
    group: str
    total: int = 0
    time_limited: int = 0
    long_term: int = 0
    feedback: int = 0
    petition: int = 0
    in_progress: int = 0
    done: int = 0
    applying_closure: int = 0
    closed: int = 0
    completed: int = 0
    on_schedule: int = 0
    behind: int = 0
    overdue: int = 0


@dataclass
class RectificationFigures:
    """``batches`` in batch order; ``groups`` batches merged by InspectionBatch.group (a batch
    without a group is its own group, named after it), in order of their first batch;
    ``totals`` over everything."""

    batches: list[BatchFigures]
    groups: list[BatchFigures]
    totals: BatchFigures


@dataclass
class AreaFigures:
    """Ledger tasks of one area, counted as in ``BatchFigures``."""

    area: str
    total: int = 0
    in_progress: int = 0
    done: int = 0
    applying_closure: int = 0
    closed: int = 0
    completed: int = 0
    on_schedule: int = 0
    behind: int = 0
    overdue: int = 0


@dataclass
class LedgerFigures:
    """The work ledger: totals over all areas (``areas`` = number of areas) and ``by_area``."""

    total: int
    areas: int
    in_progress: int
    done: int
    applying_closure: int
    closed: int
    completed: int
    on_schedule: int
    behind: int
    overdue: int
    by_area: list[AreaFigures]


@dataclass(frozen=True)
class OverdueItem:
    """A rectification item or ledger task past its deadline at the period end, not completed.

    ``kind`` 'rectification' | 'ledger'; ``code_or_number`` the item's code, or "领域 序号" for a
    task; ``days_overdue`` counted to the period end; ``status_label`` 推进中 ….
    """

    kind: str
    pk: int
    code_or_number: str
    text: str
    unit: str
    deadline: datetime.date
    days_overdue: int
    status_label: str


@dataclass(frozen=True)
class RankEntry:
    """One line of a ranking: ``rank`` 1 = best (ties share a rank), ``value`` the ranked figure."""

    rank: int
    code: str
    name: str
    value: Decimal | int | None
    in_scope: bool = True


@dataclass
class GroupMembers:
    """A SectionGroup's member sections in the database and its declared size (None: not declared)."""

    size: int | None
    ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class GroupRanking:
    """Sections of a SectionGroup ordered by TP ascending (sections without TP last, unranked).

    ``members`` the group's size (its declared size, else the member sections recorded);
    ``with_data`` how many of them have a TP value in the period, i.e. are ranked.
    """

    group: str
    entries: list[RankEntry]
    members: int
    with_data: int


@dataclass
class Rankings:
    """``section_groups`` for every group holding one of the organization's sections.

    For an organization with organizations under it, its direct children ordered by PM2.5
    (ascending), by good rate (descending) and by CWQI change (ascending: most improved
    first); empty lists otherwise. ``section_cwqi`` the organization's sections by CWQI
    ascending, value = CWQI (change in ``SectionFigures.cwqi_change_pct``).
    """

    section_groups: list[GroupRanking] = field(default_factory=list)
    orgs_by_pm25: list[RankEntry] = field(default_factory=list)
    orgs_by_good_rate: list[RankEntry] = field(default_factory=list)
    orgs_by_cwqi_change: list[RankEntry] = field(default_factory=list)
    section_cwqi: list[RankEntry] = field(default_factory=list)


@dataclass
class PeriodFigures:
    """Everything a summary shows for ``organization`` from ``start`` to ``end`` (inclusive).

    ``period_label`` as sentences use it ("1-6月", "1月", or "2022-01-10至2022-02-20");
    ``period_title`` as titles use it ("2022年上半年", "2022年", "2022年第一季度", "2022年1-5月");
    ``cumulative`` True for 1–N月 periods inside one year (pace is judged for them);
    ``data_fingerprint`` SHA-256 of every input row the figures were computed from: a
    published report whose fingerprint differs from a fresh computation is out of date.
    ``work`` the work indicators with a value in the period or a year earlier and ``assessments``
    the published ranks and grades (``figures.workstats``); ``samples`` the kinds of sample
    records the figures draw on (``figures.samples``), which must be labelled 示例数据.
    """

    organization: OrgRef
    start: datetime.date
    end: datetime.date
    period_label: str
    period_title: str
    cumulative: bool
    air: AirFigures
    water: WaterFigures
    drinking: DrinkingFigures
    rectification: RectificationFigures
    ledger: LedgerFigures
    overdue: list[OverdueItem]
    rankings: Rankings
    data_fingerprint: str
    work: list[WorkFigure] = field(default_factory=list)
    assessments: list[AssessmentFigure] = field(default_factory=list)
    samples: list[str] = field(default_factory=list)
