"""One period's figures for one organization, computed from the database into a plain data object.

``compute_figures(org, start, end)`` is the only place where a figure a user sees is computed;
``summary``, the dashboard and the report all render the ``PeriodFigures`` it returns
(``to_summary_dict`` is the JSON rendering of data-formats.md). The standards themselves live in
``indicators.standards``; this module only gathers the inputs and calls them.

Roll-up: an organization's figures cover its own stations, sections, sources, batches and ledger
areas and those of every organization under it (``Organization.objects.subtree``).

Units inside the object: concentrations in μg/m³ (CO in mg/m³, water in mg/L); integer
concentrations (period means, O3 P90) are ``int``; everything else that is not a count is a
``Decimal`` already rounded as the report shows it (GB/T 8170). Rates are in %, rate changes in
percentage points, concentration changes in %. ``None`` means "no data", never 0.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import pickle
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.sql.constants import MULTI

from ecoreport.accounts.models import Organization, Subtree
from ecoreport.lib.periods import months_between, period_of
from indicators.models import (
    WATER_FIELD,
    AirDailyRecord,
    AnnualTarget,
    DrinkingWaterResult,
    PublishedFigure,
    SectionTarget,
    WaterSample,
    WaterSection,
)
from indicators.standards import aqi, water
from indicators.standards.aqi import day_aqi
from indicators.standards.rounding import change_pct, change_pp, round_gb8170
from indicators.standards.stats import PeriodStats, city_value_from_sum, is_valid_day, period_mean, period_stats
from indicators.standards.stats import good_rate as stats_good_rate
from tasks.models import COMPLETED_STATUSES, InspectionBatch, LedgerArea, LedgerTask, RectificationItem, Status


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
    AQI ≤ 50; ``regime``: the standard edition used that day ("2012" or "2026").
    """

    date: datetime.date
    aqi: int
    category: str
    level: int
    color: str
    primary: tuple[str, ...]
    regime: str


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


@dataclass(frozen=True)
class GroupRanking:
    """Sections of a SectionGroup ordered by TP ascending (sections without TP last, unranked)."""

    group: str
    entries: list[RankEntry]


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


# ---------------------------------------------------------------------------------------------
# Computation
# ---------------------------------------------------------------------------------------------

_POLLUTANTS = aqi.POLLUTANTS
# Station sums repeat from day to day (integers over a few stations) and the exact rounding is
# the slow part of a period, so each (pollutant, sum, count) is rounded once per process.
_city_value = functools.lru_cache(maxsize=100_000)(city_value_from_sum)
_PUBLISHED_PLACES = {
    PublishedFigure.Indicator.PM25: 0,
    PublishedFigure.Indicator.GOOD_DAYS: 0,
    PublishedFigure.Indicator.GOOD_RATE: 1,
    PublishedFigure.Indicator.HEAVY_DAYS: 0,
    PublishedFigure.Indicator.SECTION_TP: 3,
    PublishedFigure.Indicator.DRINKING_RATE: 1,
}
# A figure that meets its target by less than this share of the limit is flagged 'at_risk'.
_AT_RISK_SHARE = Decimal("0.05")


