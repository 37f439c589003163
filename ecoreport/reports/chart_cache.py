"""The report's charts drawn once per (organization, period, data version), shared with the dashboard.

The dashboard's chart views (``ecoreport.dashboard.views._cached_svg``) keep each SVG in the
configured cache under ``chart:<name>:<code digest>`` and the figures' (organization, period, data
version) key; the report reads and writes the same entries, so a chart the dashboard drew is not
drawn again for the PDF, and the other way round. Both key them with ``ecoreport.charts.cache``,
so the keys match; ``tests/reports/test_chart_cache.py`` holds the two to it. The PNG the Word
file takes is kept beside it under ``chart-png:<name>``.

A chart of a document built without a key (tests, ``build_document`` alone) is drawn as before,
through the charts' own in-process memo.
"""

from __future__ import annotations

from typing import Protocol

from ecoreport.charts import Picture
from ecoreport.charts.cache import cached_chart


class Chart(Protocol):
    """What of ``document.Chart`` the cache reads (document imports this module, not the other way)."""

    name: str
    period_key: str
    picture: Picture


def chart_svg(chart: Chart) -> str:
    if not (chart.name and chart.period_key):
        return chart.picture.svg
    return cached_chart(f"chart:{chart.name}", chart.period_key, lambda: chart.picture.svg)


def chart_png(chart: Chart) -> bytes:
    if not (chart.name and chart.period_key):
        return chart.picture.png
    return cached_chart(f"chart-png:{chart.name}", chart.period_key, lambda: chart.picture.png)
