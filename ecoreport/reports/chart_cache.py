"""The report's charts drawn once per (organization, period, data version), shared with the dashboard.

The dashboard's chart views (``ecoreport.dashboard.views._cached_svg``) keep each SVG in the
configured cache under ``chart:<name>:<code digest>`` and the figures' (organization, period, data
version) key; the report reads and writes the same entries, so a chart the dashboard drew is not
drawn again for the PDF, and the other way round. The code digest covers the same files as the
dashboard's (its package, the charts package and the templates), so the keys match;
``tests/reports/test_chart_cache.py`` holds the two to it. The PNG the Word file takes is kept
beside it under ``chart-png:<name>``.

A chart of a document built without a key (tests, ``build_document`` alone) is drawn as before,
through the charts' own in-process memo.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Protocol

from django.conf import settings

from ecoreport.charts import Picture
from ecoreport.figures.cache import cached
from ecoreport.lib.code_version import source_digest


class Chart(Protocol):
    """What of ``document.Chart`` the cache reads (document imports this module, not the other way)."""

    name: str
    period_key: str
    picture: Picture


@cache
def code_digest() -> str:
    """The dashboard's chart code digest (by package name: the report does not import the dashboard)."""
    return source_digest("ecoreport.dashboard", "ecoreport.charts", folders=(Path(settings.BASE_DIR) / "templates",))


def chart_svg(chart: Chart) -> str:
    if not (chart.name and chart.period_key):
        return chart.picture.svg
    return cached(f"chart:{chart.name}:{code_digest()}", chart.period_key, lambda: chart.picture.svg)


def chart_png(chart: Chart) -> bytes:
    if not (chart.name and chart.period_key):
        return chart.picture.png
    return cached(f"chart-png:{chart.name}:{code_digest()}", chart.period_key, lambda: chart.picture.png)
