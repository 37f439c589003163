"""Small builders for the figures tests: organizations, stations, daily records, sections, samples."""

from __future__ import annotations

import datetime
from decimal import Decimal

from ecoreport.accounts.models import Organization
from indicators.models import AirDailyRecord, AirStation, WaterSample, WaterSection

CLEAN = {"pm10": 40, "so2": 8, "no2": 20, "co": "0.6", "o3_8h": 80}


def make_org(code: str, name: str, parent: Organization | None = None, level: str = "county") -> Organization:
    return Organization.objects.create(code=code, name=name, full_name=f"{name}生态环境局", level=level, parent=parent)


def make_station(org: Organization, code: str) -> AirStation:
    return AirStation.objects.create(code=code, name=f"站点{code}", organization=org)


def add_day(station: AirStation, day: datetime.date, pm25, **overrides) -> AirDailyRecord:
    values = {key: None if value is None else Decimal(str(value)) for key, value in (CLEAN | overrides).items()}
    return AirDailyRecord.objects.create(station=station, date=day, pm25=Decimal(str(pm25)), **values)


def add_days(station: AirStation, first: datetime.date, count: int, pm25_of_day) -> None:
    """``count`` days from ``first``, PM2.5 given by ``pm25_of_day(index)``, bulk-created."""
    records = []
    for index in range(count):
        values = {key: Decimal(str(value)) for key, value in CLEAN.items()}
        day = first + datetime.timedelta(days=index)
        record = AirDailyRecord(station=station, date=day, pm25=Decimal(str(pm25_of_day(index))), **values)
        record.refresh_derived()
        records.append(record)
    AirDailyRecord.objects.bulk_create(records)


def make_section(org: Organization, code: str, name: str, body: str = "lake", target: str = "IV") -> WaterSection:
    return WaterSection.objects.create(
        code=code, name=name, organization=org, level=WaterSection.Level.NATIONAL, body=body, target_class=target
    )


def add_sample(section: WaterSection, day: datetime.date, **values) -> WaterSample:
    sample = WaterSample(section=section, date=day, **{key: Decimal(str(v)) for key, v in values.items()})
    sample.save()
    return sample
