"""The seven kinds of file in data-formats.md: their columns, how a row finds its record, how to write.

Each kind turns parsed rows into a plan (create / update / unchanged, with the changed fields)
without writing anything, so the same plan serves the dry run, the admin preview and the real
import. Monitoring rows (thousands per file) are written in bulk; the small kinds row by row.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from ecoreport.accounts.models import Organization
from ecoreport.accounts.roles import is_administrator
from ecoreport.audit import history as audit
from ecoreport.importing.errors import RowError
from indicators import cells
from indicators.models import (
    AIR_POLLUTANTS,
    WATER_FIELD,
    WATER_PARAMETERS,
    AirDailyRecord,
    AirStation,
    SectionGroup,
    WaterSample,
    WaterSection,
)
from tasks.models import (
    STATUS_ORDER,
    InspectionBatch,
    LedgerArea,
    LedgerTask,
    RectificationItem,
    ResponsibleUnit,
    Status,
)

CREATE, UPDATE, UNCHANGED = "create", "update", "unchanged"
BULK_BATCH = 1000


def execute_many(cursor, sql: str, params: list) -> None:
    """Run one statement for many parameter rows, in as few round trips as the backend allows.

    psycopg2's ``executemany`` sends one statement per row (a network round trip each: seconds
    for a year of daily records); ``execute_batch`` joins pages of them into one. SQLite runs
    in-process, where ``executemany`` is already the fast path.
    """
    if cursor.db.vendor == "postgresql":
        from psycopg2.extras import execute_batch

        execute_batch(cursor.cursor, sql, params, page_size=BULK_BATCH)
    else:
        for start in range(0, len(params), BULK_BATCH):
            cursor.executemany(sql, params[start : start + BULK_BATCH])


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    parse: Callable[[object], object]
    required: bool = False
    # How the exporter reads the value off a record; None: the model field named like the key.
    export: Callable[[models.Model], object] | None = None


@dataclass
class Planned:
    row: int
    action: str
    instance: models.Model
    changes: dict = field(default_factory=dict)
    extra: dict = field(default_factory=dict)


@dataclass
class Context:
    """What one import knows while it resolves rows: who imports, and the problems found."""

    user: object
    headers: dict[str, str]  # column key → the header as written in the file
    errors: list = field(default_factory=list)

    def error(self, row: int, key: str, message: str) -> None:
        self.errors.append(RowError(row, self.headers.get(key, key), message))

    @property
    def is_administrator(self) -> bool:
        return is_administrator(self.user)


def _require(ctx: Context, row: int, values: dict, *keys: str) -> bool:
    ok = True
    for key in keys:
        if key in values and values[key] is None:
            ctx.error(row, key, "不能为空")
            ok = False
    return ok


def _plan(row: int, instance: models.Model, before: dict | None, extra: dict | None = None) -> Planned:
    after = audit.snapshot(instance)
    if before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
        return Planned(row, CREATE, instance, changes, extra or {})
    changes = audit.diff(before, after)
    if extra and "groups" in extra and extra["groups"] != extra.get("groups_before"):
        changes["groups"] = [extra.get("groups_before"), extra["groups"]]
    return Planned(row, UPDATE if changes else UNCHANGED, instance, changes, extra or {})


def _check_duplicates(ctx: Context, rows, key_of, key_column: str, what: str) -> set[int]:
    """Rows whose key appeared on an earlier row of the same file (reported, then skipped)."""
    first_seen: dict = {}
    duplicates = set()
    for row, values in rows:
        key = key_of(values)
        if key is None:
            continue
        if key in first_seen:
            ctx.error(row, key_column, f"与第 {first_seen[key]} 行重复：{what}在一个文件中只能出现一次")
            duplicates.add(row)
        else:
            first_seen[key] = row
    return duplicates


class Kind:
    name = ""
    label = ""
    model: type[models.Model]
    columns: list[Column] = []

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def resolve(self, rows: list[tuple[int, dict]], ctx: Context) -> list[Planned]:
        raise NotImplementedError

    def write(self, planned: list[Planned], ctx: Context) -> None:
        """Row by row, for the small kinds; related rows created first."""
        for item in planned:
            if item.action == UNCHANGED:
                continue
            for related in item.extra.get("save_first", ()):
                if related.pk is None:
                    related.save()
            item.instance.save()
            if "groups" in item.extra:
                groups = [SectionGroup.objects.get_or_create(name=name)[0] for name in item.extra["groups"]]
                item.instance.groups.set(groups)

    def export_queryset(self):
        return self.model.objects.all()

    def export_value(self, column: Column, record: models.Model) -> object:
        if column.export is not None:
            return column.export(record)
        value = getattr(record, column.key)
        if isinstance(value, bool):
            return "是" if value else "否"
        return value


def _display(name: str) -> Callable[[models.Model], object]:
    return lambda record: getattr(record, f"get_{name}_display")()


# ---------------------------------------------------------------- monitoring data (bulk)


class _BulkMeasurements(Kind):
    """Air days and water samples: a site and a date as key, measured values, derived fields."""

    site_key = ""  # "station" / "section"
    site_model: type[models.Model]
    site_word = ""
    measure_keys: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()

    def field_of(self, key: str) -> str:
        return key

    def resolve(self, rows, ctx):
        sites = {site.code: site for site in self.site_model.objects.all()}
        today = timezone.localdate()  # once per file: thousands of rows share it
        valid_rows = []
        for row, values in rows:
            ok = _require(ctx, row, values, self.site_key, "date")
            if values.get("date") is not None and values["date"] > today:
                ctx.error(row, "date", f"日期 {values['date'].isoformat()} 在将来，监测数据不能晚于今天")
                ok = False
            code = values.get(self.site_key)
            if code is not None and code not in sites:
                ctx.error(row, self.site_key, f"未知的{self.site_word}编码“{code}”：请先在系统中登记该{self.site_word}")
                ok = False
            if ok:
                valid_rows.append((row, values))
        duplicates = _check_duplicates(
            ctx, valid_rows, lambda v: (v[self.site_key], v["date"]), "date", f"同一{self.site_word}同一天"
        )
        if not valid_rows:
            return []
        site_ids = {sites[values[self.site_key]].pk for _, values in valid_rows}
        dates = [values["date"] for _, values in valid_rows]
        by_id = {site.pk: site for site in sites.values()}
        existing = {}
        site_attname = f"{self.site_key}_id"
        for record in self.model.objects.filter(
            **{f"{site_attname}__in": site_ids, "date__range": (min(dates), max(dates))}
        ):
            setattr(record, self.site_key, by_id[getattr(record, site_attname)])
            existing[(getattr(record, site_attname), record.date)] = record
        fields = [self.field_of(key) for key in self.measure_keys] + list(self.derived)
        planned = []
        for row, values in valid_rows:
            if row in duplicates:
                continue
            site = sites[values[self.site_key]]
            record = existing.get((site.pk, values["date"]))
            if record is not None and all(
                getattr(record, self.field_of(key)) == values[key] for key in self.measure_keys if key in values
            ):
                planned.append(Planned(row, UNCHANGED, record))  # skip recomputing what cannot have changed
                continue
            before = {name: audit.plain(getattr(record, name)) for name in fields} if record else None
            if record is None:
                record = self.model(**{self.site_key: site, "date": values["date"]})
            for key in self.measure_keys:
                if key in values:
                    setattr(record, self.field_of(key), values[key])
            record.refresh_derived()
            after = {name: audit.plain(getattr(record, name)) for name in fields}
            if before is None:
                changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
                planned.append(Planned(row, CREATE, record, changes))
            else:
                changes = audit.diff(before, after)
                planned.append(Planned(row, UPDATE if changes else UNCHANGED, record, changes))
        return planned

    def write(self, planned, ctx):
        now = timezone.now()
        new = [item.instance for item in planned if item.action == CREATE]
        changed = [item for item in planned if item.action == UPDATE]
        if new:
            self._insert(new, now)
        if changed:
            names = sorted({name for item in changed for name in item.changes} | {"updated_at"})
            for item in changed:
                item.instance.updated_at = now
            _update_rows(self.model, [item.instance for item in changed], names)

    def _insert(self, records: list[models.Model], now) -> None:
        """INSERT in batches (see execute_many), then read the new ids back by (site, date).

        bulk_create spent most of its time preparing each Decimal again (quantize per value);
        these values were already checked to fit their field, so they go to the driver as they are.
        """
        from django.db import connection

        fields = [f for f in self.model._meta.concrete_fields if not f.primary_key]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(f.column) for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        sql = f"INSERT INTO {quote(self.model._meta.db_table)} ({columns}) VALUES ({marks})"
        decimal_names = {f.attname for f in fields if isinstance(f, models.DecimalField)}
        # Converting an aware datetime for the backend is slow; every row shares the same one.
        shared = {"updated_at": self.model._meta.get_field("updated_at").get_db_prep_save(now, connection)}
        params = []
        for record in records:
            record.updated_at = now
            params.append(
                [
                    shared[f.attname]
                    if f.attname in shared
                    else getattr(record, f.attname)
                    if f.attname in decimal_names
                    else f.get_db_prep_save(getattr(record, f.attname), connection)
                    for f in fields
                ]
            )
        with connection.cursor() as cursor:
            execute_many(cursor, sql, params)
        site_attname = f"{self.site_key}_id"
        by_key = {(getattr(r, site_attname), r.date): r for r in records}
        dates = [r.date for r in records]
        for pk, site_id, day in self.model.objects.filter(
            **{f"{site_attname}__in": {key[0] for key in by_key}, "date__range": (min(dates), max(dates))}
        ).values_list("pk", site_attname, "date"):
            record = by_key.get((site_id, day))
            if record is not None and record.pk is None:
                record.pk = pk
                record._state.adding = False

    def export_queryset(self):
        return self.model.objects.select_related(self.site_key).order_by(f"{self.site_key}__code", "date")


def _attribute(name: str) -> Callable[[models.Model], object]:
    return lambda record: getattr(record, name)


def _update_rows(model, instances: list[models.Model], names: list[str]) -> None:
    """UPDATE … WHERE id = %s per row, sent in batches (see execute_many).

    Django's bulk_update builds one CASE WHEN per field over the whole batch, which grows with
    the square of the rows: 9,500 corrected rows took a minute. A prepared statement repeated per
    row is linear and needs no backend-specific SQL.
    """
    from django.db import connection

    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    params = [
        [field.get_db_prep_save(getattr(instance, field.attname), connection) for field in fields] + [instance.pk]
        for instance in instances
    ]
    with connection.cursor() as cursor:
        execute_many(cursor, sql, params)


def _measure_columns(measures: dict, field_of: Callable[[str], str]) -> list[Column]:
    return [
        Column(key, measure.label, cells.measure_parser(measure), export=_attribute(field_of(key)))
        for key, measure in measures.items()
    ]


class AirDaily(_BulkMeasurements):
    name = "air-daily"
    label = "空气日数据"
    model = AirDailyRecord
    site_key = "station"
    site_model = AirStation
    site_word = "站点"
    measure_keys = AIR_POLLUTANTS
    derived = ("aqi", "category_level", "primary_pollutants")
    columns = [
        Column("station", "站点编码", cells.parse_text, required=True, export=lambda r: r.station.code),
        Column("date", "日期", cells.parse_date, required=True),
        *_measure_columns(cells.AIR_MEASURES, lambda key: key),
    ]


class WaterSamples(_BulkMeasurements):
    name = "water-samples"
    label = "水质监测数据"
    model = WaterSample
    site_key = "section"
    site_model = WaterSection
    site_word = "断面"
    measure_keys = WATER_PARAMETERS
    derived = ("water_class",)
    columns = [
        Column("section", "断面编码", cells.parse_text, required=True, export=lambda r: r.section.code),
        Column("date", "采样日期", cells.parse_date, required=True),
        *_measure_columns(cells.WATER_MEASURES, lambda key: WATER_FIELD[key]),
    ]

    def field_of(self, key: str) -> str:
        return WATER_FIELD[key]


# ---------------------------------------------------------------- reference data (row by row)


def _org_lookup(ctx: Context, row: int, values: dict, key: str, orgs: dict) -> Organization | None:
    code = values.get(key)
    if code is None:
        return None
    if code not in orgs:
        ctx.error(row, key, f"未知的机构编码“{code}”")
        return None
    return orgs[code]


class Organizations(Kind):
    name = "organizations"
    label = "机构"
    model = Organization
    columns = [
        Column("code", "机构编码", cells.parse_text, required=True),
        Column("name", "机构名称", cells.parse_text, required=True),
        Column("parent", "上级机构编码", cells.parse_text, export=lambda r: r.parent.code if r.parent_id else ""),
    ]

    def resolve(self, rows, ctx):
        existing = {org.code: org for org in Organization.objects.select_related("parent")}
        rows = [(row, values) for row, values in rows if _require(ctx, row, values, "code", "name")]
        duplicates = _check_duplicates(ctx, rows, lambda v: v["code"], "code", "同一机构编码")
        pending: dict[str, Organization] = {}
        befores = {}
        for row, values in rows:
            if row in duplicates:
                continue
            org = existing.get(values["code"])
            befores[values["code"]] = audit.snapshot(org) if org else None
            pending[values["code"]] = org or Organization(code=values["code"])
        planned = []
        for row, values in rows:
            if row in duplicates:
                continue
            org = pending[values["code"]]
            org.name = values["name"]
            if "parent" in values:
                parent_code = values["parent"]
                if parent_code is None:
                    org.parent = None
                elif parent_code == values["code"]:
                    ctx.error(row, "parent", "上级机构不能是它自己")
                    continue
                elif parent_code in pending:
                    org.parent = pending[parent_code]
                elif parent_code in existing:
                    org.parent = existing[parent_code]
                else:
                    ctx.error(row, "parent", f"未知的上级机构编码“{parent_code}”")
                    continue
            planned.append(Planned(row, "", org, extra={"code": values["code"]}))
        parent_of = {org.code: org.parent.code if org.parent_id else None for org in existing.values()}
        parent_of.update({item.instance.code: getattr(item.instance.parent, "code", None) for item in planned})
        resolved = []
        for item in planned:
            seen, code = set(), item.instance.code
            while code is not None and code not in seen:
                seen.add(code)
                code = parent_of.get(code)
            if code is not None:
                ctx.error(item.row, "parent", "上级机构形成循环")
                continue
            resolved.append(_plan(item.row, item.instance, befores[item.extra["code"]]))
        return resolved

    def write(self, planned, ctx):
        # Parents first, whether they were in the file or not.
        remaining = [item for item in planned if item.action != UNCHANGED]
        while remaining:
            ready = [item for item in remaining if item.instance.parent is None or item.instance.parent.pk is not None]
            if not ready:
                raise RuntimeError("organization parents could not be ordered")  # resolve() rules this out
            for item in ready:
                item.instance.save()
            remaining = [item for item in remaining if item not in ready]


class AirStations(Kind):
    name = "air-stations"
    label = "空气监测站点"
    model = AirStation
    columns = [
        Column("code", "站点编码", cells.parse_text, required=True),
        Column("name", "站点名称", cells.parse_text, required=True),
        Column("org", "机构编码", cells.parse_text, required=True, export=lambda r: r.organization.code),
        Column(
            "level", "站点级别", cells.choice_parser(AirStation.Level.choices, "站点级别"), export=_display("level")
        ),
    ]

    def resolve(self, rows, ctx):
        orgs = {org.code: org for org in Organization.objects.all()}
        existing = {station.code: station for station in AirStation.objects.select_related("organization")}
        rows = [(row, values) for row, values in rows if _require(ctx, row, values, "code", "name", "org")]
        duplicates = _check_duplicates(ctx, rows, lambda v: v["code"], "code", "同一站点编码")
        planned = []
        for row, values in rows:
            org = _org_lookup(ctx, row, values, "org", orgs)
            if row in duplicates or org is None:
                continue
            station = existing.get(values["code"])
            before = audit.snapshot(station) if station else None
            station = station or AirStation(code=values["code"])
            station.name, station.organization = values["name"], org
            if values.get("level"):
                station.level = values["level"]
            planned.append(_plan(row, station, before))
        return planned

    def export_queryset(self):
        return AirStation.objects.select_related("organization").order_by("code")


class WaterSections(Kind):
    name = "water-sections"
    label = "水质断面"
    model = WaterSection
    columns = [
        Column("code", "断面编码", cells.parse_text, required=True),
        Column("name", "断面名称", cells.parse_text, required=True),
        Column("org", "机构编码", cells.parse_text, required=True, export=lambda r: r.organization.code),
        Column(
            "level",
            "断面级别",
            cells.choice_parser(WaterSection.Level.choices, "断面级别"),
            required=True,
            export=_display("level"),
        ),
        Column(
            "body",
            "水体类型",
            cells.choice_parser(WaterSection.Body.choices, "水体类型"),
            required=True,
            export=_display("body"),
        ),  # fmt: skip
        Column("target", "目标类别", cells.parse_water_class, required=True, export=lambda r: r.target_class),
        Column("groups", "所属分组", cells.parse_groups, export=lambda r: ";".join(g.name for g in r.groups.all())),
    ]

    def resolve(self, rows, ctx):
        orgs = {org.code: org for org in Organization.objects.all()}
        existing = {s.code: s for s in WaterSection.objects.select_related("organization").prefetch_related("groups")}
        rows = [
            (row, values)
            for row, values in rows
            if _require(ctx, row, values, "code", "name", "org", "level", "body", "target")
        ]
        duplicates = _check_duplicates(ctx, rows, lambda v: v["code"], "code", "同一断面编码")
        planned = []
        for row, values in rows:
            org = _org_lookup(ctx, row, values, "org", orgs)
            if row in duplicates or org is None:
                continue
            section = existing.get(values["code"])
            before = audit.snapshot(section) if section else None
            groups_before = sorted(g.name for g in section.groups.all()) if section else []
            section = section or WaterSection(code=values["code"])
            section.name, section.organization, section.level = values["name"], org, values["level"]
            section.body, section.target_class = values["body"], values["target"]
            extra = {"groups_before": groups_before}
            if "groups" in values:
                extra["groups"] = sorted(set(values["groups"] or []))
            item = _plan(row, section, before, extra)
            if item.action == CREATE and extra.get("groups"):
                item.changes["groups"] = [None, extra["groups"]]
            planned.append(item)
        return planned

    def export_queryset(self):
        return WaterSection.objects.select_related("organization").prefetch_related("groups").order_by("code")


# ---------------------------------------------------------------- rectification items and ledger tasks


_STATUS = cells.choice_parser(Status.choices, "状态")


def _status_rank(status: str) -> int:
    return STATUS_ORDER.index(status)


class _Tracked(Kind):
    """Shared by rectification items and ledger tasks: organization rule, units, status moves."""

    group_key = ""  # "batch" / "area": the per-organization grouping named in the file
    group_model: type[models.Model]

    def _load(self):
        self.orgs = {org.code: org for org in Organization.objects.all()}
        self.groups = {(g.organization_id, g.name): g for g in self.group_model.objects.select_related("organization")}
        self.units = {unit.name: unit for unit in ResponsibleUnit.objects.all()}
        self.new_groups: dict = {}
        self.new_units: dict = {}
        parents = set(Organization.objects.exclude(parent=None).values_list("parent_id", flat=True))
        leaves = [org for org in self.orgs.values() if org.pk not in parents]
        self.only_leaf = leaves[0] if len(leaves) == 1 else None

    def _organization(self, ctx, row, values, current) -> Organization | None:
        """The `org` column if given; else the record's own; else the one organization that
        already has a batch/area of that name; else the only organization without children."""
        if values.get("org") is not None:
            return _org_lookup(ctx, row, values, "org", self.orgs)
        if current is not None:
            return getattr(current, self.group_key).organization
        owners = {g.organization for (org_id, name), g in self.groups.items() if name == values.get(self.group_key)}
        if len(owners) == 1:
            return owners.pop()
        if self.only_leaf is not None:
            return self.only_leaf
        ctx.error(row, self.group_key, "无法确定所属机构：请增加“机构编码”（org）列")
        return None

    def _group(self, org: Organization, name: str):
        key = (org.pk, name)
        if key in self.groups:
            return self.groups[key]
        if key not in self.new_groups:
            self.new_groups[key] = self.group_model(organization=org, name=name)
        return self.new_groups[key]

    def _unit(self, org: Organization, name: str) -> ResponsibleUnit:
        if name in self.units:
            return self.units[name]
        if name not in self.new_units:
            self.new_units[name] = ResponsibleUnit(name=name, organization=org)
        return self.new_units[name]

    def _apply_common(self, ctx, row, values, record, org) -> bool:
        group = self._group(org, values[self.group_key])
        setattr(record, self.group_key, group)
        record.unit = self._unit(org, values["unit"])
        if "deadline" in values:
            record.deadline = values["deadline"]
        if "on_schedule" in values:
            record.on_schedule = True if values["on_schedule"] is None else values["on_schedule"]
        new_status = values["status"]
        if record.pk is not None and _status_rank(new_status) < _status_rank(record.status):
            if not ctx.is_administrator:
                ctx.error(
                    row,
                    "status",
                    f"状态不能从“{Status(record.status).label}”退回“{Status(new_status).label}”：只有管理员可以回退状态",
                )
                return False
        record.status = new_status
        if new_status == Status.CLOSED:
            record.closed_on = record.closed_on or timezone.localdate()
        else:
            record.closed_on = None
        return True

    def _related(self, record) -> list:
        return [getattr(record, self.group_key), record.unit]


class Rectification(_Tracked):
    name = "rectification"
    label = "督察整改问题"
    model = RectificationItem
    group_key = "batch"
    group_model = InspectionBatch
    columns = [
        Column("code", "编号", cells.parse_text, required=True),
        Column("batch", "来源批次", cells.parse_text, required=True, export=lambda r: r.batch.name),
        Column("kind", "类型", cells.choice_parser(RectificationItem.Kind.choices, "类型"), required=True,
               export=_display("kind")),
        Column("description", "问题描述", cells.parse_text, required=True),
        Column("term", "整改类型", cells.choice_parser(RectificationItem.Term.choices, "整改类型"), required=True,
               export=_display("term")),
        Column("deadline", "整改时限", cells.parse_date),
        Column("unit", "责任单位", cells.parse_text, required=True, export=lambda r: r.unit.name),
        Column("status", "状态", _STATUS, required=True, export=_display("status")),
        Column("on_schedule", "是否达到序时进度", cells.parse_yes_no),
        Column("org", "机构编码", cells.parse_text, export=lambda r: r.batch.organization.code),
    ]  # fmt: skip

    def resolve(self, rows, ctx):
        self._load()
        existing = {item.code: item for item in RectificationItem.objects.select_related("batch__organization", "unit")}
        required = ("code", "batch", "kind", "description", "term", "unit", "status")
        rows = [(row, values) for row, values in rows if _require(ctx, row, values, *required)]
        duplicates = _check_duplicates(ctx, rows, lambda v: v["code"], "code", "同一编号")
        planned = []
        for row, values in rows:
            if row in duplicates:
                continue
            item = existing.get(values["code"])
            org = self._organization(ctx, row, values, item)
            if org is None:
                continue
            before = audit.snapshot(item) if item else None
            item = item or RectificationItem(code=values["code"])
            item.kind, item.description, item.term = values["kind"], values["description"], values["term"]
            if self._apply_common(ctx, row, values, item, org):
                planned.append(_plan(row, item, before, {"save_first": self._related(item)}))
        return planned

    def export_queryset(self):
        return RectificationItem.objects.select_related("batch__organization", "unit").order_by("batch", "code")


class Ledger(_Tracked):
    name = "ledger"
    label = "工作台账任务"
    model = LedgerTask
    group_key = "area"
    group_model = LedgerArea
    columns = [
        Column("area", "领域", cells.parse_text, required=True, export=lambda r: r.area.name),
        Column("number", "序号", cells.parse_int, required=True),
        Column("content", "工作任务", cells.parse_text, required=True),
        Column("unit", "责任单位", cells.parse_text, required=True, export=lambda r: r.unit.name),
        Column("deadline", "完成时限", cells.parse_date),
        Column("status", "状态", _STATUS, required=True, export=_display("status")),
        Column("on_schedule", "是否按序时推进", cells.parse_yes_no),
        Column("org", "机构编码", cells.parse_text, export=lambda r: r.area.organization.code),
    ]

    def resolve(self, rows, ctx):
        self._load()
        existing = {
            (task.area.organization_id, task.area.name, task.number): task
            for task in LedgerTask.objects.select_related("area__organization", "unit")
        }
        rows = [
            (row, values)
            for row, values in rows
            if _require(ctx, row, values, "area", "number", "content", "unit", "status")
        ]
        planned, seen = [], {}
        for row, values in rows:
            org = self._organization(ctx, row, values, None)
            if org is None:
                continue
            key = (org.pk, values["area"], values["number"])
            if key in seen:
                ctx.error(row, "number", f"与第 {seen[key]} 行重复：同一领域同一序号在一个文件中只能出现一次")
                continue
            seen[key] = row
            task = existing.get(key)
            before = audit.snapshot(task) if task else None
            task = task or LedgerTask(number=values["number"])
            task.content = values["content"]
            if self._apply_common(ctx, row, values, task, org):
                planned.append(_plan(row, task, before, {"save_first": self._related(task)}))
        return planned

    def export_queryset(self):
        return LedgerTask.objects.select_related("area__organization", "unit").order_by("area", "number")


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Organizations(),
        AirStations(),
        AirDaily(),
        WaterSections(),
        WaterSamples(),
        Rectification(),
        Ledger(),
    )
}

KIND_FOR_MODEL: dict[type[models.Model], Kind] = {kind.model: kind for kind in KINDS.values()}


def today() -> datetime.date:
    return timezone.localdate()
