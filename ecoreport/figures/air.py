"""Ambient air figures of a period (HJ 663), a year earlier, month by month, and per child organization."""

from __future__ import annotations

import datetime
import functools
from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Q, Sum

from ecoreport.figures.memo import Fingerprint, RawRows, memo
from ecoreport.figures.results import AirFigures, DayFigure, MonthChange, MonthFigure
from ecoreport.lib.periods import months_between
from indicators.models import AirDailyRecord
from indicators.standards import aqi
from indicators.standards.aqi import day_aqi
from indicators.standards.rounding import change_pct, change_pp
from indicators.standards.stats import PeriodStats, city_value_from_sum, is_valid_day, period_mean, period_stats
from indicators.standards.stats import good_rate as stats_good_rate

# Station sums repeat from day to day (integers over a few stations) and the exact rounding is
# the slow part of a period, so each (pollutant, sum, count) is rounded once per process.
_city_value = functools.lru_cache(maxsize=100_000)(city_value_from_sum)


def air_figures(
    org_ids: list[int],
    child_subtrees: dict[int, set[int]],
    start: datetime.date,
    end: datetime.date,
    prev_start: datetime.date,
    prev_end: datetime.date,
    fingerprint: Fingerprint,
) -> tuple[AirFigures, dict[int, tuple[int | None, Decimal | None]]]:
    """The air figures of the period (with a year earlier) and each child's (PM2.5, good rate), in one query."""
    air_rows = _air_rows(org_ids, [(prev_start, prev_end), (start, end)])
    subtrees = sorted((child, sorted(ids)) for child, ids in child_subtrees.items())
    air_key = "|".join(
        ["air", fingerprint.add("air", air_rows.raw), repr((start, end, prev_start, prev_end, subtrees))]
    )
    return memo.get_or_build(
        air_key, lambda: _air_part(air_rows.dicts(), child_subtrees, start, end, prev_start, prev_end)
    )


def _air_rows(org_ids: list[int], periods: list[tuple[datetime.date, datetime.date]]) -> RawRows:
    """Per (date, organization): SUM and COUNT of every pollutant over the stations (one query)."""
    in_periods = Q()
    for first, last in periods:
        in_periods |= Q(date__range=(first, last))
    sums = {}
    for key in aqi.POLLUTANTS:
        sums[f"{key}_sum"] = Sum(key)
        sums[f"{key}_n"] = Count(key)
    return RawRows(
        AirDailyRecord.objects.filter(in_periods, station__organization_id__in=org_ids)
        .values("date", "station__organization_id")
        .annotate(**sums)
        .order_by("date", "station__organization_id")
    )


_SUM_COLUMNS = tuple((key, f"{key}_sum", f"{key}_n") for key in aqi.POLLUTANTS)


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
                is_good=dq.is_good,
                is_heavy=dq.is_heavy,
            )
            for day, dq in result.daily
        ]
        primary_days = {key: 0 for key in aqi.POLLUTANTS}
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
