"""Monitoring data: air stations and daily records, water sections and samples, targets, published figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecoreport.accounts.models import Organization
from indicators.aggregates import AirDailyRecordQuerySet, AirDayAggregate  # noqa: F401  (this app's model)
from indicators.assessments import Assessment  # noqa: F401  (this app's model, in its own module)
from indicators.standards.aqi import CATEGORIES

# Measurements: μg/m³ to two decimals, CO in mg/m³ to three, water in mg/L to five (Hg limit 0.00005).
_AIR = {"max_digits": 8, "decimal_places": 2, "null": True, "blank": True}
_CO = {"max_digits": 7, "decimal_places": 3, "null": True, "blank": True}
_WATER = {"max_digits": 14, "decimal_places": 5, "null": True, "blank": True}

AIR_POLLUTANTS = ("pm25", "pm10", "so2", "no2", "co", "o3_8h", "o3_1h")
# GB 3838-2002 parameter keys as in standards.md; "as" is a Python keyword, so its field is "arsenic".
WATER_PARAMETERS = (
    "ph", "do", "codmn", "cod", "bod5", "nh3n", "tp", "tn", "cu", "zn", "f", "se",
    "as", "hg", "cd", "cr6", "pb", "cn", "phenol", "oil", "las", "s2", "fc",
)  # fmt: skip
WATER_FIELD = {key: ("arsenic" if key == "as" else key) for key in WATER_PARAMETERS}


# HJ 633 categories by level (1 优 … 6 严重污染), from the standards module.
AQI_CATEGORY_CHOICES = [(category.level, category.name) for category in CATEGORIES]


class WaterClass(models.TextChoices):
    I = "I", "Ⅰ类"  # noqa: E741
    II = "II", "Ⅱ类"
    III = "III", "Ⅲ类"
    IV = "IV", "Ⅳ类"
    V = "V", "Ⅴ类"
    WORSE_THAN_V = "劣V", "劣Ⅴ类"


class AirStation(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("国控")
        PROVINCIAL = "provincial", _("省控")
        CITY = "city", _("市控")

    code = models.CharField(_("站点编码"), max_length=20, unique=True)
    name = models.CharField(_("站点名称"), max_length=100)
    organization = models.ForeignKey(Organization, verbose_name=_("所属机构"), on_delete=models.PROTECT)
    level = models.CharField(_("站点级别"), max_length=12, choices=Level.choices, default=Level.NATIONAL)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("空气监测站点")
        verbose_name_plural = _("空气监测站点")
        ordering = ["organization", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"


class AirDailyRecord(models.Model):
    """One station's 24-hour values for one day. A missing value is NULL, never 0."""

    station = models.ForeignKey(AirStation, verbose_name=_("站点"), on_delete=models.PROTECT, related_name="records")
    date = models.DateField(_("日期"))
    pm25 = models.DecimalField(_("PM2.5 (μg/m³)"), **_AIR)
    pm10 = models.DecimalField(_("PM10 (μg/m³)"), **_AIR)
    so2 = models.DecimalField(_("SO2 (μg/m³)"), **_AIR)
    no2 = models.DecimalField(_("NO2 (μg/m³)"), **_AIR)
    co = models.DecimalField(_("CO (mg/m³)"), **_CO)
    o3_8h = models.DecimalField(_("O3 日最大8小时 (μg/m³)"), **_AIR)
    o3_1h = models.DecimalField(_("O3 日最大1小时 (μg/m³)"), **_AIR)
    # Derived from the values above by indicators.standards.aqi on save (station-level, for display).
    aqi = models.PositiveSmallIntegerField(_("AQI"), null=True, blank=True, editable=False)
    category_level = models.PositiveSmallIntegerField(
        _("空气质量级别"), null=True, blank=True, editable=False, choices=AQI_CATEGORY_CHOICES
    )
    primary_pollutants = models.CharField(_("首要污染物"), max_length=60, blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    # Bulk writes keep the daily aggregates (indicators.aggregates) in step.
    objects = AirDailyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("空气日数据")
        verbose_name_plural = _("空气日数据")
        ordering = ["-date", "station"]
        constraints = [
            # Also the index behind period queries: station_id IN (...) AND date BETWEEN ...
            models.UniqueConstraint(fields=["station", "date"], name="airdaily_unique_station_date"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{key}__gte": 0}) | models.Q(**{f"{key}__isnull": True}),
                    name=f"airdaily_{key}_not_negative",
                )
                for key in AIR_POLLUTANTS
            ],
        ]
        # Serves city-wide daily averages for a period (GROUP BY date).
        indexes = [models.Index(fields=["date", "station"], name="airdaily_date_station_idx")]

    def __str__(self) -> str:
        return f"{self.station.name} {self.date}"

    def values(self) -> dict:
        return {key: getattr(self, key) for key in AIR_POLLUTANTS}

    def refresh_derived(self) -> None:
        from indicators.standards.aqi import day_aqi

        result = day_aqi(self.values(), self.date)
        if result is None:
            self.aqi, self.category_level, self.primary_pollutants = None, None, ""
        else:
            self.aqi = result.aqi
            self.category_level = result.category.level
            self.primary_pollutants = ",".join(result.primary)

    @classmethod
    def refresh_derived_many(cls, records: list[AirDailyRecord]) -> None:
        """``refresh_derived`` of many records in one pass of the vectorised engine (the same values)."""
        from indicators.standards.vector_aqi import day_aqi_arrays, primary_keys

        if not records:
            return
        values = {key: [getattr(record, key) for record in records] for key in AIR_POLLUTANTS}
        result = day_aqi_arrays(values, [record.date for record in records])
        primaries = primary_keys(result.primary)
        rows = zip(records, result.aqi.tolist(), result.category.tolist(), primaries, strict=True)
        for record, aqi, category, primary in rows:
            if aqi < 0:  # day_aqi gives None
                record.aqi, record.category_level, record.primary_pollutants = None, None, ""
            else:
                record.aqi, record.category_level = aqi, CATEGORIES[category].level
                record.primary_pollutants = ",".join(primary)

    def save(self, *args, **kwargs) -> None:
        self.refresh_derived()
        super().save(*args, **kwargs)


