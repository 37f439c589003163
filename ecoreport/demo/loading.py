"""Load the Lushan 2022 H1 demo from ``fixtures/demo/`` (made by ``fixtures/make_seed.py``).

Safe to run again: every row is written by its natural key (update or create), so a second run
changes nothing and duplicates nothing. The CSV files follow the import formats of
docs/data-formats.md; they are read here directly, not through the importer, so the demo (and the
test suite, which loads it once per session) does not depend on the import code being finished.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from ecoreport.accounts.models import Organization, UserProfile
from ecoreport.accounts.roles import ADMINISTRATORS, DATA_ENTRY, LEADERSHIP, ensure_groups
from ecoreport.demo.workstats import load_workstats
from ecoreport.reports.models import ReportSection
from indicators.models import (
    AIR_POLLUTANTS,
    WATER_FIELD,
    AirDailyRecord,
    AirStation,
    AnnualTarget,
    DrinkingWaterResult,
    DrinkingWaterSource,
    PublishedFigure,
    SectionGroup,
    SectionTarget,
    WaterSample,
    WaterSection,
)
from indicators.standards.water import parse_class
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem, ResponsibleUnit, Status
from tasks.services import record_loaded_statuses

DEMO_DIR = Path(settings.BASE_DIR) / "fixtures" / "demo"
DEMO_ORG_CODE = "360483"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    role: str
    is_staff: bool
    is_superuser: bool


# Printed by ``manage.py load_demo`` and listed in the README; for a demo only.
DEMO_ACCOUNTS = (
    DemoAccount("admin", "admin-demo-2022", ADMINISTRATORS, is_staff=True, is_superuser=True),
    DemoAccount("staff", "staff-demo-2022", DATA_ENTRY, is_staff=True, is_superuser=False),
    DemoAccount("leader", "leader-demo-2022", LEADERSHIP, is_staff=False, is_superuser=False),
)

_STATION_LEVEL = {"国控": AirStation.Level.NATIONAL, "省控": AirStation.Level.PROVINCIAL, "市控": AirStation.Level.CITY}
_SECTION_LEVEL = {
    "国考": WaterSection.Level.NATIONAL,
    "省控": WaterSection.Level.PROVINCIAL,
    "市控": WaterSection.Level.CITY,
}
_BODY = {"河流": WaterSection.Body.RIVER, "湖库": WaterSection.Body.LAKE}
_STATUS = {
    "推进中": Status.IN_PROGRESS,
    "已完成": Status.DONE,
    "申请销号": Status.APPLYING_CLOSURE,
    "已销号": Status.CLOSED,
}
_KIND = {"反馈问题": RectificationItem.Kind.FEEDBACK, "信访件": RectificationItem.Kind.PETITION}
_TERM = {"限期整改": RectificationItem.Term.TIME_LIMITED, "长期坚持": RectificationItem.Term.LONG_TERM}
_YES_NO = {"是": True, "否": False, "": True}


def _rows(name: str) -> list[dict[str, str]]:
    with open(DEMO_DIR / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _decimal(text: str | None) -> Decimal | None:
    return Decimal(text) if text not in (None, "") else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def load_demo(stdout: TextIO | None = None) -> Organization:
    """Load (or refresh) the demo and return the demo county, 庐山市 (360483)."""
    extra = json.loads((DEMO_DIR / "extra.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        groups = ensure_groups()
        orgs = _load_organizations(extra)
        _load_air(orgs)
        sections = _load_water(orgs, extra)
        _load_targets_and_published(orgs, sections, extra)
        _load_drinking_water(orgs, extra)
        units = _load_units(orgs)
        _load_rectification(orgs, units, extra)
        _load_ledger(orgs, units, extra)
        load_workstats(DEMO_DIR)
        _load_report_sections(orgs, extra)
        county = orgs[DEMO_ORG_CODE]
        _load_accounts(county, groups)
    if stdout is not None:
        for line in demo_summary(county):
            stdout.write(line + "\n")
    return county


def demo_summary(county: Organization) -> list[str]:
    """A short Chinese account of what the demo holds, for the command's output."""
    return [
        f"已加载演示数据：{county.full_name or county.name}（{county.code}）",
        f"  机构 {Organization.objects.count()} 个；空气站点 {AirStation.objects.count()} 个，"
        f"空气日数据 {AirDailyRecord.objects.count()} 条",
        f"  水质断面 {WaterSection.objects.count()} 个，水质监测数据 {WaterSample.objects.count()} 条；"
        f"饮用水水源地 {DrinkingWaterSource.objects.count()} 个",
        f"  督察批次 {InspectionBatch.objects.count()} 个，整改问题 {RectificationItem.objects.count()} 个；"
        f"台账领域 {LedgerArea.objects.count()} 个，台账任务 {LedgerTask.objects.count()} 项",
        f"  报告文字段落 {ReportSection.objects.filter(organization=county).count()} 段；"
        f"发布数据 {PublishedFigure.objects.count()} 条",
    ]