class _Fingerprint:
    """SHA-256 over every input row, in the order the queries return them."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, label: str, rows) -> str:
        """Add the rows to the whole fingerprint; return the digest of these rows alone."""
        part = hashlib.sha256(label.encode())
        for row in rows:
            part.update(repr(row).encode())
        digest = part.hexdigest()
        self._hash.update(digest.encode())
        return digest

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


class _InputMemo:
    """Results of the standards arithmetic, keyed by the digest of the rows they were computed from.

    The queries still run on every call; only the pure computation over identical input rows is
    reused, so a figure can never be stale: any changed, added or removed row changes the key.
    Values are stored pickled, so each caller gets its own copy to fill in.
    """

    def __init__(self, size: int = 64) -> None:
        self._entries: OrderedDict[str, bytes] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def get_or_build(self, key: str, build):
        with self._lock:
            stored = self._entries.get(key)
            if stored is not None:
                self._entries.move_to_end(key)
        if stored is not None:
            return pickle.loads(stored)
        value = build()
        with self._lock:
            self._entries[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_memo = _InputMemo()


def clear_memo() -> None:
    """Forget memoised computations (benchmarks use it to time the cold path)."""
    _memo.clear()


def _check(value, target: Decimal | None, *, ceiling: bool, cumulative: bool) -> TargetCheck | None:
    """A figure against a ceiling (PM2.5) or a floor (good rate, drinking rate); see TargetCheck."""
    if target is None:
        return None
    if value is None:
        return TargetCheck(target=target, met=None, on_pace=None, status=None)
    value = Decimal(value)
    met = value <= target if ceiling else value >= target
    margin = target * _AT_RISK_SHARE
    # A floor on a rate cannot be beaten by more than 100%: a perfect 100% is never at risk.
    close = value >= target - margin if ceiling else value < min(target + margin, Decimal(100))
    status = "not_met" if not met else ("at_risk" if close else "met")
    return TargetCheck(target=target, met=met, on_pace=met if cumulative else None, status=status)


def _published(row, computed) -> Published:
    places = _PUBLISHED_PLACES.get(row["indicator"], 4)
    value = round_gb8170(row["value"], places)
    shown = None if computed is None else round_gb8170(computed, places)
    return Published(
        value=value,
        source=row["source"],
        note=row["note"],
        computed=shown,
        differs=shown is None or shown != value,
    )


# --- air -------------------------------------------------------------------------------------


class _RawRows:
    """A values() query's rows as the database sent them, converted to Python values on demand.

    The digest of the raw rows is enough to find memoised figures; Django's per-value converters
    (the bulk of a warm call on thousands of rows) only run when the figures must be computed.
    """

    def __init__(self, queryset) -> None:
        query = queryset.query
        self._compiler = query.get_compiler(using=queryset.db)
        chunks = self._compiler.execute_sql(MULTI)
        self.raw = [] if chunks is None else [row for chunk in chunks for row in chunk]
        self._names = [*query.extra_select, *query.values_select, *query.annotation_select]

    def dicts(self) -> list[dict]:
        names = self._names
        return [dict(zip(names, row, strict=True)) for row in self._compiler.results_iter(results=[self.raw])]


def _air_rows(org_ids: list[int], periods: list[tuple[datetime.date, datetime.date]]) -> _RawRows:
    """Per (date, organization): SUM and COUNT of every pollutant over the stations (one query)."""
    in_periods = Q()
    for first, last in periods:
        in_periods |= Q(date__range=(first, last))
    sums = {}
    for key in _POLLUTANTS:
        sums[f"{key}_sum"] = Sum(key)
        sums[f"{key}_n"] = Count(key)
    return _RawRows(
        AirDailyRecord.objects.filter(in_periods, station__organization_id__in=org_ids)
        .values("date", "station__organization_id")
        .annotate(**sums)
        .order_by("date", "station__organization_id")
    )


_SUM_COLUMNS = tuple((key, f"{key}_sum", f"{key}_n") for key in _POLLUTANTS)


def _city_days(rows, first: datetime.date, last: datetime.date):
    """City daily values from the given per-organization rows for first..last, in date order."""
    totals: dict[datetime.date, dict[str, tuple]] = {}
    for row in rows:
        day = row["date"]
        if not first <= day <= last:
            continue
        day_totals = totals.get(day)
        if day_totals is None:
            totals[day] = {key: (row[total], row[count]) for key, total, count in _SUM_COLUMNS}
            continue
        for key, total, count in _SUM_COLUMNS:
            if row[count]:
                before_total, before_count = day_totals[key]
                day_totals[key] = ((before_total or 0) + row[total], before_count + row[count])
    return [
        (day, {key: _city_value(key, total, count) for key, (total, count) in totals[day].items()})
        for day in sorted(totals)
    ]


def _monthly(days, result: PeriodStats, first: datetime.date, last: datetime.date) -> list[MonthFigure]:
    good = {day: dq.is_good for day, dq in result.daily}
    figures = []
    for year, month in months_between(first, last):
        in_month = [(day, values) for day, values in days if (day.year, day.month) == (year, month)]
        valid = [day for day, _ in in_month if day in good]
        good_days = sum(1 for day in valid if good[day])
        pm25 = period_mean([values["pm25"] for _, values in in_month], "pm25")
        figures.append(
            MonthFigure(
                year=year,
                month=month,
                pm25=None if pm25 is None else int(pm25),
                valid_days=len(valid),
                good_days=good_days,
                good_rate=stats_good_rate(good_days, len(valid)),
            )
        )
    return figures


def _air_figures(days, first: datetime.date, last: datetime.date, *, detail: bool) -> AirFigures:
    result = period_stats(days, period_end=last, period_start=first)
    air = AirFigures(
        calendar_days=result.calendar_days,
        valid_days=result.valid_days,
        completeness=result.completeness,
        good_days=result.good_days,
        good_rate=result.good_rate,
        days_by_category=result.days_by_category,
        heavy_days=result.heavy_days,
        pm25=result.pm25,
        pm10=result.pm10,
        so2=result.so2,
        no2=result.no2,
        co_p95=result.co_p95,
        o3_8h_p90=result.o3_8h_p90,
        composite_index=result.composite_index,
        regime=result.regime,
        regimes=sorted({dq.regime for _, dq in result.daily}),
    )
    if detail:
        air.daily = [
            DayFigure(
                date=day,
                aqi=dq.aqi,
                category=dq.category.name,
                level=dq.category.level,
                color=dq.category.color,
                primary=dq.primary,
                regime=dq.regime,
            )
            for day, dq in result.daily
        ]
        primary_days = {key: 0 for key in _POLLUTANTS}
        for _, dq in result.daily:
            for key in dq.primary:
                primary_days[key] += 1
        air.primary_pollutant_days = primary_days
        air.monthly = _monthly(days, result, first, last)
    return air


def _ranking_air(days) -> tuple[int | None, Decimal | None]:
    """PM2.5 and good rate only, by the rules of ``stats.period_stats``: rankings need no more."""
    results = [day_aqi(values, day) for day, values in days if is_valid_day(values)]
    valid = [result for result in results if result is not None]
    pm25 = period_mean([values["pm25"] for _, values in days], "pm25")
    return (None if pm25 is None else int(pm25)), stats_good_rate(sum(1 for r in valid if r.is_good), len(valid))


# --- water -----------------------------------------------------------------------------------

_SECTION_LEVELS = dict(WaterSection.Level.choices)
_SECTION_BODIES = dict(WaterSection.Body.choices)


def _safe_cwqi(values, body: str) -> Decimal | None:
    try:
        return water.cwqi(values, body)
    except ValueError:  # DO of 0 has no CWQI term; such a section is left out of the index
        return None


def _section_figures(
    section: dict, samples: list[dict], start, end, prev_start, prev_end, *, monthly_classes: bool = True
) -> SectionFigures:
    body = section["body"]
    now = [s for s in samples if start <= s["date"] <= end]
    before = [s for s in samples if prev_start <= s["date"] <= prev_end]
    means = water.period_means(now)
    means_prev = water.period_means(before)
    result = water.section_class(means, body) if means else None
    target = section["year_target"] or section["target_class"]
    tp = water.display_value("tp", means["tp"]) if "tp" in means else None
    tp_prev = water.display_value("tp", means_prev["tp"]) if "tp" in means_prev else None
    cwqi_now = _safe_cwqi(means, body) if means else None
    cwqi_prev = _safe_cwqi(means_prev, body) if means_prev else None
    monthly = []
    for year, month in months_between(start, end) if monthly_classes else []:
        month_means = water.period_means(s for s in now if (s["date"].year, s["date"].month) == (year, month))
        month_class = water.section_class(month_means, body) if month_means else None
        if month_class is None:
            continue
        monthly.append(
            SectionMonth(
                year=year,
                month=month,
                cls=month_class.cls,
                cls_label=month_class.label,
                tp=water.display_value("tp", month_means["tp"]) if "tp" in month_means else None,
            )
        )
    return SectionFigures(
        pk=section["id"],
        code=section["code"],
        name=section["name"],
        organization_code=section["organization__code"],
        level=section["level"],
        level_label=str(_SECTION_LEVELS.get(section["level"], section["level"])),
        body=body,
        body_label=str(_SECTION_BODIES.get(body, body)),
        cls=result.cls if result else None,
        cls_label=result.label if result else None,
        target=target,
        target_label=water.class_label(target),
        meets_target=water.meets_target(result.cls, target) if result else None,
        grade=water.grade(result.cls) if result else None,
        tp=tp,
        tp_prev=tp_prev,
        tp_change_pct=change_pct(tp, tp_prev),
        exceeding=[
            ExceedingParam(param=key, name=water.PARAMETERS[key].name, times=times)
            for key, times in (water.exceeding(means, target, body) if result else [])
        ],
        cwqi=cwqi_now,
        cwqi_prev=cwqi_prev,
        cwqi_change_pct=change_pct(cwqi_now, cwqi_prev),
        monthly=monthly,
        groups=[],
        sample_count=len(now),
    )


def _mean_cwqi(sections: list[SectionFigures], attr: str) -> Decimal | None:
    values = [getattr(s, attr) for s in sections if getattr(s, attr) is not None]
    if not values:
        return None
    return round_gb8170(sum(values, Decimal(0)) / len(values), 4)


def _water(tree: Subtree, start, end, prev_start, prev_end, fingerprint: _Fingerprint):
    """Sections of the organization, plus sections sharing a ranking group with them."""
    org_ids = tree.ids
    through = WaterSection.groups.through
    in_scope_groups = through.objects.filter(watersection__organization_id__in=org_ids).values("sectiongroup_id")
    memberships = list(
        through.objects.filter(sectiongroup_id__in=in_scope_groups)
        .values_list("sectiongroup__name", "watersection_id")
        .order_by("sectiongroup__name", "watersection_id")
    )
    year_target = SectionTarget.objects.filter(section=OuterRef("pk"), year=end.year).values("target_class")[:1]
    sections = list(
        WaterSection.objects.filter(Q(organization_id__in=org_ids) | Q(pk__in={pk for _, pk in memberships}))
        .annotate(year_target=Subquery(year_target))
        .values(
            "id", "code", "name", "organization_id", "organization__code", "level", "body", "target_class",
            "year_target",
        )
        .order_by("organization__code", "code")
    )  # fmt: skip
    fields = ["section_id", "date", *WATER_FIELD.values()]
    sample_rows = list(
        WaterSample.objects.filter(
            Q(date__range=(prev_start, prev_end)) | Q(date__range=(start, end)),
            section_id__in=[s["id"] for s in sections],
        )
        .values(*fields)
        .order_by("section_id", "date")
    )
    key = "|".join(
        [
            "water",
            fingerprint.add("memberships", memberships),
            fingerprint.add("sections", sections),
            fingerprint.add("samples", sample_rows),
            repr((sorted(org_ids), start, end, prev_start, prev_end)),
        ]
    )
    return _memo.get_or_build(
        key, lambda: _water_figures(org_ids, sections, memberships, sample_rows, start, end, prev_start, prev_end)
    )


def _water_figures(org_ids, sections, memberships, sample_rows, start, end, prev_start, prev_end):
    """Each section's period figures from its sample rows (pure: no queries)."""
    by_section: dict[int, list[dict]] = defaultdict(list)
    for row in sample_rows:
        values = {key: row[field_name] for key, field_name in WATER_FIELD.items()}
        values["date"] = row["date"]
        by_section[row["section_id"]].append(values)
    scope = set(org_ids)
    figures: dict[int, SectionFigures] = {}
    for section in sections:
        own = section["organization_id"] in scope
        samples = by_section.get(section["id"], [])
        item = _section_figures(section, samples, start, end, prev_start, prev_end, monthly_classes=own)
        item.in_scope = own
        figures[section["id"]] = item
    groups: dict[str, list[int]] = defaultdict(list)
    for name, pk in memberships:
        groups[name].append(pk)
        figures[pk].groups.append(name)
    return figures, groups, sections


