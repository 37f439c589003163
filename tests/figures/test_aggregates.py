"""The daily air aggregates stay equal to a from-scratch computation through every ORM write path.

After each write of a randomized sequence (save, delete, QuerySet.update/delete, bulk_create,
upserts, bulk_update, a station or an organization moved, writes inside a deferred block) the
stored ``AirDayAggregate`` rows are compared with values computed here from the station records
by the scalar standards: per organization and day, the subtree's rounded daily values
(``stats.city_daily_values``), AQI, category and primary pollutants (``aqi.day_aqi``), and the
organization's own station sums and counts.
"""

import datetime
import random
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum
from figures_data import make_org, make_station

from ecoreport.accounts.models import Organization
from ecoreport.figures.air import _FINGERPRINT_AT, _aggregate_rows
from ecoreport.lib.raw_rows import RawRows
from indicators.models import AirDailyRecord, AirDayAggregate, AirStation
from indicators.services import deferred_air_aggregates
from indicators.standards import aqi, stats
from indicators.standards.aqi import INPUT_PLACES, POLLUTANTS

pytestmark = pytest.mark.django_db

FIRST = datetime.date(2026, 2, 20)  # the days cross the 2026-03-01 regime change
DAYS = 20
STATION_PLACES = {key: Decimal("0.01") for key in POLLUTANTS} | {"co": Decimal("0.001")}


def _values(rng: random.Random) -> dict:
    values = {}
    for key in POLLUTANTS:
        if rng.random() < (0.7 if key == "o3_1h" else 0.05):
            values[key] = None
        elif key == "co":
            values[key] = Decimal(rng.randint(100, 4000)).scaleb(-3)
        else:
            values[key] = Decimal(rng.randint(300, 30000)).scaleb(-2)
    return values


def _day(rng: random.Random) -> datetime.date:
    return FIRST + datetime.timedelta(days=rng.randrange(DAYS))


def _tree_of(orgs):
    parent = dict(Organization.objects.filter(pk__in=[o.pk for o in orgs]).values_list("pk", "parent_id"))

    def subtree(org):
        found = [org]
        for child, up in parent.items():
            if up == org:
                found += subtree(child)
        return found

    return {org: subtree(org) for org in parent}


def _expected(orgs) -> dict:
    records = list(AirDailyRecord.objects.values("station__organization_id", "date", *POLLUTANTS))
    found = {}
    for org, members in _tree_of(orgs).items():
        by_day: dict = {}
        for record in records:
            if record["station__organization_id"] in members:
                by_day.setdefault(record["date"], []).append(record)
        for day, day_records in by_day.items():
            city = stats.city_daily_values(day_records)
            result = aqi.day_aqi(city, day) if stats.is_valid_day(city) else None
            own = [r for r in day_records if r["station__organization_id"] == org]
            sums = {}
            for key in POLLUTANTS:
                present = [r[key] for r in own if r[key] is not None]
                sums[key] = (sum(present) if present else None, len(present))
            found[(org, day)] = {
                "records": len(own),
                "sums": sums,
                "values": {k: None if v is None else int(v.scaleb(INPUT_PLACES[k])) for k, v in city.items()},
                "aqi": None if result is None else result.aqi,
                "level": None if result is None else result.category.level,
                "primary": "" if result is None else ",".join(result.primary),
            }
    return found


def _stored(orgs) -> dict:
    found = {}
    for row in AirDayAggregate.objects.filter(organization__in=orgs):
        sums = {}
        for key in POLLUTANTS:
            total = getattr(row, f"{key}_sum")
            sums[key] = (None if total is None else total.quantize(STATION_PLACES[key]), getattr(row, f"{key}_n"))
        found[(row.organization_id, row.date)] = {
            "records": row.records,
            "sums": sums,
            "values": {key: getattr(row, key) for key in POLLUTANTS},
            "aqi": row.aqi,
            "level": row.category_level,
            "primary": row.primary_pollutants,
        }
    return found


def _grouped_rows(**filters) -> list[tuple]:
    """The rows the data fingerprint has always hashed: per date and organization, SUM and COUNT
    of each pollutant over the organization's own stations, raw from the database."""
    sums = {}
    for key in POLLUTANTS:
        sums[f"{key}_sum"] = Sum(key)
        sums[f"{key}_n"] = Count(key)
    return RawRows(
        AirDailyRecord.objects.filter(**filters)
        .values("date", "station__organization_id")
        .annotate(**sums)
        .order_by("date", "station__organization_id")
    ).raw


def _check(orgs, step: str) -> None:
    expected, stored = _expected(orgs), _stored(orgs)
    assert stored.keys() == expected.keys(), step
    for key, row in expected.items():
        assert stored[key] == row, (step, key)
    texts = {(row[1], row[0]): repr(row) for row in _grouped_rows(station__organization__in=orgs)}
    rendered = AirDayAggregate.objects.filter(organization__in=orgs, records__gt=0)
    assert {(r.organization_id, r.date): r.fingerprint_row for r in rendered} == texts, step


