"""Admin for monitoring data: stations, daily air values, sections, samples, targets, published figures.

Forms apply the importer's rules (plausible ranges, no future dates), so a value refused in a
spreadsheet is refused when typed too.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html

from ecoreport.audit.admin import AuditedAdmin, SpreadsheetAdmin
from ecoreport.audit.history import plain
from ecoreport.lib.contrast import readable_text_color
from indicators import cells
from indicators.models import (
    WATER_FIELD,
    AirDailyRecord,
    AirStation,
    AnnualTarget,
    DrinkingWaterResult,
    DrinkingWaterSource,
    PublishedFigure,
    SectionGroup,
    SectionTarget,
    WaterClass,
    WaterSample,
    WaterSection,
)
from indicators.standards.aqi import CATEGORIES, pollutant_name


def _measure_form(model, measures: dict[str, cells.Measure]):
    """A ModelForm that checks each measured field against its plausible range and the date."""

    def clean_date(self):
        try:
            return cells.check_not_future(self.cleaned_data.get("date"))
        except cells.CellError as problem:
            raise forms.ValidationError(str(problem)) from None

    def make_clean(field, measure):
        def clean(self):
            value = self.cleaned_data.get(field)
            try:
                return cells.check_measure(value, measure)
            except cells.CellError as problem:
                raise forms.ValidationError(str(problem)) from None

        return clean

    attrs = {"clean_date": clean_date}
    for key, measure in measures.items():
        field = WATER_FIELD.get(key, key)
        attrs[f"clean_{field}"] = make_clean(field, measure)
    attrs["Meta"] = type("Meta", (), {"model": model, "fields": "__all__"})
    return type(f"{model.__name__}Form", (forms.ModelForm,), attrs)


AirDailyRecordForm = _measure_form(AirDailyRecord, cells.AIR_MEASURES)
WaterSampleForm = _measure_form(WaterSample, cells.WATER_MEASURES)

_CATEGORY_BY_LEVEL = {category.level: category for category in CATEGORIES}


def _air_title(key: str) -> str:
    """A pollutant's column title with its unit, e.g. PM₂.₅ (μg/m³)."""
    return f"{pollutant_name(key)} ({cells.AIR_MEASURES[key].unit})"


def _shown(field: str, title: str):
    """A list column showing a measured value as it was reported: 14, not 14.00; 0.00002, not 2E-5."""

    @admin.display(description=title, ordering=field)
    def shown(self, record) -> str:
        value = getattr(record, field)
        return "—" if value is None else plain(value)

    return shown


_WATER_LABEL = dict(WaterClass.choices)


class WaterClassFilter(admin.SimpleListFilter):
    """水质类别 by its name (Ⅲ类), not the stored code ("III")."""

    title = "水质类别"
    parameter_name = "water_class"

    def lookups(self, request, model_admin):
        found = set(model_admin.get_queryset(request).order_by().values_list("water_class", flat=True).distinct())
        return [(value, _WATER_LABEL[value]) for value in _WATER_LABEL if value in found]

    def queryset(self, request, queryset):
        return queryset.filter(water_class=self.value()) if self.value() else queryset