# --- rectification and ledger ----------------------------------------------------------------


def _status_counts(prefix: str, end: datetime.date) -> dict:
    """Conditional counts over related rows ``prefix`` (items or tasks), per data-formats.md."""

    def count(condition: Q | None = None):
        return Count(f"{prefix}__id", filter=condition)

    status = f"{prefix}__status"
    in_progress = Q(**{status: Status.IN_PROGRESS})
    overdue = Q(**{f"{prefix}__deadline__lt": end}) & ~Q(**{f"{status}__in": COMPLETED_STATUSES})
    marked_behind = Q(**{f"{prefix}__on_schedule": False})
    return {
        "total": count(),
        "in_progress": count(in_progress),
        "done": count(Q(**{status: Status.DONE})),
        "applying_closure": count(Q(**{status: Status.APPLYING_CLOSURE})),
        "closed": count(Q(**{status: Status.CLOSED})),
        "completed": count(Q(**{f"{status}__in": COMPLETED_STATUSES})),
        "on_schedule": count(in_progress & ~overdue & ~marked_behind),
        "behind": count(in_progress & (overdue | marked_behind)),
        "overdue": count(overdue),
    }


_COUNT_KEYS = ("total", "in_progress", "done", "applying_closure", "closed", "completed", "on_schedule", "behind",
               "overdue")  # fmt: skip
