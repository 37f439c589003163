"""Data versions: a token per organization that changes, in the writer's transaction, with its data.

Figures, page fragments and chart pictures are cached under (organization, period, data version)
(``ecoreport.figures.cache``), so a warm request reads no data row and a change shows at once.

- **What bumps it.** Every table whose rows feed a figure is *tracked*: the app that reads it
  registers the table with the path from a row to its organization (``track``). Database
  triggers (``version_triggers``, installed after every ``migrate``) bump the organization of
  every inserted, updated or deleted row, so no write path can forget it: admin saves, services,
  imports, ``QuerySet.update()``, bulk writes, raw SQL and COPY alike. A row without an
  organization (a section group, a work indicator, a unit shared by all) bumps ``EVERYONE``.
  On SQLite every change bumps ``EVERYONE`` (see ``version_triggers``): coarser, still exact.
- **Which versions a figure depends on.** A figure of an organization covers its whole subtree,
  so its key (``versions_key``) is the digest of (id, version) of every organization in the
  subtree and of ``EVERYONE``; moving an organization changes the subtree's ids, hence the key.
- **Why a random token and not a counter.** A rolled-back transaction's bump disappears, and a
  counter would then hand the same number to a different later state, whose figures a cache
  shared across workers may already hold under it; likewise a database restored from a backup.
  A random 63-bit token never comes back.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Sequence

from django.db import models
from django.utils.translation import gettext_lazy as _


class DataVersion(models.Model):
    """The data version of one organization (``scope`` = its id), or of everything that belongs to
    no organization (``scope`` = ``EVERYONE``), which every figure's key includes.

    No foreign key on purpose: the triggers write here from any table, and on SQLite a trigger
    must not name any table but this one (see ``version_triggers``); a deleted organization's row
    is harmless. Never alter this table in a migration on SQLite without dropping the triggers
    first: SQLite refuses to rename a table that a trigger names while it is missing.
    """

    scope = models.BigIntegerField(_("机构编号"), unique=True, help_text=_("机构的 id；0 表示不属于任何机构的数据"))
    version = models.BigIntegerField(_("数据版本"), help_text=_("这部分数据每次变化时换成一个新的随机数"))

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = _("数据版本")

    def __str__(self) -> str:
        return f"{self.scope}: {self.version}"


EVERYONE = 0

# Tracked model → lookup path from a row to its organization's id ("pk" for Organization itself,
# None for rows that concern every organization).
TRACKED: dict[type[models.Model], str | None] = {}


def track(model: type[models.Model], organization_path: str | None) -> None:
    """Declare that ``model``'s rows feed cached figures; ``organization_path`` as in ``TRACKED``."""
    TRACKED[model] = organization_path


def versions_key(org_ids: Sequence[int]) -> str:
    """The digest of the data versions of these organizations and of ``EVERYONE`` (one query); a
    scope without a row (nothing changed since the database was made) counts as version 0."""
    scopes = [EVERYONE, *sorted(org_ids)]
    found = dict(DataVersion.objects.filter(scope__in=scopes).values_list("scope", "version"))
    digest = hashlib.sha256()
    for scope in scopes:
        digest.update(f"{scope}:{found.get(scope, 0)};".encode())
    return digest.hexdigest()


def bump(org_ids: Iterable[int] | None = None) -> None:
    """New versions for these organizations (None: ``EVERYONE``, which every key includes), from
    Python: for writes made with the triggers switched off (a bulk load) and for rebuilt derived
    data. Writes to tracked tables need no call."""
    scopes = [EVERYONE] if org_ids is None else list(org_ids)
    DataVersion.objects.bulk_create(
        [DataVersion(scope=scope, version=secrets.randbits(63)) for scope in scopes],
        update_conflicts=True,
        unique_fields=["scope"],
        update_fields=["version"],
    )
