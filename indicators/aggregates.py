"""Daily air aggregates kept on write: per organization and day, what every period figure reads.

One row per (organization, date) on which some station of the organization's subtree has a record:

- the organization's **own** stations: the number of records and, per pollutant, SUM and COUNT
  exactly as the database computes them over those records. These are the rows the data
  fingerprint has always hashed (``figures.air``), kept in the database's own representation
  (``NativeSumField``) so that the fingerprint of unchanged data never changes;
- the whole **subtree**: the rounded daily value of each pollutant (HJ 663: mean over the stations
  that have it, rounded to the input places) and the day's AQI, category and primary pollutants
  (HJ 633), computed by ``indicators.air_days`` with the vectorised standards engine.

``indicators.services.refresh_air_aggregates`` writes them in the transaction of the change;
``AirDailyRecordQuerySet`` and the receivers in ``indicators.signals`` call it for every ORM
write path (save, delete, ``QuerySet.update``/``delete``, ``bulk_create``/``bulk_update``), and
``manage.py rebuild_aggregates`` recomputes them all (after raw SQL, for instance).
"""

from __future__ import annotations

import datetime
from contextvars import ContextVar
from decimal import Decimal

from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from ecoreport.accounts.models import Organization


class AirDailyRecordQuerySet(models.QuerySet):
    """Bulk writes of daily records refresh the aggregates of the (station, date)s they touch.

    ``save()`` and ``delete()`` of one record do it through ``indicators.signals``; these cover
    ``update()``, ``delete()``, ``bulk_create()`` (including upserts) and ``bulk_update()``.
    """

    def update(self, **kwargs):
        moves = bool({"station", "station_id", "date"} & set(kwargs))
        pks = list(self.values_list("pk", flat=True)) if moves else []
        keys = self._keys()
        rows = super().update(**kwargs)
        if moves:  # the rows' new places, whatever expression moved them
            keys |= set(self.model._base_manager.filter(pk__in=pks).values_list("station_id", "date"))
        _refreshed(keys)
        return rows

    update.alters_data = True

    def delete(self):
        before = self._keys()
        token = _deleting_in_bulk.set(True)  # one refresh below, not one per row's post_delete
        try:
            result = super().delete()
        finally:
            _deleting_in_bulk.reset(token)
        _refreshed(before)
        return result

    delete.alters_data = True
    delete.queryset_only = True

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        _refreshed({(o.station_id, o.date) for o in objs})
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        objs = list(objs)
        before = set()
        if {"station", "station_id", "date"} & set(fields):
            before = set(self.model._base_manager.filter(pk__in=[o.pk for o in objs]).values_list("station_id", "date"))
        rows = super().bulk_update(objs, fields, *args, **kwargs)
        _refreshed(before | {(o.station_id, o.date) for o in objs})
        return rows

    bulk_update.alters_data = True

    def _keys(self) -> set[tuple[int, datetime.date]]:
        return set(self.order_by().values_list("station_id", "date").distinct())


# Sent after a bulk write with the (station id, date) pairs it touched; indicators.signals refreshes
# their aggregates (this module cannot call the services, which import the models).
records_written = Signal()

_deleting_in_bulk: ContextVar[bool] = ContextVar("air_records_deleting_in_bulk", default=False)


def deleting_in_bulk() -> bool:
    """True while ``AirDailyRecordQuerySet.delete`` runs: its rows' post_delete signals need no refresh."""
    return _deleting_in_bulk.get()


def _refreshed(keys: set[tuple[int, datetime.date]]) -> None:
    if keys:
        records_written.send(sender=AirDailyRecordQuerySet, keys=keys)


