"""Charts kept in the configured cache, shared by every worker, the dashboard and the report.

A chart is a function of the figures and of the drawing code, so its entry is keyed by the figures'
(organization, period, data version) key and by this package's code digest: whoever asks first
draws, the others read the same SVG (or PNG, for Word), and a deployment that changes the drawing
code draws afresh.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from ecoreport.figures.cache import cached
from ecoreport.lib.code_version import source_digest

T = TypeVar("T")


@functools.cache
def code_digest() -> str:
    return source_digest("ecoreport.charts")


def cached_chart(kind: str, figures_key: str, draw: Callable[[], T]) -> T:
    """The value ``draw`` makes, kept under (``kind``, the figures' key, the charts' code).

    ``kind`` names the chart and its form, e.g. ``chart:pm25``, ``chart-png:tp:<section>``."""
    return cached(f"{kind}:{code_digest()}", figures_key, draw)
