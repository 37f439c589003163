"""Rectification items and ledger tasks: the organisation rule, new batches, areas and units, status moves."""

from __future__ import annotations

from django.utils import timezone
from import_export.instance_loaders import ModelInstanceLoader

from ecoreport.accounts.models import Organization
from indicators import cells
from tasks import services
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem, ResponsibleUnit, Status

from .base import Column, KindResource, choice_column, repeated, required_cells


class TrackedResource(KindResource):
    """What rectification items and ledger tasks share.

    The organisation a row belongs to is its ``org`` column if given; else the record's own; else
    the one organisation that already has a batch (area) of that name; else the only organisation
    without children. A batch, area or unit the file names and the database lacks is created.

    The status goes into the record's status history (``tasks.services.record_status``) from the
    row's ``status_date``, or, without one, from the record's beginning (data-formats.md).
    """

    group_key = ""  # "batch" / "area": the per-organisation grouping the file names
    group_model: type = None
    group_fields: tuple[str, ...] = ()  # what else tells two groups of one name apart ("year")

    def prepare(self):
        self.today = timezone.localdate()
        self.status_moves: dict[int, tuple] = {}  # row → (status and pace mark before, status_date)
        self.orgs = {org.code: org for org in Organization.objects.all()}
        self.groups = {
            (g.organization_id, g.name, *(getattr(g, name) for name in self.group_fields)): g
            for g in self.group_model.objects.all()
        }
        self.owners: dict[str, set[Organization]] = {}
        orgs_by_pk = {org.pk: org for org in self.orgs.values()}
        for group in self.groups.values():
            self.owners.setdefault(group.name, set()).add(orgs_by_pk[group.organization_id])
        self.units = {unit.name: unit for unit in ResponsibleUnit.objects.all()}
        self.new_groups: dict = {}
        self.new_units: dict = {}
        parents = set(Organization.objects.exclude(parent=None).values_list("parent_id", flat=True))
        leaves = [org for org in self.orgs.values() if org.pk not in parents]
        self.only_leaf = leaves[0] if len(leaves) == 1 else None

    def organization(self, values: dict, current) -> tuple[Organization | None, dict[str, str]]:
        code = values.get("org")
        if code is not None:
            if code in self.orgs:
                return self.orgs[code], {}
            return None, {"org": f"未知的机构编码“{code}”"}
        if current is not None:
            return getattr(current, self.group_key).organization, {}
        owners = self.owners.get(values.get(self.group_key), set())
        if len(owners) == 1:
            return next(iter(owners)), {}
        if self.only_leaf is not None:
            return self.only_leaf, {}
        return None, {self.group_key: "无法确定所属机构：请增加“机构编码”（org）列"}

    def _group(self, org: Organization, name: str, **extra):
        key = (org.pk, name, *(extra[name] for name in self.group_fields))
        if key in self.groups:
            return self.groups[key]
        if key not in self.new_groups:
            self.new_groups[key] = self.group_model(organization=org, name=name, **extra)
        return self.new_groups[key]

    def _unit(self, org: Organization, name: str) -> ResponsibleUnit:
        if name in self.units:
            return self.units[name]
        if name not in self.new_units:
            self.new_units[name] = ResponsibleUnit(name=name, organization=org)
        return self.new_units[name]

    def apply(self, record, values: dict, org: Organization, **group_extra) -> dict[str, str]:
        """Assign what items and tasks share; the status moves through the one status-move service."""
        status_date = values.get("status_date")
        if status_date is not None and status_date > self.today:
            return {"status_date": f"状态日期 {status_date.isoformat()} 在将来：不能晚于今天"}
        before = None if self.current.new else (record.status, record.on_schedule)
        setattr(record, self.group_key, self._group(org, values[self.group_key], **group_extra))
        record.unit = self._unit(org, values["unit"])
        if "deadline" in values:
            record.deadline = values["deadline"]
        if "on_schedule" in values:
            record.on_schedule = True if values["on_schedule"] is None else values["on_schedule"]
        try:
            # A dated closure closes on its date.
            services.prepare_move(record=record, to_status=values["status"], user=self.user, today=status_date)
        except services.MoveRefused as refused:
            return {"status": str(refused)}
        if status_date is not None:
            record.status_since = status_date  # a new date for the same status is a change too
        self.status_moves[self.current.number] = (before, status_date)
        return {}

    def before_save_instance(self, instance, row, **kwargs):
        for related in (getattr(instance, self.group_key), instance.unit):
            if related.pk is None:
                related.save()

    def after_save_instance(self, instance, row, **kwargs):
        before, status_date = self.status_moves[self.current.number]
        services.record_status(
            record=instance, before=before, effective_on=status_date, user=self.user, source=services.Source.IMPORT
        )


_STATUS = choice_column("status", "状态", Status.choices, required=True)
_STATUS_DATE = Column("status_date", "状态日期", cells.parse_date, attribute="status_since")


