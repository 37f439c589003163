"""A generated province for ``manage.py bench --scale province``, loaded with COPY.

100 counties under one province, 10 air stations each (1,000 stations, 10 years of daily records:
3.65 million rows) and 10 water sections each (1,000 sections sampled monthly: 120,000 samples),
plus a few rectification items and ledger tasks per county. The values are drawn with NumPy from
a fixed seed, the derived AQI columns come from the vectorised standards engine, and the rows go
in with PostgreSQL's COPY (not the ORM), a year at a time, with the data-version triggers off;
the daily aggregates are then built by ``rebuild_air_aggregates`` as ``manage.py
rebuild_aggregates`` would, and every data version is renewed.
"""

from __future__ import annotations

import contextlib
import datetime
import io
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from ecoreport.accounts.models import Organization
from ecoreport.audit import versions
from indicators.air_days import primary_texts
from indicators.models import AirDailyRecord, AirStation, WaterSample, WaterSection
from indicators.services import rebuild_air_aggregates
from indicators.standards.aqi import CATEGORIES, POLLUTANTS
from indicators.standards.vector import MISSING, evaluate_days
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem, ResponsibleUnit, Status

PROVINCE_CODE = "350000"
COUNTIES = 100
STATIONS_PER_COUNTY = 10
SECTIONS_PER_COUNTY = 10
YEARS = 10
LAST_DAY = datetime.date(2026, 6, 30)
_LEVELS = np.array([category.level for category in CATEGORIES])


@dataclass
class Province:
    org: Organization
    county_codes: list[str]
    start: datetime.date
    end: datetime.date
    counts: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)

    def describe(self) -> str:
        parts = ", ".join(f"{value:,} {name}" for name, value in self.counts.items())
        steps = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in self.timings.items())
        return f"{self.org.name} ({self.org.code}) + {len(self.county_codes)} counties; {parts}; built: {steps}"


def build_province(years: int = YEARS) -> Province:
    timings: dict[str, float] = {}
    started = time.perf_counter()
    rng = np.random.default_rng(20260630)
    first_day = LAST_DAY.replace(year=LAST_DAY.year - years) + datetime.timedelta(days=1)
    with transaction.atomic():
        province = Organization.objects.create(
            code=PROVINCE_CODE, name="基准省", full_name="基准省生态环境厅", level=Organization.Level.PROVINCE
        )
        counties = Organization.objects.bulk_create(
            [
                Organization(
                    code=f"35{n:02d}01",
                    name=f"基准省县{n:02d}",
                    full_name=f"基准省县{n:02d}生态环境局",
                    parent=province,
                )  # fmt: skip
                for n in range(COUNTIES)
            ]
        )
        stations = AirStation.objects.bulk_create(
            [
                AirStation(code=f"{county.code}-A{n:02d}", name=f"{county.name}站点{n}", organization=county)
                for county in counties
                for n in range(STATIONS_PER_COUNTY)
            ]
        )
        sections = WaterSection.objects.bulk_create(
            [
                WaterSection(
                    code=f"{county.code}-W{n:02d}",
                    name=f"{county.name}断面{n}",
                    organization=county,
                    level=WaterSection.Level.PROVINCIAL if n else WaterSection.Level.NATIONAL,
                    body=WaterSection.Body.LAKE if n % 3 == 0 else WaterSection.Body.RIVER,
                    target_class="III",
                )
                for county in counties
                for n in range(SECTIONS_PER_COUNTY)
            ]
        )
        _tasks(counties)
    timings["organizations"] = time.perf_counter() - started

    started = time.perf_counter()
    records = _copy_air(rng, [s.pk for s in stations], first_day)
    timings["air COPY"] = time.perf_counter() - started
    started = time.perf_counter()
    samples = _copy_water(rng, sections, first_day)
    timings["water COPY"] = time.perf_counter() - started
    started = time.perf_counter()
    aggregates = rebuild_air_aggregates()
    timings["aggregates"] = time.perf_counter() - started
    versions.bump(Organization.objects.values_list("pk", flat=True))
    versions.bump()
    return Province(
        org=province,
        county_codes=[c.code for c in counties],
        start=LAST_DAY.replace(month=1, day=1),
        end=LAST_DAY,
        counts={
            "stations": len(stations),
            "daily records": records,
            "daily aggregates": aggregates,
            "sections": len(sections),
            "samples": samples,
        },
        timings=timings,
    )