def _build(rng: random.Random, seed: int):
    city = make_org(f"38{seed:02d}00", f"市{seed}", level="city")
    counties = [make_org(f"38{seed:02d}{n}1", f"县{seed}{n}", parent=city) for n in range(3)]
    town = make_org(f"38{seed:02d}05", f"乡{seed}", parent=counties[0])
    orgs = [city, *counties, town]
    stations = [make_station(org, f"{org.code}-{n}") for org in orgs for n in range(2 if org is not city else 1)]
    records = [
        AirDailyRecord(station=station, date=FIRST + datetime.timedelta(days=d), **_values(rng))
        for station in stations
        for d in range(DAYS)
        if rng.random() < 0.8
    ]
    AirDailyRecord.objects.bulk_create(records)
    return orgs, stations


@pytest.mark.parametrize("seed", [11, 12])
def test_the_aggregates_equal_a_computation_from_scratch_after_every_kind_of_write(seed):
    rng = random.Random(seed)
    orgs, stations = _build(rng, seed)
    _check(orgs, "bulk_create")
    mine = AirDailyRecord.objects.filter(station__in=stations)

    # One row through save(): a new record, a changed value, a moved date, a deleted record.
    free = next(
        (s, d)
        for s in stations
        for d in (FIRST + datetime.timedelta(days=n) for n in range(DAYS))
        if not mine.filter(station=s, date=d).exists()
    )
    AirDailyRecord.objects.create(station=free[0], date=free[1], **_values(rng))
    _check(orgs, "create")
    record = mine.order_by("?").first()
    record.pm25 = Decimal("250.55")
    record.save()
    _check(orgs, "save a value")
    record = mine.order_by("?").first()
    taken = set(mine.filter(station=record.station).values_list("date", flat=True))
    record.date = next(d for d in (FIRST - datetime.timedelta(days=n) for n in range(1, 9)) if d not in taken)
    record.save()
    _check(orgs, "save a moved date")
    mine.order_by("?").first().delete()
    _check(orgs, "delete one")

    # Bulk paths.
    day = _day(rng)
    mine.filter(date=day).update(co=Decimal("3.333"), o3_8h=None)
    _check(orgs, "QuerySet.update")
    target = stations[-1]
    movable = mine.filter(station=stations[0]).exclude(date__in=mine.filter(station=target).values("date"))
    movable.filter(pk__in=list(movable.values_list("pk", flat=True)[:3])).update(station=target)
    _check(orgs, "QuerySet.update moving rows")
    mine.filter(date=_day(rng), station__organization=orgs[1]).delete()
    _check(orgs, "QuerySet.delete")
    rows = list(mine.order_by("?")[:6])
    for row in rows:
        row.no2 = Decimal(rng.randint(100, 9000)).scaleb(-2)
    AirDailyRecord.objects.bulk_update(rows, ["no2"])
    _check(orgs, "bulk_update")
    upserts = [AirDailyRecord(station=row.station, date=row.date, **_values(rng)) for row in mine.order_by("?")[:5]]
    AirDailyRecord.objects.bulk_create(
        upserts, update_conflicts=True, unique_fields=["station", "date"], update_fields=list(POLLUTANTS)
    )
    _check(orgs, "bulk_create upsert")

    # The tree changes under the records.
    station = AirStation.objects.get(pk=stations[1].pk)
    station.organization = orgs[3]
    station.save()
    _check(orgs, "station moved")
    town = Organization.objects.get(pk=orgs[4].pk)
    town.parent = orgs[2]
    town.save()
    _check(orgs, "organization moved")

    # Several writes gathered into one refresh.
    with deferred_air_aggregates():
        mine.filter(date=_day(rng)).update(pm25=Decimal("12.34"))
        mine.order_by("?").first().delete()
        AirDailyRecord.objects.filter(pk=mine.order_by("?").first().pk).update(so2=None)
    _check(orgs, "deferred")


def test_the_fingerprinted_rows_are_the_grouped_station_sums_as_the_database_returns_them():
    rng = random.Random(5)
    orgs, _ = _build(rng, 5)
    ids = [org.pk for org in orgs]
    first, last = FIRST, FIRST + datetime.timedelta(days=DAYS)
    stored = [row[_FINGERPRINT_AT] for row in RawRows(_aggregate_rows(ids, first, last, first, last)).raw]
    stored = [row for row in stored if row]
    fresh = _grouped_rows(date__range=(first, last), station__organization_id__in=ids)
    assert len(stored) > DAYS
    assert stored == [repr(row) for row in fresh]


def test_rebuild_aggregates_writes_the_same_rows_again():
    rng = random.Random(7)
    orgs, _ = _build(rng, 7)
    before = _stored(orgs)
    AirDayAggregate.objects.filter(organization__in=orgs[:2]).update(aqi=1, pm25=None)
    call_command("rebuild_aggregates", verbosity=0)
    assert _stored(orgs) == before
    _check(orgs, "rebuild")
