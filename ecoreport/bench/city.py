"""A generated city for ``manage.py bench``: a city, 12 counties, 26 stations, 10 years of days.

Big enough that a figure computed row by row, or a query per day or per station, shows up in
the timings; deterministic (fixed random seed) so that two runs time the same work.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from ecoreport.accounts.models import Organization
from indicators.models import (
    AirDailyRecord,
    AirStation,
    AnnualTarget,
    PublishedFigure,
    SectionGroup,
    WaterSample,
    WaterSection,
)
from indicators.services import deferred_air_aggregates
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem, ResponsibleUnit, Status

CITY_CODE = "369900"
COUNTIES = 12
BATCH_SIZE = 5000
# The representative half-year ends the data and crosses no year boundary.
LAST_DAY = datetime.date(2026, 6, 30)


@dataclass
class City:
    org: Organization
    county_codes: list[str]
    start: datetime.date
    end: datetime.date
    counts: dict[str, int] = field(default_factory=dict)

    def describe(self) -> str:
        parts = ", ".join(f"{value} {name}" for name, value in self.counts.items())
        head = f"{self.org.name} ({self.org.code}) + {len(self.county_codes)} counties"
        return f"{head}; {parts}; half-year {self.start}..{self.end}"


def _air_record(rng: random.Random, station: AirStation, day: datetime.date, bias: float) -> AirDailyRecord:
    winter = math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365)  # 1 in January, -1 in July
    summer = -winter
    pm25 = max(3.0, 32 + 18 * winter + bias + rng.gauss(0, 9))
    record = AirDailyRecord(
        station=station,
        date=day,
        pm25=Decimal(round(pm25)),
        pm10=Decimal(round(pm25 * 1.6 + rng.gauss(0, 6))).max(Decimal(5)),
        so2=Decimal(max(2, round(9 + 3 * winter + rng.gauss(0, 2)))),
        no2=Decimal(max(3, round(22 + 6 * winter + rng.gauss(0, 5)))),
        co=Decimal(str(round(max(0.2, 0.8 + 0.2 * winter + rng.gauss(0, 0.15)), 1))),
        o3_8h=Decimal(max(10, round(95 + 35 * summer + rng.gauss(0, 22)))),
    )
    # One day in a hundred misses a value, as real feeds do.
    if rng.random() < 0.01:
        record.o3_8h = None
    record.refresh_derived()
    return record


def _sample(rng: random.Random, section: WaterSection, day: datetime.date, base_tp: float) -> WaterSample:
    sample = WaterSample(
        section=section,
        date=day,
        ph=Decimal(str(round(rng.uniform(6.8, 8.2), 2))),
        do=Decimal(str(round(rng.uniform(5.5, 9.5), 1))),
        codmn=Decimal(str(round(rng.uniform(1.8, 5.0), 1))),
        cod=Decimal(str(round(rng.uniform(8, 19)))),
        bod5=Decimal(str(round(rng.uniform(1.0, 3.8), 1))),
        nh3n=Decimal(str(round(rng.uniform(0.08, 0.8), 3))),
        tp=Decimal(str(round(max(0.005, base_tp * rng.uniform(0.7, 1.3)), 3))),
        tn=Decimal(str(round(rng.uniform(0.5, 1.6), 2))),
    )
    sample.refresh_derived()
    return sample


def build_city(years: int = 10) -> City:
    # One refresh of the daily aggregates at the end instead of one per bulk_create batch.
    with transaction.atomic(), deferred_air_aggregates():
        return _build_city(years)


def _build_city(years: int) -> City:
    rng = random.Random(20260630)
    first_day = LAST_DAY.replace(year=LAST_DAY.year - years) + datetime.timedelta(days=1)
    city = Organization.objects.create(code=CITY_CODE, name="基准市", full_name="基准市生态环境局", level="city")
    counties = [
        Organization.objects.create(
            code=f"3699{index:02d}", name=f"基准县{index:02d}", full_name=f"基准县{index:02d}生态环境局", parent=city
        )
        for index in range(1, COUNTIES + 1)
    ]
    orgs = [city, *counties]
    stations = AirStation.objects.bulk_create(
        [
            AirStation(code=f"{org.code}-A{n}", name=f"{org.name}站点{n}", organization=org)
            for org in orgs
            for n in (1, 2)
        ]
    )
    biases = {station.pk: rng.uniform(-8, 8) for station in stations}

    days = (LAST_DAY - first_day).days + 1
    batch: list[AirDailyRecord] = []
    for offset in range(days):
        day = first_day + datetime.timedelta(days=offset)
        for station in stations:
            batch.append(_air_record(rng, station, day, biases[station.pk]))
        if len(batch) >= BATCH_SIZE:
            AirDailyRecord.objects.bulk_create(batch)
            batch = []
    AirDailyRecord.objects.bulk_create(batch)

    group = SectionGroup.objects.create(name="基准湖入湖断面", description="基准测试用")
    sections = []
    for org in orgs:
        for n, body in ((1, WaterSection.Body.LAKE), (2, WaterSection.Body.RIVER)):
            sections.append(
                WaterSection(
                    code=f"{org.code}-W{n}",
                    name=f"{org.name}断面{n}",
                    organization=org,
                    level=WaterSection.Level.NATIONAL if n == 1 else WaterSection.Level.PROVINCIAL,
                    body=body,
                    target_class="IV" if body == WaterSection.Body.LAKE else "III",
                )
            )
    sections = WaterSection.objects.bulk_create(sections)
    group.sections.set([s for s in sections if s.body == WaterSection.Body.RIVER])
    samples = []
    for section in sections:
        base_tp = rng.uniform(0.03, 0.09) if section.body == WaterSection.Body.LAKE else rng.uniform(0.05, 0.2)
        year, month = first_day.year, first_day.month
        while datetime.date(year, month, 1) <= LAST_DAY:
            samples.append(_sample(rng, section, datetime.date(year, month, 12), base_tp))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    WaterSample.objects.bulk_create(samples, batch_size=BATCH_SIZE)

    units = ResponsibleUnit.objects.bulk_create([ResponsibleUnit(name=f"基准责任单位{n}") for n in range(1, 9)])
    statuses = [Status.IN_PROGRESS, Status.IN_PROGRESS, Status.DONE, Status.APPLYING_CLOSURE, Status.CLOSED]
    items, tasks = [], []
    for org in orgs:
        batches = InspectionBatch.objects.bulk_create(
            [
                InspectionBatch(organization=org, name=f"督察批次{n}", order=n, group="第一轮" if n < 3 else "")
                for n in (1, 2, 3)
            ]
        )
        areas = LedgerArea.objects.bulk_create(
            [LedgerArea(organization=org, year=LAST_DAY.year, name=f"领域{n}", order=n) for n in (1, 2, 3)]
        )
        for batch_obj in batches:
            for n in range(1, 16):
                status = rng.choice(statuses)
                items.append(
                    RectificationItem(
                        batch=batch_obj,
                        code=f"{org.code}-{batch_obj.order}-{n:03d}",
                        description=f"基准整改问题{n}",
                        term=rng.choice(list(RectificationItem.Term)),
                        unit=rng.choice(units),
                        deadline=LAST_DAY - datetime.timedelta(days=rng.randint(-200, 400)),
                        status=status,
                        on_schedule=rng.random() > 0.1,
                        closed_on=LAST_DAY if status == Status.CLOSED else None,
                    )
                )
        for area in areas:
            for n in range(1, 11):
                status = rng.choice(statuses)
                tasks.append(
                    LedgerTask(
                        area=area,
                        number=n,
                        content=f"基准工作任务{n}",
                        unit=rng.choice(units),
                        deadline=LAST_DAY + datetime.timedelta(days=rng.randint(-100, 200)),
                        status=status,
                        on_schedule=rng.random() > 0.1,
                        closed_on=LAST_DAY if status == Status.CLOSED else None,
                    )
                )
    RectificationItem.objects.bulk_create(items, batch_size=BATCH_SIZE)
    LedgerTask.objects.bulk_create(tasks, batch_size=BATCH_SIZE)

    start = LAST_DAY.replace(month=1, day=1)
    AnnualTarget.objects.create(organization=city, year=LAST_DAY.year, pm25_max=Decimal(33), good_rate_min=Decimal(88))
    PublishedFigure.objects.create(
        organization=city,
        indicator=PublishedFigure.Indicator.GOOD_RATE,
        period_start=start,
        period_end=LAST_DAY,
        value=Decimal("90.0"),
        source="基准通报",
    )
    return City(
        org=city,
        county_codes=[c.code for c in counties],
        start=start,
        end=LAST_DAY,
        counts={
            "stations": len(stations),
            "daily records": AirDailyRecord.objects.filter(station__in=stations).count(),
            "sections": len(sections),
            "samples": len(samples),
            "rectification items": len(items),
            "ledger tasks": len(tasks),
        },
    )
