"""County walls: which records a user may read and write, by the organisation each record belongs to.

A record belongs to an organisation through a chain of foreign keys (``station__organization``);
``organization_path`` finds it once per model and is the one owner of that chain. A user who is not
an administrator (``ecoreport.accounts.roles.is_administrator``) reads and writes only the records
of the organisations ``visible_organization_ids`` gives (their own and those under it). Records of
models with no such chain (shared catalogues: section groups, work indicators) are not walled.
"""

from __future__ import annotations

from functools import cache

from django.db import models
from django.db.models import CharField, Q
from django.db.models.functions import Cast

from ecoreport.accounts.access import visible_organization_ids
from ecoreport.accounts.models import Organization
from ecoreport.accounts.roles import is_administrator

SELF = "self"  # the path of the Organization model: a record is its own organisation
OUTSIDE = "不能保存：该记录所属单位不在您的管辖范围内"


@cache
def organization_path(model) -> str | None:
    """The foreign-key chain from ``model`` to its organisation (shortest, forward keys only), or None."""
    if model is Organization:
        return SELF
    queue: list[tuple[type[models.Model], str]] = [(model, "")]
    seen = {model}
    while queue:
        current, prefix = queue.pop(0)
        for field in current._meta.get_fields():
            if not (field.many_to_one and field.concrete) or field.related_model is None:
                continue
            path = f"{prefix}{field.name}"
            if field.related_model is Organization:
                return path
            if field.related_model not in seen and field.related_model._meta.app_label != "auth":
                seen.add(field.related_model)
                queue.append((field.related_model, f"{path}__"))
    return None


def is_walled(user) -> bool:
    return not is_administrator(user)


def visible_ids(user) -> set[int] | None:
    """The organisations the user may read and write, or None for all (administrators)."""
    return visible_organization_ids(user) if is_walled(user) else None


def wall(queryset, user, path: str | None = None):
    """The queryset limited to the user's organisations; unchanged for administrators and unwalled models."""
    path = organization_path(queryset.model) if path is None else path
    if not path or not is_walled(user):
        return queryset
    ids = visible_organization_ids(user)
    return queryset.filter(**{"pk__in" if path == SELF else f"{path}__in": ids})


def organization_id_of(instance, path: str | None = None) -> int | None:
    """The id of the organisation an (unsaved or stored) record belongs to, following its keys."""
    path = organization_path(type(instance)) if path is None else path
    if not path:
        return None
    if path == SELF:
        return instance.pk if instance.pk is not None else instance.parent_id
    target = instance
    *steps, last = path.split("__")
    for step in steps:
        target = getattr(target, step, None)
        if target is None:
            return None
    return getattr(target, f"{last}_id", None)


def may_write(user, instance, path: str | None = None) -> bool:
    """Whether the user may save this record: administrators always, staff inside their subtree."""
    if not is_walled(user):
        return True
    org_id = organization_id_of(instance, path)
    if org_id is None:
        return organization_path(type(instance)) is None
    return org_id in visible_organization_ids(user)


def walled_history_filter(user, models_with_history) -> Q | None:
    """For ``AuditEntry``: entries about records the user can see, or None when the user sees all."""
    if not is_walled(user):
        return None
    condition = Q(pk__in=[])
    for model in models_with_history:
        if not organization_path(model):
            continue
        visible = wall(model._default_manager.all(), user).annotate(text_pk=Cast("pk", CharField()))
        condition |= Q(model=model._meta.label_lower, object_id__in=visible.values("text_pk"))
    return condition
