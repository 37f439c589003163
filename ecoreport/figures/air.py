"""Ambient air figures of a period (HJ 663), a year earlier, month by month, and per child organization.

The organization's daily values and its children's come from the daily aggregates kept on write
(``indicators.aggregates``) in one query, and the children's rankings from one grouped pass over
NumPy arrays; the statistics are the exact vectorised engine's (``indicators.standards.vector``),
equal to the scalar reference on every figure.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal

import numpy as np
from django.db.models import Func, IntegerField, Q, Value
from django.db.models.functions import Coalesce

from ecoreport.figures import prepared
from ecoreport.figures.memo import Fingerprint
from ecoreport.figures.results import AirFigures, DayFigure, MonthChange, MonthFigure, filled
from ecoreport.lib.periods import months_between
from indicators.air_days import OrgDays, evaluate, primary_tuples
from indicators.models import AirDayAggregate
from indicators.standards import aqi
from indicators.standards.rounding import change_pct, change_pp
from indicators.standards.vector import MISSING, DayArrays, period_stats_arrays, rate_tenths
from indicators.standards.vector_scale import decimal_or_none
from indicators.standards.vector_stats import mean_from_sums

_GOOD_MAX = 100  # DayAQI.is_good


def air_figures(
    org_ids: list[int],
    child_subtrees: dict[int, set[int]],
    start: datetime.date,
    end: datetime.date,
    prev_start: datetime.date,
    prev_end: datetime.date,
    fingerprint: Fingerprint,
) -> tuple[AirFigures, dict[int, tuple[int | None, Decimal | None]]]:
    """The air figures of the period (with a year earlier) and each child's (PM2.5, good rate), in one query.

    They read the daily aggregates (``indicators.aggregates``) of every organization of the
    subtree: the root's and its children's rounded daily values for the figures, and every
    organization's own-station row for the data fingerprint, which hashes exactly the rows it
    always hashed (per date and organization, SUM and COUNT of each pollutant as the database
    computes them over that organization's stations), stored rendered.
    """
    rows = prepared.rows("air_figures", _aggregate_rows, list(org_ids), prev_start, prev_end, start, end, raw=True)
    fingerprint.add_rendered("air", "".join([row[_FINGERPRINT_AT] for row in rows]))
    root = org_ids[0]
    # One C-level conversion of the rows: (organization, day number, the pollutants' values), then
    # the rows of the root and its children.
    table = np.array([row[_ORG_AT:] for row in rows], dtype=np.int64).reshape(-1, 2 + len(aqi.POLLUTANTS))
    table = table[np.isin(table[:, 0], np.array([root, *child_subtrees], dtype=np.int64))]
    days = OrgDays(
        orgs=table[:, 0].copy(),
        days=table[:, 1].astype("datetime64[D]"),
        records=np.zeros(len(table), dtype=np.int64),
        values={key: table[:, at].copy() for at, key in enumerate(aqi.POLLUTANTS, start=2)},
    )
    return _air_part(days, root, list(child_subtrees), start, end, prev_start, prev_end)


# Columns of _aggregate_rows: the own-station row as the fingerprint hashes it (SUM and COUNT of
# each pollutant per date and organization, rendered as the database returned them: the rows this
# fingerprint has always hashed), the organization, the day (days since 1970-01-01, as NumPy
# counts them), then the subtree's daily values.
_FINGERPRINT_AT = 0
_ORG_AT = 1


class _EpochDay(Func):
    """A date as the number of days since 1970-01-01 (``datetime64[D]``'s count), in SQL."""

    template = "(%(expressions)s - DATE '1970-01-01')"
    output_field = IntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        template = "CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)"
        return super().as_sql(compiler, connection, template=template, **extra_context)


def _aggregate_rows(org_ids: list[int], prev_start, prev_end, start, end):
    in_periods = Q(date__range=(prev_start, prev_end)) | Q(date__range=(start, end))
    subtree_values = [Coalesce(key, Value(MISSING)) for key in aqi.POLLUTANTS]
    return (
        AirDayAggregate.objects.filter(in_periods, organization_id__in=org_ids)
        .values_list("fingerprint_row", "organization_id", _EpochDay("date"), *subtree_values)
        .order_by("date", "organization_id")
    )


def _air_part(days: OrgDays, root: int, children: list[int], start, end, prev_start, prev_end):
    """Air figures of the period and a year earlier, and each child's (PM2.5, good rate) (pure).

    The days are evaluated once (``evaluate``: each row's AQI depends on that row alone): the
    root's rows of both periods and the children's of the period."""
    first, last = np.datetime64(start, "D"), np.datetime64(end, "D")
    in_period = (days.days >= first) & (days.days <= last)
    days = days.select((days.orgs == root) | in_period)
    evaluated = evaluate(days)
    air = _air_figures(*_root_rows(days, evaluated, root, start, end), start, end)
    prev = _air_figures(*_root_rows(days, evaluated, root, prev_start, prev_end), prev_start, prev_end)
    air.monthly_prev, prev.monthly, prev.daily = prev.monthly, [], []
    air.month_on_month = _month_on_month(air.monthly)
    if prev.valid_days or prev.pm25 is not None:
        air.prev = prev
        air.pm25_change_pct = change_pct(air.pm25, prev.pm25)
        air.good_rate_change_pp = change_pp(air.good_rate, prev.good_rate)
        air.good_days_change = air.good_days - prev.good_days
    return air, _ranking_air(days, evaluated, children, start, end)


def _root_rows(days: OrgDays, evaluated: DayArrays, root: int, first: datetime.date, last: datetime.date):
    """The root's rows from ``first`` to ``last`` (inclusive) and their evaluation (as ``OrgDays.of``)."""
    first_day, last_day = np.datetime64(first, "D"), np.datetime64(last, "D")
    mask = (days.orgs == root) & (days.days >= first_day) & (days.days <= last_day)
    return days.select(mask), evaluated.take(mask)


def _air_figures(days: OrgDays, evaluated: DayArrays, first: datetime.date, last: datetime.date) -> AirFigures:
    result = period_stats_arrays(
        days.days, days.values, period_end=last, period_start=first, with_daily=False, evaluated=evaluated
    )
    daily = _daily(days, evaluated)
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
        regimes=sorted({day.regime for day in daily}),
        daily=daily,
    )
    primary_days = {key: 0 for key in aqi.POLLUTANTS}
    for day in daily:
        for key in day.primary:
            primary_days[key] += 1
    air.primary_pollutant_days = primary_days
    air.monthly = _monthly(days, daily, first, last)
    return air


def _daily(days: OrgDays, result: DayArrays) -> list[DayFigure]:
    """The valid days in date order, from the engine's arrays (``result``: ``evaluate(days)``;
    ``DayAQI`` decides good and heavy)."""
    rows = np.flatnonzero(result.valid)
    rows = rows[np.argsort(days.days[rows], kind="stable")]
    labels: dict[tuple[int, int], tuple[str, int, str, str]] = {}  # (category, regime) → what a day shows
    flags: dict[int, tuple[bool, bool]] = {}  # AQI → (is_good, is_heavy)
    found = []
    for day, value, category, primary, regime in zip(
        days.days[rows].astype(object).tolist(),
        result.aqi[rows].tolist(),
        result.category[rows].tolist(),
        primary_tuples(result.primary[rows]),
        result.regime[rows].tolist(),
        strict=True,
    ):
        label = labels.get((category, regime))
        if label is None:
            shown = aqi.CATEGORIES[category]
            label = labels[category, regime] = (shown.name, shown.level, shown.color, aqi.REGIMES[regime].name)
        flag = flags.get(value)
        if flag is None:
            dq = aqi.DayAQI(aqi=value, category=aqi.CATEGORIES[category], primary=(), iaqi={}, regime=label[3])
            flag = flags[value] = (dq.is_good, dq.is_heavy)
        name, level, color, edition = label
        found.append(
            filled(
                DayFigure,
                date=day,
                aqi=value,
                category=name,
                level=level,
                color=color,
                primary=primary,
                regime=edition,
                is_good=flag[0],
                is_heavy=flag[1],
            )
        )
    return found


# filled() applies no default: _daily names every field of DayFigure.
assert [field.name for field in dataclasses.fields(DayFigure)] == [
    "date", "aqi", "category", "level", "color", "primary", "regime", "is_good", "is_heavy"
]  # fmt: skip


def _monthly(days: OrgDays, daily: list[DayFigure], first: datetime.date, last: datetime.date):
    """One MonthFigure per calendar month of first..last: mean PM2.5 of its days and its good rate;
    ``days`` holds rows of first..last only, ``daily`` their valid days."""
    months = months_between(first, last)
    base = np.datetime64(f"{first.year:04d}-{first.month:02d}", "M")
    month_at = (days.days.astype("datetime64[M]") - base).astype(np.int64)
    pm25 = _means_by_group(month_at, days.values["pm25"], len(months))
    valid, good = [0] * len(months), [0] * len(months)
    for day in daily:
        at = (day.date.year - first.year) * 12 + day.date.month - first.month
        valid[at] += 1
        good[at] += day.is_good
    rates = rate_tenths(good, valid).tolist()
    return [
        MonthFigure(
            year=year,
            month=month,
            pm25=_whole(pm25[at]),
            valid_days=valid[at],
            good_days=good[at],
            good_rate=decimal_or_none(rates[at], 1),
        )
        for at, (year, month) in enumerate(months)
    ]


def _ranking_air(
    days: OrgDays, evaluated: DayArrays, children: list[int], start, end
) -> dict[int, tuple[int | None, Decimal | None]]:
    """Each child's PM2.5 (mean of its daily values) and good rate (AQI ≤ 100 among valid days),
    by the rules of ``stats.period_stats``, for all children in one grouped pass (``evaluated``:
    ``evaluate(days)``)."""
    ordered = np.sort(np.array(children, dtype=np.int64))
    first, last = np.datetime64(start, "D"), np.datetime64(end, "D")
    mask = np.isin(days.orgs, ordered) & (days.days >= first) & (days.days <= last)
    rows = days.select(mask)
    child_at = np.searchsorted(ordered, rows.orgs)
    pm25 = _means_by_group(child_at, rows.values["pm25"], len(ordered))
    result = evaluated.take(mask)
    valid = np.bincount(child_at[result.valid], minlength=len(ordered))
    good = np.bincount(child_at[result.valid & (result.aqi <= _GOOD_MAX)], minlength=len(ordered))
    rates = rate_tenths(good, valid)
    return {child: (_whole(pm25[at]), decimal_or_none(int(rates[at]), 1)) for at, child in enumerate(ordered.tolist())}


def _means_by_group(group_at: np.ndarray, values: np.ndarray, groups: int) -> np.ndarray:
    """Half-even rounded mean of each group's present values, at the values' own scale."""
    present = values != MISSING
    totals = np.zeros(groups, dtype=np.int64)
    np.add.at(totals, group_at[present], values[present])
    counts = np.bincount(group_at[present], minlength=groups).astype(np.int64)
    return mean_from_sums(totals, counts, 0, 0)


def _whole(value) -> int | None:
    return None if value == MISSING else int(value)


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
