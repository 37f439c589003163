"""Change history: who changed which row when, with the values before and after.

Admin saves, service functions and imports all record through here, so one history page shows
every change to a record whatever its source. Values are stored as plain text (decimals without
float noise, dates as ISO), because the history must show what staff typed, not a rendering.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import models
from django.utils import timezone

from ecoreport.audit.models import AuditEntry, ImportEvent
from ecoreport.lib import bulk_insert

# The columns an import's entries are written with, in bulk (``record_import``).
_IMPORT_COLUMNS = ["at", "user", "action", "model", "object_id", "object_repr", "changes", "import_event"]


def plain(value: object) -> object:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")  # 0.04700 from PostgreSQL and 0.047 typed are the same
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return sorted(plain(item) for item in value)
    return str(value)


def tracked_fields(model) -> list[str]:
    """Concrete, editable fields whose values staff care about (no ids, no timestamps)."""
    names = []
    for field in model._meta.concrete_fields:
        if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            continue
        names.append(field.name)
    return names


def snapshot(instance: models.Model) -> dict[str, object]:
    values = {}
    for name in tracked_fields(type(instance)):
        field = instance._meta.get_field(name)
        if field.is_relation:
            # A related row may still be unsaved (a batch the import is about to create): use the cache.
            cached = field.is_cached(instance)
            related_id = getattr(instance, field.attname)
            values[name] = str(getattr(instance, name)) if cached or related_id is not None else None
            if cached and getattr(instance, name) is None:
                values[name] = None
        else:
            values[name] = plain(getattr(instance, name))
    return values


def diff(before: dict[str, object], after: dict[str, object]) -> dict[str, list[object]]:
    return {
        name: [before.get(name), after.get(name)]
        for name in after.keys() | before.keys()
        if before.get(name) != after.get(name)
    }


def entry(
    *,
    user,
    action: str,
    instance: models.Model,
    changes: dict,
    import_event: ImportEvent | None = None,
) -> AuditEntry:
    """An unsaved entry, for bulk_create by the importer."""
    return AuditEntry(
        user=user if getattr(user, "pk", None) else None,
        action=action,
        model=instance._meta.label_lower,
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
        import_event=import_event,
    )


def record_import(*, event: ImportEvent, user, items: Iterable[tuple[str, models.Model, dict]]) -> int:
    """One entry per (action, saved instance, changes) of an import, all written at once.

    The entries are those ``entry`` makes, with the event's user and one time for the whole file,
    written in one statement (COPY on PostgreSQL), so a year of records costs no more than its
    records. Returns how many were written.
    """
    user_id = user.pk if getattr(user, "pk", None) else None
    now = timezone.now()
    rows = [
        (now, user_id, action, instance._meta.label_lower, str(instance.pk), str(instance)[:200], changes, event.pk)
        for action, instance, changes in items
    ]
    bulk_insert.insert_rows(AuditEntry, _IMPORT_COLUMNS, rows)
    return len(rows)


def record(*, user, action: str, instance: models.Model, changes: dict) -> AuditEntry | None:
    """Save one entry; an update that changed nothing is not history."""
    if action == AuditEntry.Action.UPDATE and not changes:
        return None
    audit = entry(user=user, action=action, instance=instance, changes=changes)
    audit.save()
    return audit


def record_save(*, user, instance: models.Model, before: dict | None) -> AuditEntry | None:
    """After saving ``instance``: a creation when ``before`` is None, else the changed fields."""
    after = snapshot(instance)
    if before is None:
        changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
        return record(user=user, action=AuditEntry.Action.CREATE, instance=instance, changes=changes)
    return record(user=user, action=AuditEntry.Action.UPDATE, instance=instance, changes=diff(before, after))


def record_delete(*, user, instance: models.Model) -> AuditEntry | None:
    before = snapshot(instance)
    changes = {name: [value, None] for name, value in before.items() if value not in (None, "")}
    return record(user=user, action=AuditEntry.Action.DELETE, instance=instance, changes=changes)


def history(instance_or_model, object_id: object | None = None):
    """Entries for one record, newest first."""
    if object_id is None:
        label, object_id = instance_or_model._meta.label_lower, instance_or_model.pk
    else:
        label = instance_or_model._meta.label_lower
    return AuditEntry.objects.filter(model=label, object_id=str(object_id)).select_related("user", "import_event")