class RectificationResource(TrackedResource):
    kind = "rectification"
    label = "督察整改问题"
    group_key = "batch"
    group_model = InspectionBatch
    related = ("batch__organization", "unit")
    ordering = ("batch", "code")

    code = Column("code", "编号", cells.parse_text, required=True)
    batch = Column("batch", "来源批次", cells.parse_text, attribute="batch__name", required=True)
    # Named kind_ in the resource: ``kind`` is the resource's own name for the file kind.
    kind_ = choice_column("kind", "类型", RectificationItem.Kind.choices, required=True)
    description = Column("description", "问题描述", cells.parse_text, required=True)
    term = choice_column("term", "整改类型", RectificationItem.Term.choices, required=True)
    deadline = Column("deadline", "整改时限", cells.parse_date)
    unit = Column("unit", "责任单位", cells.parse_text, attribute="unit__name", required=True)
    status = _STATUS
    on_schedule = Column("on_schedule", "是否达到序时进度", cells.parse_yes_no)
    org = Column("org", "机构编码", cells.parse_text, attribute="batch__organization__code")
    status_date = _STATUS_DATE

    class Meta(TrackedResource.Meta):
        model = RectificationItem
        fields = import_order = export_order = (
            "code", "batch", "kind_", "description", "term", "deadline", "unit", "status", "on_schedule", "org",
            "status_date",
        )  # fmt: skip
        import_id_fields = ("code",)

    def check(self, instance, values, number):
        found = required_cells(values, "code", "batch", "kind", "description", "term", "unit", "status")
        if found:
            return found
        first = self.first_rows.setdefault(values["code"], number)
        if first != number:
            return {"code": repeated(first, "同一编号")}
        state = self.current
        org, found = self.organization(values, None if state.new else instance)
        if org is None:
            return found
        state.before = None if state.new else self.snapshot(instance)
        instance.code, instance.kind = values["code"], values["kind"]
        instance.description, instance.term = values["description"], values["term"]
        return self.apply(instance, values, org)


class LedgerResource(TrackedResource):
    """Ledger tasks are keyed by organisation, year, area and number; the organisation comes from the
    row (the rule above), so the stored task is found by the resource, not by an id column.

    A row belongs to the ledger of its ``year``; without one, of its deadline's year; without a
    deadline, of the year of the import (``ledger_year``).
    """

    kind = "ledger"
    label = "工作台账任务"
    group_key = "area"
    group_model = LedgerArea
    group_fields = ("year",)
    related = ("area__organization", "unit")
    ordering = ("area", "number")

    area = Column("area", "领域", cells.parse_text, attribute="area__name", required=True)
    number = Column("number", "序号", cells.parse_int, required=True)
    content = Column("content", "工作任务", cells.parse_text, required=True)
    unit = Column("unit", "责任单位", cells.parse_text, attribute="unit__name", required=True)
    deadline = Column("deadline", "完成时限", cells.parse_date)
    status = _STATUS
    on_schedule = Column("on_schedule", "是否按序时推进", cells.parse_yes_no)
    org = Column("org", "机构编码", cells.parse_text, attribute="area__organization__code")
    year = Column("year", "年度", cells.parse_int, attribute="area__year")
    status_date = _STATUS_DATE

    class Meta(TrackedResource.Meta):
        model = LedgerTask
        fields = import_order = export_order = (
            "area", "number", "content", "unit", "deadline", "status", "on_schedule", "org", "year", "status_date",
        )  # fmt: skip
        import_id_fields = ("area", "number")
        instance_loader_class = ModelInstanceLoader  # never asked: see get_or_init_instance

    def prepare(self):
        super().prepare()
        self.stored = {
            (task.area.organization_id, task.area.year, task.area.name, task.number): task
            for task in LedgerTask.objects.select_related("area__organization", "unit")
        }

    def ledger_year(self, values: dict) -> int:
        if values.get("year") is not None:
            return values["year"]
        if values.get("deadline") is not None:
            return values["deadline"].year
        return self.today.year

    def _key(self, values: dict) -> tuple | None:
        org, _ = self.organization(values, None)
        return (org.pk, self.ledger_year(values), values["area"], values["number"]) if org is not None else None

    def get_or_init_instance(self, instance_loader, row):
        values = {}
        keys = ("area", "number", "org", "year", "deadline")
        for column in (self.fields[key] for key in keys):
            try:
                values[column.key] = column.clean(row) if column.column_name in row else None
            except ValueError:
                return self.init_instance(row), True  # the row stops at its unreadable cell anyway
        task = self.stored.get(self._key(values))
        return (task, False) if task is not None else (self.init_instance(row), True)

    def check(self, instance, values, number):
        found = required_cells(values, "area", "number", "content", "unit", "status")
        if found:
            return found
        if values.get("year") is not None and not 2000 <= values["year"] <= 2100:
            return {"year": f"年度“{values['year']}”应在2000至2100之间"}
        org, found = self.organization(values, None)
        if org is None:
            return found
        year = self.ledger_year(values)
        first = self.first_rows.setdefault((org.pk, year, values["area"], values["number"]), number)
        if first != number:
            return {"number": repeated(first, "同一领域同一序号")}
        state = self.current
        state.before = None if state.new else self.snapshot(instance)
        instance.number, instance.content = values["number"], values["content"]
        return self.apply(instance, values, org, year=year)
