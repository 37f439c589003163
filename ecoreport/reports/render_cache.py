"""Rendered drafts kept under the digest of what they are made from, rendered once at a time.

Key: the digest of the document's inputs (the figures' data fingerprint, text, appendix, 落款),
the exporter, the version, the day (an undated 落款 and the 草稿 mark carry it) and
``render_version()`` (the report templates, the code of this package and of the charts, and the
font faces in use).
Not in the key: the minute in the 草稿 mark, so a cached draft keeps the time it was first
rendered at (the mark says when *that* file was made).

Stored in the Django cache: Redis in production, shared by every gunicorn worker and evicted by
it; without REDIS_URL each process keeps its own (local memory). No files to clean up.

The lock is ``cache.add`` per key (atomic in Redis and in local memory): one request renders, the
others wait for its result instead of rendering the same document again.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from ecoreport.lib.code_version import source_digest
from ecoreport.reports.digest import inputs_digest
from ecoreport.reports.document import ReportDocument
from ecoreport.reports.exporters import Export
from ecoreport.reports.fonts import faces_in_use

TIMEOUT = 24 * 3600
LOCK_TIMEOUT = 120  # longer than any render; a crashed renderer's lock expires
WAIT_STEP = 0.05


@once
def render_version() -> str:
    """Digest of the report templates, the code that builds and draws the document (this package
    and the charts) and the font faces: a deployment that changes any of them renders anew."""
    templates = Path(settings.BASE_DIR) / "templates" / "reports"
    code = source_digest("ecoreport.reports", "ecoreport.charts", folders=(templates,))
    return hashlib.sha256((code + repr(faces_in_use())).encode()).hexdigest()


def cache_key(document: ReportDocument, kind: str, *, version: int | None = None) -> str:
    parts = [inputs_digest(document), kind, str(version), timezone.localdate().isoformat(), render_version()]
    return "report-render:" + hashlib.sha256("|".join(parts).encode()).hexdigest()


def cached_render(
    document: ReportDocument, kind: str, render: Callable[[ReportDocument], Export], *, wait: float = LOCK_TIMEOUT
) -> tuple[Export, bool]:
    """``(export, from_cache)``: the stored render of the same inputs, else ``render(document)`` once."""
    key = cache_key(document, kind)
    deadline = time.monotonic() + wait
    while True:
        stored = cache.get(key)
        if stored is not None:
            return Export(*stored), True
        if cache.add(key + ":lock", 1, LOCK_TIMEOUT):
            try:
                export = render(document)
                cache.set(key, tuple(export), TIMEOUT)
                return export, False
            finally:
                cache.delete(key + ":lock")
        if time.monotonic() > deadline:
            return render(document), False  # the renderer is stuck: serve this request anyway
        time.sleep(WAIT_STEP)
