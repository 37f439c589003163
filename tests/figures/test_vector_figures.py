"""The vectorised air figures equal the scalar standards on random organization trees and data.

The reference is computed here from the station rows with ``stats.city_daily_values`` and
``stats.period_stats`` (the scalar reference of HJ 663), day by day and organization by
organization; the figures come from ``compute_figures`` (NumPy, one grouped pass). The period
crosses the 2026-03-01 regime change, values have the stored two (CO three) decimals, some are
missing, and a few are high enough for heavy days and the O3-8h > 800 rule.
"""

import datetime
import random
from decimal import Decimal

import pytest
from figures_data import make_org, make_station

from ecoreport.figures.compute import compute_figures
from indicators.models import AirDailyRecord
from indicators.standards import stats
from indicators.standards.aqi import POLLUTANTS

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 4, 30)
PREV_START, PREV_END = datetime.date(2025, 1, 1), datetime.date(2025, 4, 30)


def _value(rng: random.Random, key: str) -> Decimal | None:
    if rng.random() < 0.04:
        return None
    if key == "co":
        return Decimal(rng.randint(100, 4500)).scaleb(-3)
    high = 900 if key == "o3_8h" and rng.random() < 0.03 else 260
    return Decimal(rng.randint(200, high * 100)).scaleb(-2)


def _build(seed: int):
    rng = random.Random(seed)
    root = make_org(f"37{seed:04d}", f"市{seed}", level="city")
    children = [make_org(f"37{seed:02d}{n}1", f"县{seed}-{n}", parent=root) for n in range(3)]
    grandchild = make_org(f"37{seed:02d}09", f"乡{seed}", parent=children[0])
    records = []
    for org in [root, *children, grandchild]:
        for n in range(rng.randint(0, 2) + (org is grandchild)):
            station = make_station(org, f"{org.code}-{n}")
            for first, last in ((PREV_START, PREV_END), (START, END)):
                for offset in range((last - first).days + 1):
                    if rng.random() < 0.1:
                        continue
                    values = {key: _value(rng, key) for key in POLLUTANTS if key != "o3_1h"}
                    if rng.random() < 0.2:
                        values["o3_1h"] = _value(rng, "o3_1h")
                    day = first + datetime.timedelta(days=offset)
                    records.append(AirDailyRecord(station=station, date=day, **values))
    AirDailyRecord.objects.bulk_create(records)
    return root, children


def _reference(org_ids, first, last):
    by_day: dict[datetime.date, list[dict]] = {}
    for row in AirDailyRecord.objects.filter(station__organization_id__in=org_ids, date__range=(first, last)).values(
        "date", *POLLUTANTS
    ):
        by_day.setdefault(row["date"], []).append(row)
    days = [(day, stats.city_daily_values(rows)) for day, rows in sorted(by_day.items())]
    return days, stats.period_stats(days, period_end=last, period_start=first)


def _assert_same(air, expected: stats.PeriodStats) -> None:
    for name in (
        "calendar_days", "valid_days", "completeness", "good_days", "good_rate", "days_by_category", "heavy_days",
        "pm25", "pm10", "so2", "no2", "co_p95", "o3_8h_p90", "composite_index", "regime",
    ):  # fmt: skip
        assert getattr(air, name) == getattr(expected, name), name


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_the_vectorised_figures_equal_the_scalar_standards(seed):
    root, children = _build(seed)
    figures = compute_figures(root, START, END)
    subtree = [org.pk for org in type(root).objects.filter(code__startswith=f"37{seed:02d}")] + [root.pk]

    _, expected = _reference(subtree, START, END)
    _assert_same(figures.air, expected)
    assert [(d.date, d.aqi, d.category, d.primary, d.regime) for d in figures.air.daily] == [
        (day, dq.aqi, dq.category.name, dq.primary, dq.regime) for day, dq in expected.daily
    ]
    assert figures.air.regimes == ["2012", "2026"]
    _, expected_prev = _reference(subtree, PREV_START, PREV_END)
    _assert_same(figures.air.prev, expected_prev)

    pm25 = {entry.code: entry.value for entry in figures.rankings.orgs_by_pm25}
    rates = {entry.code: entry.value for entry in figures.rankings.orgs_by_good_rate}
    for child in children:
        ids = [child.pk, *child.children.values_list("pk", flat=True)]
        days, child_stats = _reference(ids, START, END)
        assert pm25[child.code] == child_stats.pm25
        assert rates[child.code] == child_stats.good_rate
        assert days or child_stats.pm25 is None
