"""Figures, and what is drawn from them, cached per (organization, period, data version).

The key holds the digest of the data versions of every organization in the subtree
(``ecoreport.audit.versions``), read *before* any data row: a change committed while a
computation runs then leaves its result under the older key, never the newer. The values live in
the configured Django cache (Redis from ``REDIS_URL``, so all workers share them; in-process
memory otherwise) and come back as copies, so a caller may change what it gets.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import secrets
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from ecoreport.audit.versions import versions_key
from ecoreport.figures import results
from ecoreport.lib.code_version import source_digest

T = TypeVar("T")

# Entries of an old state expire on their own; a day keeps a warm cache through a working day.
TIMEOUT = 24 * 3600


def _schema() -> str:
    """Digest of the shape of the figures objects: a deployment that changes it reads no old entry."""
    shapes = sorted(
        (name, [f.name for f in dataclasses.fields(value)])
        for name, value in vars(results).items()
        if dataclasses.is_dataclass(value) and isinstance(value, type)
    )
    return hashlib.sha256(repr(shapes).encode()).hexdigest()[:12]


# The figures' shape and the code that computes them: a deployment that changes either starts afresh.
_SCHEMA = _schema() + source_digest("ecoreport.figures", "indicators", "tasks", "ecoreport.accounts")
_salt = ""  # changed by forget(): benchmarks time cold computations without emptying the cache


def period_key(org_id: int, subtree_ids: list[int], start: datetime.date, end: datetime.date) -> str:
    """(organization, period, data version) as a cache key part; one query."""
    return f"{org_id}:{start.isoformat()}:{end.isoformat()}:{versions_key(subtree_ids)}"


def period_cached(kind: str, org_ids: list[int], start: datetime.date, end: datetime.date, build: Callable[[], T]) -> T:
    """``cached`` under (organization, period, data version), ``org_ids`` the organization's
    subtree (root first): for what is drawn or rendered from the figures (a chart, a page
    fragment), which a warm request then gets in one query."""
    return cached(kind, period_key(org_ids[0], org_ids, start, end), build)


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The value stored under (kind, key), built and stored when missing."""
    full = f"ecoreport:{kind}:{_SCHEMA}{_salt}:{key}"
    value = cache.get(full)
    if value is None:
        value = build()
        cache.set(full, value, TIMEOUT)
    return value


def forget() -> None:
    """Make every entry of this process unreachable (benchmarks of the cold path)."""
    global _salt
    _salt = f"-{secrets.token_hex(4)}"