_BATCH_KEYS = (*_COUNT_KEYS, "time_limited", "long_term", "feedback", "petition")


def _add_counts(into: BatchFigures, row: dict | BatchFigures) -> None:
    for key in _BATCH_KEYS:
        value = row[key] if isinstance(row, dict) else getattr(row, key)
        setattr(into, key, getattr(into, key) + value)


def _rectification(org_ids, end, fingerprint: _Fingerprint) -> RectificationFigures:
    counts = _status_counts("items", end)
    counts["time_limited"] = Count("items__id", filter=Q(items__term=RectificationItem.Term.TIME_LIMITED))
    counts["long_term"] = Count("items__id", filter=Q(items__term=RectificationItem.Term.LONG_TERM))
    counts["feedback"] = Count("items__id", filter=Q(items__kind=RectificationItem.Kind.FEEDBACK))
    counts["petition"] = Count("items__id", filter=Q(items__kind=RectificationItem.Kind.PETITION))
    rows = list(
        InspectionBatch.objects.filter(organization_id__in=org_ids)
        .values("id", "name", "group", "order", "organization__code")
        .annotate(**counts)
        .order_by("organization__code", "order", "name")
    )
    fingerprint.add("batches", rows)
    batches, groups = [], {}
    totals = BatchFigures(name="合计", group="")
    for row in rows:
        batch = BatchFigures(name=row["name"], group=row["group"])
        _add_counts(batch, row)
        batches.append(batch)
        group_name = row["group"] or row["name"]
        group = groups.setdefault(group_name, BatchFigures(name=group_name, group=group_name))
        _add_counts(group, row)
        _add_counts(totals, row)
    return RectificationFigures(batches=batches, groups=list(groups.values()), totals=totals)