def _tasks(counties: list[Organization]) -> None:
    unit = ResponsibleUnit.objects.create(name="基准省责任单位")
    batches = InspectionBatch.objects.bulk_create(
        [InspectionBatch(organization=county, name="省级督察", order=1) for county in counties]
    )
    areas = LedgerArea.objects.bulk_create(
        [LedgerArea(organization=county, year=LAST_DAY.year, name="大气污染防治", order=1) for county in counties]
    )
    statuses = [Status.IN_PROGRESS, Status.DONE, Status.CLOSED]
    RectificationItem.objects.bulk_create(
        [
            RectificationItem(
                batch=batch,
                code=f"{batch.organization.code}-{n:02d}",
                description=f"整改问题{n}",
                unit=unit,
                deadline=LAST_DAY - datetime.timedelta(days=30 * n),
                status=statuses[n % 3],
                closed_on=LAST_DAY if statuses[n % 3] == Status.CLOSED else None,
            )
            for batch in batches
            for n in range(10)
        ]  # fmt: skip
    )
    LedgerTask.objects.bulk_create(
        [
            LedgerTask(
                area=area,
                number=n + 1,
                content=f"工作任务{n}",
                unit=unit,
                deadline=LAST_DAY + datetime.timedelta(days=20 * n - 100),
                status=statuses[n % 3],
                closed_on=LAST_DAY if statuses[n % 3] == Status.CLOSED else None,
            )
            for area in areas
            for n in range(10)
        ]  # fmt: skip
    )