def _load_organizations(extra: dict) -> dict[str, Organization]:
    details = {item["code"]: item for item in extra["organizations"]}
    orgs: dict[str, Organization] = {}
    # The file lists parents before their children.
    for row in _rows("organizations.csv"):
        detail = details.get(row["code"], {})
        orgs[row["code"]], _ = Organization.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "parent": orgs[row["parent"]] if row["parent"] else None,
                "level": detail.get("level", Organization.Level.COUNTY),
                "full_name": detail.get("full_name", ""),
            },
        )
    return orgs


def _load_air(orgs: dict[str, Organization]) -> None:
    stations = {}
    for row in _rows("air-stations.csv"):
        stations[row["code"]], _ = AirStation.objects.update_or_create(
            code=row["code"],
            defaults={"name": row["name"], "organization": orgs[row["org"]], "level": _STATION_LEVEL[row["level"]]},
        )
    records = []
    for row in _rows("air-daily.csv"):
        record = AirDailyRecord(station=stations[row["station"]], date=_date(row["date"]))
        for key in AIR_POLLUTANTS:
            setattr(record, key, _decimal(row.get(key)))
        # bulk_create skips save(), which is where the derived AQI fields are normally set.
        record.refresh_derived()
        records.append(record)
    AirDailyRecord.objects.bulk_create(
        records,
        update_conflicts=True,
        unique_fields=["station", "date"],
        update_fields=[*AIR_POLLUTANTS, "aqi", "category_level", "primary_pollutants", "updated_at"],
    )


def _load_water(orgs: dict[str, Organization], extra: dict) -> dict[str, WaterSection]:
    groups = {}
    for item in extra["section_groups"]:
        groups[item["name"]], _ = SectionGroup.objects.update_or_create(
            name=item["name"], defaults={"description": item.get("description", ""), "size": item.get("size")}
        )
    sections = {}
    for row in _rows("water-sections.csv"):
        section, _ = WaterSection.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "organization": orgs[row["org"]],
                "level": _SECTION_LEVEL[row["level"]],
                "body": _BODY[row["body"]],
                "target_class": parse_class(row["target"]),
                "order": int(row.get("order") or 0),
            },
        )
        section.groups.set([groups[name] for name in row["groups"].split(";") if name])
        sections[row["code"]] = section
    samples = []
    for row in _rows("water-samples.csv"):
        sample = WaterSample(section=sections[row["section"]], date=_date(row["date"]))
        for key, field in WATER_FIELD.items():
            setattr(sample, field, _decimal(row.get(key)))
        sample.refresh_derived()
        samples.append(sample)
    WaterSample.objects.bulk_create(
        samples,
        update_conflicts=True,
        unique_fields=["section", "date"],
        update_fields=[*WATER_FIELD.values(), "water_class", "updated_at"],
    )
    return sections


def _load_targets_and_published(orgs, sections, extra: dict) -> None:
    for item in extra["annual_targets"]:
        AnnualTarget.objects.update_or_create(
            organization=orgs[item["org"]],
            year=item["year"],
            defaults={
                "pm25_max": _decimal(item.get("pm25_max")),
                "good_rate_min": _decimal(item.get("good_rate_min")),
                "drinking_water_rate_min": _decimal(item.get("drinking_water_rate_min")),
            },
        )
    for item in extra["section_targets"]:
        SectionTarget.objects.update_or_create(
            section=sections[item["section"]], year=item["year"], defaults={"target_class": item["target"]}
        )
    for item in extra["published_figures"]:
        PublishedFigure.objects.update_or_create(
            organization=orgs[item["org"]],
            indicator=item["indicator"],
            section=sections[item["section"]] if item.get("section") else None,
            period_start=_date(item["period_start"]),
            period_end=_date(item["period_end"]),
            defaults={"value": Decimal(item["value"]), "source": item["source"], "note": item.get("note", "")},
        )