def _ledger(org_ids, end, fingerprint: _Fingerprint) -> LedgerFigures:
    rows = list(
        LedgerArea.objects.filter(organization_id__in=org_ids)
        .values("id", "name", "order", "organization__code")
        .annotate(**_status_counts("tasks", end))
        .order_by("organization__code", "order", "name")
    )
    fingerprint.add("ledger", rows)
    by_area = [AreaFigures(area=row["name"], **{key: row[key] for key in _COUNT_KEYS}) for row in rows]
    totals = {key: sum(row[key] for row in rows) for key in _COUNT_KEYS}
    return LedgerFigures(areas=len(rows), by_area=by_area, **totals)


def _overdue(org_ids, end) -> list[OverdueItem]:
    labels = dict(Status.choices)
    late = {"deadline__lt": end, "status": Status.IN_PROGRESS}
    items = RectificationItem.objects.filter(batch__organization_id__in=org_ids, **late).values(
        "id", "code", "description", "unit__name", "deadline", "status"
    )
    tasks = LedgerTask.objects.filter(area__organization_id__in=org_ids, **late).values(
        "id", "area__name", "number", "content", "unit__name", "deadline", "status"
    )
    found = [
        OverdueItem(
            kind="rectification",
            pk=row["id"],
            code_or_number=row["code"],
            text=row["description"],
            unit=row["unit__name"],
            deadline=row["deadline"],
            days_overdue=(end - row["deadline"]).days,
            status_label=str(labels[row["status"]]),
        )
        for row in items
    ]
    found += [
        OverdueItem(
            kind="ledger",
            pk=row["id"],
            code_or_number=f"{row['area__name']} {row['number']}",
            text=row["content"],
            unit=row["unit__name"],
            deadline=row["deadline"],
            days_overdue=(end - row["deadline"]).days,
            status_label=str(labels[row["status"]]),
        )
        for row in tasks
    ]
    found.sort(key=lambda item: (-item.days_overdue, item.kind, item.code_or_number))
    return found