class NativeSumField(models.Field):
    """A SUM() kept as the database returned it: ``numeric`` on PostgreSQL (the sum's scale is kept:
    64.00 stays 64.00) and a column without type affinity on SQLite (an integer sum stays an
    integer, a float sum stays the same float). Read through the ORM it is a Decimal."""

    description = _("数据库原样保存的合计值")

    def db_type(self, connection) -> str:
        return "numeric" if connection.vendor == "postgresql" else "blob"

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if value is None or isinstance(value, Decimal):
            return value
        return Decimal(repr(value) if isinstance(value, float) else value)

    def get_db_prep_value(self, value, connection, prepared=False):
        """Back as it came: on SQLite a Decimal read from an integer sum is an integer again, one
        read from a float sum (it has decimals: repr of a float) the same float."""
        value = self.to_python(value)
        if value is None or connection.vendor == "postgresql":
            return value
        return int(value) if value.as_tuple().exponent >= 0 else float(value)


def _own_sum(verbose_name):
    return NativeSumField(verbose_name, null=True, blank=True)


def _own_count(verbose_name):
    return models.PositiveIntegerField(verbose_name, default=0)


def _subtree_value(verbose_name):
    return models.IntegerField(verbose_name, null=True, blank=True)


class AirDayAggregate(models.Model):
    organization = models.ForeignKey(
        Organization, verbose_name=_("机构"), on_delete=models.CASCADE, related_name="air_day_aggregates"
    )
    date = models.DateField(_("日期"))
    records = models.PositiveIntegerField(_("本级站点记录数"), default=0)
    pm25_sum = _own_sum(_("本级站点 PM2.5 合计"))
    pm25_n = _own_count(_("本级站点 PM2.5 有效值数"))
    pm10_sum = _own_sum(_("本级站点 PM10 合计"))
    pm10_n = _own_count(_("本级站点 PM10 有效值数"))
    so2_sum = _own_sum(_("本级站点 SO2 合计"))
    so2_n = _own_count(_("本级站点 SO2 有效值数"))
    no2_sum = _own_sum(_("本级站点 NO2 合计"))
    no2_n = _own_count(_("本级站点 NO2 有效值数"))
    co_sum = _own_sum(_("本级站点 CO 合计"))
    co_n = _own_count(_("本级站点 CO 有效值数"))
    o3_8h_sum = _own_sum(_("本级站点 O3_8h 合计"))
    o3_8h_n = _own_count(_("本级站点 O3_8h 有效值数"))
    o3_1h_sum = _own_sum(_("本级站点 O3_1h 合计"))
    o3_1h_n = _own_count(_("本级站点 O3_1h 有效值数"))
    # The subtree's rounded daily values, as integers at the input places (HJ 633): μg/m³, CO in 0.1 mg/m³.
    pm25 = _subtree_value(_("PM2.5 日均值 (μg/m³)"))
    pm10 = _subtree_value(_("PM10 日均值 (μg/m³)"))
    so2 = _subtree_value(_("SO2 日均值 (μg/m³)"))
    no2 = _subtree_value(_("NO2 日均值 (μg/m³)"))
    co = _subtree_value(_("CO 日均值 (0.1 mg/m³)"))
    o3_8h = _subtree_value(_("O3 日最大8小时 (μg/m³)"))
    o3_1h = _subtree_value(_("O3 日最大1小时 (μg/m³)"))
    aqi = models.PositiveSmallIntegerField(_("AQI"), null=True, blank=True)
    category_level = models.PositiveSmallIntegerField(_("空气质量级别"), null=True, blank=True)
    primary_pollutants = models.CharField(_("首要污染物"), max_length=60, blank=True)
    # The own-station row (date, organization, SUM and COUNT of each pollutant) as the data
    # fingerprint hashes it, the repr of the row the database returned; empty without own records.
    fingerprint_row = models.TextField(_("数据指纹行"), blank=True)

    class Meta:
        verbose_name = _("空气日汇总")
        verbose_name_plural = _("空气日汇总")
        ordering = ["organization", "date"]
        constraints = [
            # Also the index behind every read: organization_id IN (...) AND date BETWEEN ...
            models.UniqueConstraint(fields=["organization", "date"], name="airdayaggregate_unique_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.organization_id} {self.date}"