def _copy(table_model, columns: list[str], lines: str) -> None:
    quote = connection.ops.quote_name
    table = quote(table_model._meta.db_table)
    names = ", ".join(quote(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv)", io.StringIO(lines))


@contextlib.contextmanager
def _without_version_triggers(model) -> Iterator[None]:
    """ALTER TABLE … DISABLE TRIGGER USER: the data versions are renewed once after the load."""
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


def _copy_air(rng: np.random.Generator, station_ids: list[int], first_day: datetime.date) -> int:
    """Daily records of every station, a year per COPY; returns the number of rows."""
    stations = np.array(station_ids, dtype=np.int64)
    bias = rng.uniform(-8, 8, len(stations))
    columns = ["station_id", "date", *POLLUTANTS, "aqi", "category_level", "primary_pollutants", "updated_at"]
    now = timezone.now().isoformat()
    written = 0
    with _without_version_triggers(AirDailyRecord):
        for year_start, year_end in _years(first_day, LAST_DAY):
            days = np.arange(np.datetime64(year_start), np.datetime64(year_end) + 1)
            day_of_year = (days - days.astype("datetime64[Y]")).astype(np.int64) + 1
            winter = np.cos(2 * np.pi * (day_of_year - 15) / 365)
            grid_days = np.repeat(days, len(stations))
            grid_winter = np.repeat(winter, len(stations))
            grid_stations = np.tile(stations, len(days))
            n = len(grid_days)
            pm25 = np.maximum(3, np.rint(32 + 18 * grid_winter + np.tile(bias, len(days)) + rng.normal(0, 9, n)))
            values = {
                "pm25": pm25,
                "pm10": np.maximum(5, np.rint(pm25 * 1.6 + rng.normal(0, 6, n))),
                "so2": np.maximum(2, np.rint(9 + 3 * grid_winter + rng.normal(0, 2, n))),
                "no2": np.maximum(3, np.rint(22 + 6 * grid_winter + rng.normal(0, 5, n))),
                "co": np.maximum(2, np.rint(8 + 2 * grid_winter + rng.normal(0, 1.5, n))),  # 0.1 mg/m³
                "o3_8h": np.maximum(10, np.rint(95 - 35 * grid_winter + rng.normal(0, 22, n))),
                "o3_1h": np.full(n, MISSING),
            }
            values = {key: column.astype(np.int64) for key, column in values.items()}
            values["o3_8h"][rng.random(n) < 0.01] = MISSING  # one day in a hundred misses a value
            result = evaluate_days(values, grid_days, exact=True)
            day_texts = [str(day) for day in days.tolist()]
            cells = [
                list(map(str, grid_stations.tolist())),
                [day_texts[i] for i in np.repeat(np.arange(len(days)), len(stations)).tolist()],
                *(_cells(values[key], tenths=key == "co") for key in POLLUTANTS),
                _cells(result.aqi),
                _cells(np.where(result.category == MISSING, MISSING, _LEVELS[np.maximum(result.category, 0)])),
                [f'"{text}"' for text in primary_texts(result.primary)],
                [now] * n,
            ]
            lines = "\n".join(map(",".join, zip(*cells, strict=True))) + "\n"
            _copy(AirDailyRecord, columns, lines)
            written += n
    return written


def _cells(values: np.ndarray, *, tenths: bool = False) -> list[str]:
    """Scaled integers as CSV cells: '' for missing; CO from tenths ('8' → '0.8')."""
    if tenths:
        return ["" if v == MISSING else f"{v // 10}.{v % 10}" for v in values.tolist()]
    return ["" if v == MISSING else str(v) for v in values.tolist()]


def _copy_water(rng: np.random.Generator, sections: list[WaterSection], first_day: datetime.date) -> int:
    columns = ["section_id", "date", "ph", "do", "codmn", "nh3n", "tp", "water_class", "updated_at"]
    now = timezone.now().isoformat()
    lines = []
    months = [(y, m) for y in range(first_day.year, LAST_DAY.year + 1) for m in range(1, 13)
              if first_day <= datetime.date(y, m, 12) <= LAST_DAY]  # fmt: skip
    for section in sections:
        base_tp = rng.uniform(0.03, 0.09) if section.body == WaterSection.Body.LAKE else rng.uniform(0.05, 0.2)
        for year, month in months:
            sample = WaterSample(
                section=section,
                date=datetime.date(year, month, 12),
                ph=Decimal(f"{rng.uniform(6.8, 8.2):.2f}"),
                do=Decimal(f"{rng.uniform(5.5, 9.5):.1f}"),
                codmn=Decimal(f"{rng.uniform(1.8, 5.0):.1f}"),
                nh3n=Decimal(f"{rng.uniform(0.08, 0.8):.3f}"),
                tp=Decimal(f"{max(0.005, base_tp * rng.uniform(0.7, 1.3)):.3f}"),
            )
            sample.refresh_derived()
            lines.append(
                f"{section.pk},{sample.date},{sample.ph},{sample.do},{sample.codmn},{sample.nh3n},{sample.tp},"
                f"{sample.water_class},{now}\n"
            )
    with _without_version_triggers(WaterSample):
        _copy(WaterSample, columns, "".join(lines))
    return len(lines)


def _years(first: datetime.date, last: datetime.date):
    for year in range(first.year, last.year + 1):
        yield max(first, datetime.date(year, 1, 1)), min(last, datetime.date(year, 12, 31))


def run_scale(out, years: int = YEARS) -> None:
    """``bench --scale province``: build the province and the 26-station city, then time the goals."""
    from ecoreport.bench.bench_summary import HEADER, figures_against_floor
    from ecoreport.bench.city import build_city

    started = time.perf_counter()
    province = build_province(years=years)
    out(f"generated province: {province.describe()}; {time.perf_counter() - started:.1f} s in all")
    started = time.perf_counter()
    city = build_city(years=years)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out(f"generated city: {city.describe()} in {time.perf_counter() - started:.1f} s")
    start, end = province.start, province.end
    county = Organization.objects.get(code=province.county_codes[0])
    out(f"-- compute_figures, half-year {start}..{end} ({connection.vendor}) --")
    out(HEADER)
    figures_against_floor(out, "county (10 stations)", county, start, end, goal_ms=50)
    figures_against_floor(out, "city (26 stations)", city.org, city.start, city.end, goal_ms=100)
    figures_against_floor(out, "province (1,000 stations)", province.org, start, end, goal_ms=1000, runs=5)