# --- rankings --------------------------------------------------------------------------------


def _ranked(entries: list[tuple[str, str, object, bool]], *, descending: bool = False) -> list[RankEntry]:
    """Competition ranking (1, 1, 3): equal values share a rank; entries without a value come last."""
    present = [e for e in entries if e[2] is not None]
    present.sort(key=lambda e: (-e[2] if descending else e[2], e[0]))
    ranked, previous, rank = [], object(), 0
    for position, (code, name, value, in_scope) in enumerate(present, start=1):
        if value != previous:
            rank, previous = position, value
        ranked.append(RankEntry(rank=rank, code=code, name=name, value=value, in_scope=in_scope))
    ranked += [RankEntry(rank=0, code=c, name=n, value=None, in_scope=s) for c, n, v, s in entries if v is None]
    return ranked


# --- entry points ----------------------------------------------------------------------------


def _month_on_month(monthly: list[MonthFigure]) -> MonthChange | None:
    with_data = [index for index, month in enumerate(monthly) if month.valid_days]
    if not with_data or with_data[-1] == 0:
        return None
    month, before = monthly[with_data[-1]], monthly[with_data[-1] - 1]
    if not before.valid_days:
        return None
    return MonthChange(
        month=month,
        before=before,
        pm25_change_pct=change_pct(month.pm25, before.pm25),
        good_rate_change_pp=change_pp(month.good_rate, before.good_rate),
    )


def _air_part(air_rows, child_subtrees, start, end, prev_start, prev_end):
    """Air figures of the period and a year earlier, and each child's (PM2.5, good rate) (pure)."""
    days_now = _city_days(air_rows, start, end)
    days_prev = _city_days(air_rows, prev_start, prev_end)
    air = _air_figures(days_now, start, end, detail=True)
    prev = _air_figures(days_prev, prev_start, prev_end, detail=True)
    air.monthly_prev, prev.monthly, prev.daily = prev.monthly, [], []
    air.month_on_month = _month_on_month(air.monthly)
    if prev.valid_days or prev.pm25 is not None:
        air.prev = prev
        air.pm25_change_pct = change_pct(air.pm25, prev.pm25)
        air.good_rate_change_pp = change_pp(air.good_rate, prev.good_rate)
        air.good_days_change = air.good_days - prev.good_days
    # Bucket the rows by organization once, rather than scanning every row for every child.
    by_org: dict[int, list[dict]] = defaultdict(list)
    for row in air_rows:
        by_org[row["station__organization_id"]].append(row)
    child_air = {
        child: _ranking_air(_city_days([row for pk in subtree for row in by_org.get(pk, ())], start, end))
        for child, subtree in child_subtrees.items()
    }
    return air, child_air


