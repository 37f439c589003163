"""Reference data: organizations, air stations and water sections, keyed by their code, row by row."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from import_export.results import RowResult

from ecoreport.accounts.models import Organization
from indicators import cells
from indicators.models import AirStation, SectionGroup, WaterSection

from .base import (
    CREATE,
    UPDATE,
    Column,
    KindResource,
    Planned,
    changes_between,
    choice_column,
    repeated,
    required_cells,
)


def _unknown_org(code: str) -> str:
    return f"未知的机构编码“{code}”"


class OrganizationResource(KindResource):
    """Organizations may name a parent further down the file, so parents are resolved, cycles found
    and records saved (parents first) once every row has been read, in ``after_import``."""

    kind = "organizations"
    label = "机构"
    related = ("parent",)
    ordering = ("code",)

    code = Column("code", "机构编码", cells.parse_text, required=True)
    name = Column("name", "机构名称", cells.parse_text, required=True)
    parent = Column("parent", "上级机构编码", cells.parse_text, attribute="parent__code")

    class Meta(KindResource.Meta):
        model = Organization
        fields = import_order = export_order = ("code", "name", "parent")
        import_id_fields = ("code",)

    def prepare(self):
        self.stored = {org.code: org for org in Organization.objects.select_related("parent")}
        self.pending: dict[str, Organization] = {}  # code → the record of the row that names it
        self.rows: list[tuple] = []  # (state, values, raw row) of the rows that passed their checks
        self.row_results: dict[int, RowResult] = {}

    def check(self, instance, values, number):
        found = required_cells(values, "code", "name")
        if found:
            return found
        first = self.first_rows.setdefault(values["code"], number)
        if first != number:
            return {"code": repeated(first, "同一机构编码")}
        state = self.current
        state.before = None if state.new else self.snapshot(instance)
        if state.new:
            instance.code = values["code"]
        instance.name = values["name"]
        self.pending[values["code"]] = instance
        self.rows.append((state, values))
        return {}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return False  # decided in after_import, once parents are known

    def save_instance(self, instance, is_create, row, **kwargs):
        pass  # saved in after_import, parents first

    def after_import_row(self, row, row_result, **kwargs):
        self.row_results[self.current.number] = (row_result, row)

    def after_import(self, dataset, result, **kwargs):
        if result.ok:
            resolved = self._resolve_parents(result)
            if result.ok:
                self._plan(resolved, result)
                self._save()
        super().after_import(dataset, result, **kwargs)

    def _refuse(self, result, state, message: str) -> None:
        row_result, row = self.row_results[state.number]
        result.append_invalid_row(state.index, row, ValidationError({self.headers["parent"]: [message]}))

    def _resolve_parents(self, result) -> list:
        resolved = []
        for state, values in self.rows:
            org = state.instance
            if "parent" in values:
                code = values["parent"]
                if code is None:
                    org.parent = None
                elif code == values["code"]:
                    self._refuse(result, state, "上级机构不能是它自己")
                    continue
                elif code in self.pending or code in self.stored:
                    org.parent = self.pending.get(code) or self.stored[code]
                else:
                    self._refuse(result, state, f"未知的上级机构编码“{code}”")
                    continue
            resolved.append(state)
        parent_of = {org.code: org.parent.code if org.parent_id else None for org in self.stored.values()}
        parent_of.update({state.instance.code: getattr(state.instance.parent, "code", None) for state in resolved})
        acyclic = []
        for state in resolved:
            seen, code = set(), state.instance.code
            while code is not None and code not in seen:
                seen.add(code)
                code = parent_of.get(code)
            if code is not None:
                self._refuse(result, state, "上级机构形成循环")
            else:
                acyclic.append(state)
        return acyclic

    def _plan(self, resolved: list, result) -> None:
        for state in resolved:
            state.changes = changes_between(state.before, self.snapshot(state.instance))
            if state.new or state.changes:
                action = CREATE if state.new else UPDATE
                self.planned.append(Planned(state.number, action, state.instance, state.changes))
            else:
                row_result, _ = self.row_results[state.number]
                row_result.import_type = RowResult.IMPORT_TYPE_SKIP
                result.totals[RowResult.IMPORT_TYPE_UPDATE] -= 1
                result.totals[RowResult.IMPORT_TYPE_SKIP] += 1

    def _save(self) -> None:
        remaining = [item.instance for item in self.planned]
        while remaining:
            ready = [org for org in remaining if org.parent is None or org.parent.pk is not None]
            if not ready:
                raise RuntimeError("organization parents could not be ordered")  # _resolve_parents rules this out
            for org in ready:
                org.save()
            saved = {id(org) for org in ready}
            remaining = [org for org in remaining if id(org) not in saved]


class AirStationResource(KindResource):
    kind = "air-stations"
    label = "空气监测站点"
    related = ("organization",)
    ordering = ("code",)

    code = Column("code", "站点编码", cells.parse_text, required=True)
    name = Column("name", "站点名称", cells.parse_text, required=True)
    org = Column("org", "机构编码", cells.parse_text, attribute="organization__code", required=True)
    level = choice_column("level", "站点级别", AirStation.Level.choices)

    class Meta(KindResource.Meta):
        model = AirStation
        fields = import_order = export_order = ("code", "name", "org", "level")
        import_id_fields = ("code",)

    def prepare(self):
        self.orgs = {org.code: org for org in Organization.objects.all()}

    def check(self, instance, values, number):
        found = required_cells(values, "code", "name", "org")
        if found:
            return found
        first = self.first_rows.setdefault(values["code"], number)
        if first != number:
            found["code"] = repeated(first, "同一站点编码")
        if values["org"] not in self.orgs:
            found["org"] = _unknown_org(values["org"])
        if found:
            return found
        self.current.before = None if self.current.new else self.snapshot(instance)
        instance.code, instance.name, instance.organization = values["code"], values["name"], self.orgs[values["org"]]
        if values.get("level"):
            instance.level = values["level"]
        return {}


class WaterSectionResource(KindResource):
    kind = "water-sections"
    label = "水质断面"
    related = ("organization",)
    prefetch = ("groups",)
    ordering = ("code",)

    code = Column("code", "断面编码", cells.parse_text, required=True)
    name = Column("name", "断面名称", cells.parse_text, required=True)
    org = Column("org", "机构编码", cells.parse_text, attribute="organization__code", required=True)
    level = choice_column("level", "断面级别", WaterSection.Level.choices, required=True)
    body = choice_column("body", "水体类型", WaterSection.Body.choices, required=True)
    target = Column("target", "目标类别", cells.parse_water_class, attribute="target_class", required=True)
    groups = Column(
        "groups",
        "所属分组",
        cells.parse_groups,
        render=lambda rel: ";".join(g.name for g in rel.all()),
        limit="groups__name",
    )
    order = Column("order", "排序", cells.parse_int)

    class Meta(KindResource.Meta):
        model = WaterSection
        fields = import_order = export_order = ("code", "name", "org", "level", "body", "target", "groups", "order")
        import_id_fields = ("code",)

    def prepare(self):
        self.orgs = {org.code: org for org in Organization.objects.all()}
        self.groups_of: dict[int, list[str] | None] = {}  # row → the group names the file gives it

    def check(self, instance, values, number):
        found = required_cells(values, "code", "name", "org", "level", "body", "target")
        if found:
            return found
        first = self.first_rows.setdefault(values["code"], number)
        if first != number:
            found["code"] = repeated(first, "同一断面编码")
        if values["org"] not in self.orgs:
            found["org"] = _unknown_org(values["org"])
        if found:
            return found
        self.current.before = None if self.current.new else self.snapshot(instance)
        instance.code, instance.name, instance.organization = values["code"], values["name"], self.orgs[values["org"]]
        instance.level, instance.body, instance.target_class = values["level"], values["body"], values["target"]
        if values.get("order") is not None:  # an empty cell keeps the order the section has
            instance.order = values["order"]
        if "groups" in values:
            self.groups_of[number] = sorted(set(values["groups"] or []))
        return {}

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if import_validation_errors:
            return False
        state = self.current
        state.changes = changes_between(state.before, self.snapshot(instance))
        groups = self.groups_of.get(state.number)
        before = [] if state.new else sorted(group.name for group in instance.groups.all())
        if groups is not None and groups != before and (groups or not state.new):
            state.changes["groups"] = [None if state.new else before, groups]
        return not state.new and not state.changes

    def save_m2m(self, instance, row, **kwargs):
        groups = self.groups_of.get(self.current.number)
        if groups is not None:
            instance.groups.set([SectionGroup.objects.get_or_create(name=name)[0] for name in groups])
