"""Receivers that keep the daily air aggregates in step with single-row writes.

A saved or deleted daily record, a station moved to another organization and an organization
moved in the tree refresh the aggregates they change (``indicators.services``), in the
transaction of the write. Fixture loading (``raw``) is left alone: a restored database brings
its aggregates with it. Bulk writes (``AirDailyRecordQuerySet``) send ``records_written``.

The services are imported when a receiver first runs, not with this module: ``IndicatorsConfig.ready``
imports it in every process, and the services bring the vector engine and NumPy, which a command
that writes no record (``migrate``, ``send_reminders``) would load for nothing.
"""

from __future__ import annotations

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from ecoreport.accounts.models import Organization
from indicators.aggregates import deleting_in_bulk, records_written
from indicators.models import AirDailyRecord, AirStation


def _refresh(**changed) -> None:
    from indicators.services import refresh_air_aggregates

    refresh_air_aggregates(**changed)


def _stored(instance, *fields: str) -> tuple | None:
    """The row's values in the database before this save (None for a new row)."""
    if instance.pk is None:
        return None
    return type(instance)._base_manager.filter(pk=instance.pk).values_list(*fields).first()


@receiver(pre_save, sender=AirDailyRecord)
def _remember_record_place(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._aggregate_before = _stored(instance, "station_id", "date")


@receiver(post_save, sender=AirDailyRecord)
def _record_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_aggregate_before", None)
    stations, dates = {instance.station_id}, {instance.date}
    if before is not None:
        stations.add(before[0])
        dates.add(before[1])
    _refresh(station_ids=stations, dates=dates)


@receiver(post_delete, sender=AirDailyRecord)
def _record_deleted(sender, instance, **kwargs):
    if not deleting_in_bulk():
        _refresh(station_ids={instance.station_id}, dates={instance.date})


@receiver(records_written)
def _records_written(sender, keys, **kwargs):
    """A bulk write (AirDailyRecordQuerySet): the stations' organizations on the dates (their
    product: a few extra (organization, date)s recomputed, never one missed)."""
    _refresh(station_ids={s for s, _ in keys}, dates={d for _, d in keys})


@receiver(pre_save, sender=AirStation)
def _remember_station_org(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._aggregate_before = _stored(instance, "organization_id")


@receiver(post_save, sender=AirStation)
def _station_saved(sender, instance, raw=False, **kwargs):
    before = None if raw else getattr(instance, "_aggregate_before", None)
    if before is not None and before[0] != instance.organization_id:
        dates = set(instance.records.values_list("date", flat=True))
        _refresh(org_ids={before[0], instance.organization_id}, dates=dates)


@receiver(pre_save, sender=Organization)
def _remember_parent(sender, instance, raw=False, **kwargs):
    if not raw:
        instance._aggregate_before = _stored(instance, "parent_id")


@receiver(post_save, sender=Organization)
def _organization_saved(sender, instance, raw=False, **kwargs):
    before = None if raw else getattr(instance, "_aggregate_before", None)
    if before is not None and before[0] != instance.parent_id:
        # The old ancestors lose the moved subtree's stations and the new ones gain them.
        moved = {instance.pk} | ({before[0]} if before[0] is not None else set())
        _refresh(org_ids=moved, dates=None)