def compute_figures(org: Organization, start: datetime.date, end: datetime.date) -> PeriodFigures:
    """The figures of ``org`` from ``start`` to ``end`` (inclusive), in a constant number of queries.

    The queries do not depend on the number of days, stations, sections or items: the air data
    comes as one aggregate per (date, organization), the water samples as one list for all
    sections, the task counts as conditional aggregates.
    """
    if end < start:
        raise ValueError("结束日期不能早于开始日期")
    period = period_of(start, end)
    prev_start, prev_end = period.same_dates_year_before()
    cumulative = period.cumulative
    fingerprint = _Fingerprint()
    tree = Organization.objects.subtree(org)
    org_ids = tree.ids

    air_rows = _air_rows(org_ids, [(prev_start, prev_end), (start, end)])
    subtrees = sorted((child, sorted(ids)) for child, ids in tree.child_subtrees.items())
    air_key = "|".join(
        ["air", fingerprint.add("air", air_rows.raw), repr((start, end, prev_start, prev_end, subtrees))]
    )
    air, child_air = _memo.get_or_build(
        air_key, lambda: _air_part(air_rows.dicts(), tree.child_subtrees, start, end, prev_start, prev_end)
    )

    sections, groups, section_rows = _water(tree, start, end, prev_start, prev_end, fingerprint)
    in_scope = [s for s in sections.values() if s.in_scope]
    water_figures = WaterFigures(
        sections=in_scope,
        assessed=sum(1 for s in in_scope if s.cls is not None),
        meeting_target=sum(1 for s in in_scope if s.meets_target),
        good_class=sum(1 for s in in_scope if s.cls is not None and water.is_good_class(s.cls)),
        cwqi=_mean_cwqi(in_scope, "cwqi"),
        cwqi_prev=_mean_cwqi(in_scope, "cwqi_prev"),
        cwqi_change_pct=None,
    )
    water_figures.cwqi_change_pct = change_pct(water_figures.cwqi, water_figures.cwqi_prev)

    drinking_row = DrinkingWaterResult.objects.filter(
        source__organization_id__in=org_ids, date__range=(start, end)
    ).aggregate(
        sources=Count("source_id", distinct=True),
        results=Count("id"),
        compliant=Count("id", filter=Q(compliant=True)),
    )
    fingerprint.add("drinking", [drinking_row])
    drinking = DrinkingFigures(
        sources=drinking_row["sources"],
        results=drinking_row["results"],
        compliant=drinking_row["compliant"],
        rate=stats_good_rate(drinking_row["compliant"], drinking_row["results"]),
    )

    target = (
        AnnualTarget.objects.filter(organization=org, year=end.year)
        .values("pm25_max", "good_rate_min", "drinking_water_rate_min")
        .first()
    ) or {"pm25_max": None, "good_rate_min": None, "drinking_water_rate_min": None}
    fingerprint.add("target", [target])
    air.pm25_target = _check(air.pm25, target["pm25_max"], ceiling=True, cumulative=cumulative)
    air.good_rate_target = _check(air.good_rate, target["good_rate_min"], ceiling=False, cumulative=cumulative)
    drinking.target = _check(drinking.rate, target["drinking_water_rate_min"], ceiling=False, cumulative=cumulative)

    published_rows = list(
        PublishedFigure.objects.filter(organization=org, period_start=start, period_end=end)
        .values("indicator", "section_id", "value", "source", "note")
        .order_by("indicator", "section_id")
    )
    fingerprint.add("published", published_rows)
    computed_air = {"pm25": air.pm25, "good_days": air.good_days, "good_rate": air.good_rate,
                    "heavy_days": air.heavy_days}  # fmt: skip
    for row in published_rows:
        indicator = row["indicator"]
        if indicator in computed_air:
            air.published[indicator] = _published(row, computed_air[indicator])
        elif indicator == PublishedFigure.Indicator.DRINKING_RATE:
            drinking.published = _published(row, drinking.rate)
        elif indicator == PublishedFigure.Indicator.SECTION_TP and row["section_id"] in sections:
            section = sections[row["section_id"]]
            section.published_tp = _published(row, section.tp)

    rankings = Rankings(
        section_groups=[
            GroupRanking(
                group=name,
                entries=_ranked(
                    [(sections[pk].code, sections[pk].name, sections[pk].tp, sections[pk].in_scope) for pk in members]
                ),  # fmt: skip
            )
            for name, members in groups.items()
        ],
        section_cwqi=_ranked([(s.code, s.name, s.cwqi, True) for s in in_scope]),
    )
    if tree.child_subtrees:
        pm25, rates, cwqi_changes = [], [], []
        for child, subtree in tree.child_subtrees.items():
            code, name = tree.codes[child], tree.names[child]
            child_pm25, child_rate = child_air[child]
            pm25.append((code, name, child_pm25, True))
            rates.append((code, name, child_rate, True))
            child_sections = [s for s in in_scope if s.pk in _ids_of_org(section_rows, subtree)]
            change = change_pct(_mean_cwqi(child_sections, "cwqi"), _mean_cwqi(child_sections, "cwqi_prev"))
            cwqi_changes.append((code, name, change, True))
        rankings.orgs_by_pm25 = _ranked(pm25)
        rankings.orgs_by_good_rate = _ranked(rates, descending=True)
        rankings.orgs_by_cwqi_change = _ranked(cwqi_changes)

    rectification = _rectification(org_ids, end, fingerprint)
    ledger = _ledger(org_ids, end, fingerprint)
    overdue = _overdue(org_ids, end)

    return PeriodFigures(
        organization=OrgRef(pk=org.pk, code=org.code, name=org.name, full_name=org.full_name, level=org.level),
        start=start,
        end=end,
        period_label=period.months_label,
        period_title=period.label,
        cumulative=cumulative,
        air=air,
        water=water_figures,
        drinking=drinking,
        rectification=rectification,
        ledger=ledger,
        overdue=overdue,
        rankings=rankings,
        data_fingerprint=fingerprint.hexdigest(),
    )


def _ids_of_org(section_rows: list[dict], org_ids: set[int]) -> set[int]:
    return {row["id"] for row in section_rows if row["organization_id"] in org_ids}


# --- JSON ------------------------------------------------------------------------------------


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


def to_summary_dict(figures: PeriodFigures, daily: bool = False) -> dict:
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
        "published": {
            key: _published_dict(item, _PUBLISHED_PLACES[key]) for key, item in sorted(air.published.items())
        },
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
        return {"name": batch.name, "group": batch.group} | {key: getattr(batch, key) for key in _BATCH_KEYS}

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
        "ledger": {key: getattr(ledger, key) for key in ("total", "areas", *_COUNT_KEYS[1:])}
        | {
            "by_area": [
                {"area": a.area, "total": a.total, "completed": a.completed}
                | {key: getattr(a, key) for key in _COUNT_KEYS[1:]}
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
                {"group": g.group, "sections": _rank_list(g.entries, 3)} for g in rankings.section_groups
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
    }


def _sections_in_rank_order(figures: PeriodFigures) -> list[SectionFigures]:
    by_code = {s.code: s for s in figures.water.sections}
    return [by_code[entry.code] for entry in figures.rankings.section_cwqi]