def _load_drinking_water(orgs, extra: dict) -> None:
    sources = {}
    for item in extra["drinking_water_sources"]:
        sources[item["code"]], _ = DrinkingWaterSource.objects.update_or_create(
            code=item["code"],
            defaults={"name": item["name"], "organization": orgs[item["org"]], "level": item["level"]},
        )
    results = [
        DrinkingWaterResult(
            source=sources[item["source"]],
            date=_date(item["date"]),
            compliant=item["compliant"],
            exceeding_items=item.get("exceeding_items", ""),
        )
        for item in extra["drinking_water_results"]
    ]
    DrinkingWaterResult.objects.bulk_create(
        results, update_conflicts=True, unique_fields=["source", "date"], update_fields=["compliant", "exceeding_items"]
    )


def _load_units(orgs) -> dict[str, ResponsibleUnit]:
    wanted = {}
    for name in ("rectification.csv", "ledger.csv"):
        for row in _rows(name):
            wanted.setdefault(row["unit"], orgs[row["org"]])
    units = {}
    for name, org in wanted.items():
        units[name], _ = ResponsibleUnit.objects.get_or_create(name=name, defaults={"organization": org})
    return units


def _load_rectification(orgs, units, extra: dict) -> None:
    batches = {}
    for item in extra["batches"]:
        batches[(item["org"], item["name"])], _ = InspectionBatch.objects.update_or_create(
            organization=orgs[item["org"]],
            name=item["name"],
            defaults={"order": item["order"], "group": item["group"]},
        )
    closed_on = extra["rectification_closed_on"]
    items = [
        RectificationItem(
            code=row["code"],
            batch=batches[(row["org"], row["batch"])],
            kind=_KIND[row["kind"]],
            description=row["description"],
            term=_TERM[row["term"]],
            deadline=_date(row["deadline"]),
            unit=units[row["unit"]],
            status=_STATUS[row["status"]],
            on_schedule=_YES_NO[row["on_schedule"]],
            closed_on=_date(closed_on.get(row["code"])),
            # The texts are generated: the seed gives only the counts.
            is_sample=True,
        )
        for row in _rows("rectification.csv")
    ]
    RectificationItem.objects.bulk_create(
        items,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=[
            "batch", "kind", "description", "term", "deadline", "unit", "status", "on_schedule", "closed_on",
            "is_sample", "updated_at",
        ],
    )  # fmt: skip
    # The demo's statuses have no date: they count from each item's beginning.
    record_loaded_statuses(records=RectificationItem.objects.filter(code__in=[item.code for item in items]))


def _load_ledger(orgs, units, extra: dict) -> None:
    areas = {}
    for item in extra["ledger_areas"]:
        areas[(item["org"], item["year"], item["name"])], _ = LedgerArea.objects.update_or_create(
            organization=orgs[item["org"]], year=item["year"], name=item["name"], defaults={"order": item["order"]}
        )
    closed_on = {(item["area"], int(item["number"])): item["closed_on"] for item in extra["ledger_closed_on"]}
    tasks = [
        LedgerTask(
            area=areas[(row["org"], int(row["year"]), row["area"])],
            number=int(row["number"]),
            content=row["content"],
            unit=units[row["unit"]],
            deadline=_date(row["deadline"]),
            status=_STATUS[row["status"]],
            on_schedule=_YES_NO[row["on_schedule"]],
            closed_on=_date(closed_on.get((row["area"], int(row["number"])))),
            is_sample=True,
        )
        for row in _rows("ledger.csv")
    ]
    LedgerTask.objects.bulk_create(
        tasks,
        update_conflicts=True,
        unique_fields=["area", "number"],
        update_fields=["content", "unit", "deadline", "status", "on_schedule", "closed_on", "is_sample", "updated_at"],
    )
    # The demo's statuses have no date: they count from each task's beginning.
    record_loaded_statuses(records=LedgerTask.objects.filter(area__in=areas.values()))


def _load_report_sections(orgs, extra: dict) -> None:
    for item in extra["report_sections"]:
        ReportSection.objects.update_or_create(
            organization=orgs[item["org"]],
            period_start=_date(item["period_start"]),
            period_end=_date(item["period_end"]),
            part=item["part"],
            order=item["order"],
            defaults={"heading": item["heading"], "body": item["body"], "generated": item["generated"]},
        )


def _load_accounts(county: Organization, groups) -> None:
    User = get_user_model()
    for account in DEMO_ACCOUNTS:
        user, _ = User.objects.get_or_create(username=account.username)
        user.is_active = True
        user.is_staff = account.is_staff
        user.is_superuser = account.is_superuser
        # Reset on every run: the command prints these passwords, so they must be the valid ones.
        user.set_password(account.password)
        user.save()
        user.groups.set([groups[account.role]])
        UserProfile.objects.update_or_create(user=user, defaults={"organization": county})