class SectionGroup(models.Model):
    name = models.CharField(_("分组名称"), max_length=100, unique=True, help_text=_("如：鄱阳湖入湖断面"))
    description = models.CharField(_("说明"), max_length=200, blank=True)
    size = models.PositiveSmallIntegerField(
        _("断面总数"),
        null=True,
        blank=True,
        help_text=_("分组的全部断面数，含本系统未收录的断面（如全省18个入湖断面）；空白时按已收录的成员断面计"),
    )

    class Meta:
        verbose_name = _("断面分组")
        verbose_name_plural = _("断面分组")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WaterSection(models.Model):
    class Level(models.TextChoices):
        NATIONAL = "national", _("国考")
        PROVINCIAL = "provincial", _("省控")
        CITY = "city", _("市控")

    class Body(models.TextChoices):
        RIVER = "river", _("河流")
        LAKE = "lake", _("湖库")

    code = models.CharField(_("断面编码"), max_length=20, unique=True)
    name = models.CharField(_("断面名称"), max_length=100)
    organization = models.ForeignKey(Organization, verbose_name=_("所属机构"), on_delete=models.PROTECT)
    level = models.CharField(_("断面级别"), max_length=12, choices=Level.choices)
    body = models.CharField(_("水体类型"), max_length=8, choices=Body.choices, help_text=_("湖库按湖库总磷标准评价"))
    target_class = models.CharField(_("目标类别"), max_length=4, choices=WaterClass.choices)
    groups = models.ManyToManyField(SectionGroup, verbose_name=_("所属分组"), blank=True, related_name="sections")
    active = models.BooleanField(_("在用"), default=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=0, help_text=_("报告和汇总中断面的先后顺序，小的在前"))

    class Meta:
        verbose_name = _("水质断面")
        verbose_name_plural = _("水质断面")
        ordering = ["organization", "order", "code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_level_display()}）"


class WaterSample(models.Model):
    """One sampling of a section (mg/L unless stated). A missing parameter is NULL."""

    section = models.ForeignKey(WaterSection, verbose_name=_("断面"), on_delete=models.PROTECT, related_name="samples")
    date = models.DateField(_("采样日期"))
    ph = models.DecimalField(_("pH (无量纲)"), **_WATER)
    do = models.DecimalField(_("溶解氧 (mg/L)"), **_WATER)
    codmn = models.DecimalField(_("高锰酸盐指数 (mg/L)"), **_WATER)
    cod = models.DecimalField(_("化学需氧量 (mg/L)"), **_WATER)
    bod5 = models.DecimalField(_("五日生化需氧量 (mg/L)"), **_WATER)
    nh3n = models.DecimalField(_("氨氮 (mg/L)"), **_WATER)
    tp = models.DecimalField(_("总磷 (mg/L)"), **_WATER)
    tn = models.DecimalField(_("总氮 (mg/L)"), **_WATER)
    cu = models.DecimalField(_("铜 (mg/L)"), **_WATER)
    zn = models.DecimalField(_("锌 (mg/L)"), **_WATER)
    f = models.DecimalField(_("氟化物 (mg/L)"), **_WATER)
    se = models.DecimalField(_("硒 (mg/L)"), **_WATER)
    arsenic = models.DecimalField(_("砷 (mg/L)"), **_WATER)
    hg = models.DecimalField(_("汞 (mg/L)"), **_WATER)
    cd = models.DecimalField(_("镉 (mg/L)"), **_WATER)
    cr6 = models.DecimalField(_("六价铬 (mg/L)"), **_WATER)
    pb = models.DecimalField(_("铅 (mg/L)"), **_WATER)
    cn = models.DecimalField(_("氰化物 (mg/L)"), **_WATER)
    phenol = models.DecimalField(_("挥发酚 (mg/L)"), **_WATER)
    oil = models.DecimalField(_("石油类 (mg/L)"), **_WATER)
    las = models.DecimalField(_("阴离子表面活性剂 (mg/L)"), **_WATER)
    s2 = models.DecimalField(_("硫化物 (mg/L)"), **_WATER)
    fc = models.DecimalField(_("粪大肠菌群 (个/L)"), **_WATER)
    # Derived on save by indicators.standards.water (the sample's own class, for display).
    water_class = models.CharField(_("水质类别"), max_length=4, blank=True, editable=False)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("水质监测数据")
        verbose_name_plural = _("水质监测数据")
        ordering = ["-date", "section"]
        constraints = [
            models.UniqueConstraint(fields=["section", "date"], name="watersample_unique_section_date"),
            *[
                models.CheckConstraint(
                    condition=models.Q(**{f"{field}__gte": 0}) | models.Q(**{f"{field}__isnull": True}),
                    name=f"watersample_{field}_not_negative",
                )
                for field in WATER_FIELD.values()
            ],
        ]

    def __str__(self) -> str:
        return f"{self.section.name} {self.date}"

    def values(self) -> dict:
        """Parameter values keyed as in the standard (``as``, not ``arsenic``)."""
        return {key: getattr(self, field) for key, field in WATER_FIELD.items()}

    def refresh_derived(self) -> None:
        from indicators.standards.water import section_class

        result = section_class(self.values(), self.section.body)
        self.water_class = result.cls if result else ""

    def save(self, *args, **kwargs) -> None:
        self.refresh_derived()
        super().save(*args, **kwargs)


class DrinkingWaterSource(models.Model):
    class Level(models.TextChoices):
        COUNTY = "county", _("县级及以上")
        TOWNSHIP = "township", _("乡镇级")

    code = models.CharField(_("水源地编码"), max_length=20, unique=True)
    name = models.CharField(_("水源地名称"), max_length=100)
    organization = models.ForeignKey(Organization, verbose_name=_("所属机构"), on_delete=models.PROTECT)
    level = models.CharField(_("级别"), max_length=10, choices=Level.choices, default=Level.COUNTY)
    active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("集中式饮用水水源地")
        verbose_name_plural = _("集中式饮用水水源地")
        ordering = ["organization", "code"]

    def __str__(self) -> str:
        return self.name


class DrinkingWaterResult(models.Model):
    """A monitoring result of a source: compliant (达标) or not, with the exceeding items."""

    source = models.ForeignKey(
        DrinkingWaterSource, verbose_name=_("水源地"), on_delete=models.PROTECT, related_name="results"
    )
    date = models.DateField(_("监测日期"))
    compliant = models.BooleanField(_("是否达标"))
    exceeding_items = models.CharField(_("超标项目"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("饮用水水源地监测结果")
        verbose_name_plural = _("饮用水水源地监测结果")
        ordering = ["-date", "source"]
        constraints = [
            models.UniqueConstraint(fields=["source", "date"], name="drinkingresult_unique_source_date"),
        ]

    def __str__(self) -> str:
        return f"{self.source.name} {self.date} {'达标' if self.compliant else '不达标'}"


class AnnualTarget(models.Model):
    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE)
    year = models.PositiveSmallIntegerField(_("年度"))
    pm25_max = models.DecimalField(_("PM2.5 目标上限 (μg/m³)"), max_digits=6, decimal_places=1, null=True, blank=True)
    good_rate_min = models.DecimalField(
        _("优良天数比例目标下限 (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    drinking_water_rate_min = models.DecimalField(
        _("饮用水水源地达标率目标 (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )

    class Meta:
        verbose_name = _("年度目标")
        verbose_name_plural = _("年度目标")
        ordering = ["-year", "organization"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "year"], name="annualtarget_unique_org_year"),
            models.CheckConstraint(
                condition=models.Q(good_rate_min__gte=0, good_rate_min__lte=100) | models.Q(good_rate_min__isnull=True),
                name="annualtarget_good_rate_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organization.name} {self.year}年目标"


class SectionTarget(models.Model):
    """A section's target class for one year; without one, the section's own target class applies."""

    section = models.ForeignKey(WaterSection, verbose_name=_("断面"), on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField(_("年度"))
    target_class = models.CharField(_("目标类别"), max_length=4, choices=WaterClass.choices)

    class Meta:
        verbose_name = _("断面年度目标")
        verbose_name_plural = _("断面年度目标")
        ordering = ["-year", "section"]
        constraints = [
            models.UniqueConstraint(fields=["section", "year"], name="sectiontarget_unique_section_year"),
        ]

    def __str__(self) -> str:
        return f"{self.section.name} {self.year}年 {self.get_target_class_display()}"


class PublishedFigure(models.Model):
    """An official value that staff entered, shown beside the computed one."""

    class Indicator(models.TextChoices):
        PM25 = "pm25", _("PM2.5 浓度 (μg/m³)")
        GOOD_DAYS = "good_days", _("优良天数 (天)")
        GOOD_RATE = "good_rate", _("优良天数比例 (%)")
        HEAVY_DAYS = "heavy_days", _("重污染天数 (天)")
        SECTION_TP = "section_tp", _("断面总磷 (mg/L)")
        DRINKING_RATE = "drinking_rate", _("饮用水水源地达标率 (%)")

    organization = models.ForeignKey(Organization, verbose_name=_("机构"), on_delete=models.CASCADE)
    indicator = models.CharField(_("指标"), max_length=20, choices=Indicator.choices)
    section = models.ForeignKey(
        WaterSection,
        verbose_name=_("断面"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        help_text=_("仅断面指标填写"),
    )
    period_start = models.DateField(_("期间开始"))
    period_end = models.DateField(_("期间结束"))
    value = models.DecimalField(_("发布值"), max_digits=12, decimal_places=4)
    source = models.CharField(_("来源"), max_length=200, help_text=_("如：九江市生态环境局通报"))
    note = models.TextField(_("备注"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("录入人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("发布数据")
        verbose_name_plural = _("发布数据")
        ordering = ["-period_end", "organization", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "indicator", "period_start", "period_end"],
                condition=models.Q(section__isnull=True),
                name="publishedfigure_unique_org_indicator_period",
            ),
            models.UniqueConstraint(
                fields=["organization", "indicator", "section", "period_start", "period_end"],
                condition=models.Q(section__isnull=False),
                name="publishedfigure_unique_section_indicator_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="publishedfigure_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_indicator_display()} {self.period_start}—{self.period_end}: {self.value}"