@admin.register(AirStation)
class AirStationAdmin(SpreadsheetAdmin):
    organization_field = "organization"
    list_display = ["code", "name", "organization", "level", "active"]
    list_filter = ["organization", "level", "active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(AirDailyRecord)
class AirDailyRecordAdmin(SpreadsheetAdmin):
    organization_field = "station__organization"
    form = AirDailyRecordForm
    # What people scan first (AQI, 级别, 首要污染物) beside the day, then the values as reported.
    list_display = [
        "date", "station", "aqi_badge", "category", "primary_names",
        *(f"{key}_shown" for key in ("pm25", "pm10", "o3_8h", "so2", "no2", "co", "o3_1h")),
    ]  # fmt: skip
    list_filter = ["station__organization", "station", "category_level"]
    search_fields = ["station__code", "station__name", "date"]
    date_hierarchy = "date"
    autocomplete_fields = ["station"]
    list_select_related = ["station"]
    readonly_fields = ["aqi", "category_level", "primary_names"]

    @admin.display(description="AQI", ordering="aqi")
    def aqi_badge(self, record: AirDailyRecord):
        if record.aqi is None:
            return "—"
        category = _CATEGORY_BY_LEVEL[record.category_level]
        text_color = readable_text_color(category.color)
        return format_html(
            '<span class="aqi aqi-{}" style="background:{};color:{};padding:0 .5em;border-radius:3px">{}</span>',
            category.level,
            category.color,
            text_color,
            record.aqi,
        )

    @admin.display(description="空气质量类别", ordering="category_level")
    def category(self, record: AirDailyRecord) -> str:
        if record.category_level is None:
            return "—"
        return _CATEGORY_BY_LEVEL[record.category_level].name

    @admin.display(description="首要污染物", ordering="primary_pollutants")
    def primary_names(self, record: AirDailyRecord) -> str:
        keys = [key for key in record.primary_pollutants.split(",") if key]
        return "、".join(pollutant_name(key) for key in keys) or "—"

    def history_labels(self) -> dict[str, str]:
        return {**super().history_labels(), **{key: _air_title(key) for key in cells.AIR_MEASURES}}

    def history_value(self, name: str, value: object) -> object:
        if name == "primary_pollutants" and isinstance(value, str):
            return "、".join(pollutant_name(key) for key in value.split(",") if key) or "—"
        return super().history_value(name, value)

    pm25_shown = _shown("pm25", _air_title("pm25"))
    pm10_shown = _shown("pm10", _air_title("pm10"))
    o3_8h_shown = _shown("o3_8h", _air_title("o3_8h"))
    so2_shown = _shown("so2", _air_title("so2"))
    no2_shown = _shown("no2", _air_title("no2"))
    co_shown = _shown("co", _air_title("co"))
    o3_1h_shown = _shown("o3_1h", _air_title("o3_1h"))


@admin.register(SectionGroup)
class SectionGroupAdmin(AuditedAdmin):
    list_display = ["name", "description"]
    search_fields = ["name"]


@admin.register(WaterSection)
class WaterSectionAdmin(SpreadsheetAdmin):
    organization_field = "organization"
    list_display = ["code", "name", "organization", "level", "body", "target_class", "active"]
    list_filter = ["organization", "level", "body", "target_class", "groups", "active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["organization", "groups"]
    list_select_related = ["organization"]


@admin.register(WaterSample)
class WaterSampleAdmin(SpreadsheetAdmin):
    organization_field = "section__organization"
    form = WaterSampleForm
    list_display = [
        "section", "date", "class_badge",
        *(f"{name}_shown" for name in ("ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn")),
    ]  # fmt: skip
    list_filter = ["section__organization", "section", WaterClassFilter]
    search_fields = ["section__code", "section__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["section"]
    list_select_related = ["section"]
    readonly_fields = ["water_class"]

    @admin.display(description="水质类别", ordering="water_class")
    def class_badge(self, sample: WaterSample):
        if not sample.water_class:
            return "—"
        return format_html('<span class="water-class">{}</span>', _WATER_LABEL.get(sample.water_class))

    def history_value(self, name: str, value: object) -> object:
        if name == "water_class" and value:
            return _WATER_LABEL.get(value, value)
        return super().history_value(name, value)

    ph_shown = _shown("ph", "酸碱度 pH")  # the admin capitalises a header's first letter: "pH" would read "PH"
    do_shown = _shown("do", "溶解氧")
    codmn_shown = _shown("codmn", "高锰酸盐指数")
    cod_shown = _shown("cod", "化学需氧量")
    bod5_shown = _shown("bod5", "五日生化需氧量")
    nh3n_shown = _shown("nh3n", "氨氮")
    tp_shown = _shown("tp", "总磷")
    tn_shown = _shown("tn", "总氮")


@admin.register(DrinkingWaterSource)
class DrinkingWaterSourceAdmin(AuditedAdmin):
    organization_field = "organization"
    list_display = ["code", "name", "organization", "level", "active"]
    list_filter = ["organization", "level", "active"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(DrinkingWaterResult)
class DrinkingWaterResultAdmin(AuditedAdmin):
    organization_field = "source__organization"
    list_display = ["source", "date", "compliant", "exceeding_items"]
    list_filter = ["source__organization", "source", "compliant"]
    search_fields = ["source__name", "exceeding_items"]
    date_hierarchy = "date"
    autocomplete_fields = ["source"]
    list_select_related = ["source"]


@admin.register(AnnualTarget)
class AnnualTargetAdmin(AuditedAdmin):
    organization_field = "organization"
    list_display = ["organization", "year", "pm25_max", "good_rate_min", "drinking_water_rate_min"]
    list_filter = ["organization", "year"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]
    list_select_related = ["organization"]


@admin.register(SectionTarget)
class SectionTargetAdmin(AuditedAdmin):
    organization_field = "section__organization"
    list_display = ["section", "year", "target_class"]
    list_filter = ["section__organization", "year", "target_class"]
    search_fields = ["section__name", "section__code"]
    autocomplete_fields = ["section"]
    list_select_related = ["section"]


@admin.register(PublishedFigure)
class PublishedFigureAdmin(AuditedAdmin):
    organization_field = "organization"
    list_display = ["indicator", "organization", "section", "period_start", "period_end", "value", "source"]
    list_filter = ["organization", "indicator"]
    search_fields = ["source", "note"]
    date_hierarchy = "period_end"
    autocomplete_fields = ["organization", "section"]
    list_select_related = ["organization", "section"]
    readonly_fields = ["entered_by"]

    def save_model(self, request, obj, form, change):
        if obj.entered_by_id is None:
            obj.entered_by = request.user
        super().save_model(request, obj, form, change)


# The assessments' admin lives in its own module; importing it registers it.
from indicators import assessments_admin  # noqa: E402, F401
