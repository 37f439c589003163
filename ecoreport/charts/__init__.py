"""The report's and dashboard's charts, drawn with matplotlib's Figure API into SVG text.

pyplot keeps global state across threads and requests, so the server never imports it: each chart
builds its own ``Figure`` and prints it through the SVG canvas. Text becomes vector paths
(``svg.fonttype = "path"``) so the PDF needs no extra font and looks the same on every machine;
the ids and metadata are fixed so the same data always gives the same bytes (a published PDF must
be reproducible from its stored figures).

Every function takes plain values from the figures object and returns SVG text; none computes a
figure itself.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import hashlib
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from decimal import Decimal

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

Number = int | float | Decimal

_ID = re.compile(r'\b(id)="([^"]+)"')
_REF = re.compile(r'(href="|url\()#([^")]+)')

# Simplified Chinese forms first; the JP face of the same collection must never be picked.
CJK_SANS = ["Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei"]


def _ensure_cjk_font() -> None:
    """Rebuild matplotlib's font list once if it was cached before the CJK fonts were installed.

    matplotlib caches the fonts it found on first use; a machine where set-up installed
    fonts-noto-cjk after that would otherwise draw every Chinese character as an empty box.
    """
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if not known.intersection(CJK_SANS):
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)


_ensure_cjk_font()

_RC = {
    "font.family": "sans-serif",
    "font.sans-serif": CJK_SANS,
    "axes.unicode_minus": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "ecoreport",
    "svg.id": "chart",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
}

# HJ 633 category colours, indexed by category level 1..6.
AQI_COLOURS = {
    1: "#00e400",
    2: "#ffff00",
    3: "#ff7e00",
    4: "#ff0000",
    5: "#99004c",
    6: "#7e0023",
}
AQI_LABELS = {1: "优", 2: "良", 3: "轻度污染", 4: "中度污染", 5: "重度污染", 6: "严重污染"}

STATUS_COLOURS = {
    "closed": "#2e7d32",
    "applying_closure": "#66bb6a",
    "done": "#a5d6a7",
    "in_progress": "#90a4ae",
    "behind": "#e53935",
}
STATUS_LABELS = {
    "closed": "已销号",
    "applying_closure": "申请销号",
    "done": "已完成",
    "in_progress": "推进中",
    "behind": "滞后",
}

CLASS_LABELS = {"I": "Ⅰ类", "II": "Ⅱ类", "III": "Ⅲ类", "IV": "Ⅳ类", "V": "Ⅴ类"}


def _figure(
    width_mm: float, height_mm: float, *, left: float = 16, right: float = 4, top: float = 8, bottom: float = 9
) -> Figure:
    """A figure with fixed margins in millimetres.

    Fixed margins rather than constrained layout: the layout engine measured every tick label
    twice over and took half of each chart's drawing time, and these charts have known contents.
    """
    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
    fig.subplots_adjust(
        left=left / width_mm, right=1 - right / width_mm, bottom=bottom / height_mm, top=1 - top / height_mm
    )
    return fig


_CACHE: OrderedDict[str, str] = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()
_DRAW_LOCK = threading.Lock()


def _memoised(draw):
    """Reuse a chart drawn from the very same values: drawing is pure, and the slow part of a page.

    The key is the digest of the arguments' repr, so any changed value draws anew.
    """

    @functools.wraps(draw)
    def wrapper(*args, **kwargs):
        key = hashlib.sha256(repr((draw.__name__, args, sorted(kwargs.items()))).encode()).hexdigest()
        with _CACHE_LOCK:
            svg = _CACHE.get(key)
            if svg is not None:
                _CACHE.move_to_end(key)
                return svg
        # rc_context changes matplotlib's process-wide rcParams: two threads drawing at once (a
        # threaded server answering a page's chart requests) would restore each other's fonts
        # mid-drawing and lose the CJK font, so drawing is one at a time.
        with _DRAW_LOCK:
            svg = draw(*args, **kwargs)
        with _CACHE_LOCK:
            _CACHE[key] = svg
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        return svg

    return wrapper


def clear_cache() -> None:
    """Forget drawn charts (benchmarks use it to time the cold path)."""
    with _CACHE_LOCK:
        _CACHE.clear()


def _svg(fig: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(_RC):
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    # The XML prolog and DOCTYPE would be invalid once the SVG is inlined in HTML.
    text = text[text.index("<svg") :]
    # Inlined next to other charts in one HTML document, every id must be unique there too;
    # a prefix from the content keeps the output deterministic.
    prefix = "c" + hashlib.sha256(text.encode()).hexdigest()[:8] + "-"
    text = _ID.sub(lambda m: f'{m.group(1)}="{prefix}{m.group(2)}"', text)
    return _REF.sub(lambda m: f"{m.group(1)}#{prefix}{m.group(2)}", text)


def _num(value: Number | None) -> float | None:
    return None if value is None else float(value)


@_memoised
def pm25_monthly(
    months: Sequence[int],
    this_year: Sequence[Number | None],
    last_year: Sequence[Number | None],
    *,
    year: int,
    target: Number | None = None,
) -> str:
    """Monthly PM2.5 means of this year against last year, with the annual target as a line."""
    with matplotlib.rc_context(_RC):
        fig = _figure(150, 72)
        ax = fig.add_subplot()
        x = list(range(len(months)))
        width = 0.38
        ax.bar(
            [i - width / 2 for i in x], [_num(v) or 0 for v in last_year], width, label=f"{year - 1}年", color="#b0bec5"
        )
        bars = ax.bar(
            [i + width / 2 for i in x], [_num(v) or 0 for v in this_year], width, label=f"{year}年", color="#1f5fa8"
        )
        ax.bar_label(bars, labels=["" if v is None else str(v) for v in this_year], padding=1, fontsize=7)
        if target is not None:
            ax.axhline(float(target), color="#c62828", linestyle="--", linewidth=1, label=f"目标 {target}")
        ax.set_xticks(x, [f"{m}月" for m in months])
        ax.set_ylabel("PM2.5（微克/立方米）")
        ax.set_title("PM2.5月均浓度同比")
        ax.legend(frameon=False, fontsize=7, ncols=3, loc="upper right")
        ax.margins(y=0.18)
        return _svg(fig)


@_memoised
def aqi_calendar(days: Sequence[tuple[datetime.date, int | None]]) -> str:
    """Daily AQI category as a calendar: one row per month, one cell per day of the month.

    ``days`` holds (date, category level 1..6) pairs; a day without a valid value stays blank.
    """
    levels = {day: level for day, level in days}
    if not levels:
        months: list[tuple[int, int]] = []
    else:
        first, last = min(levels), max(levels)
        months = []
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            months.append((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    with matplotlib.rc_context(_RC):
        fig = _figure(150, 24 + 7 * max(len(months), 1), left=11, bottom=15)
        ax = fig.add_subplot()
        cells, colours = [], []
        for row, (y, m) in enumerate(months):
            for d in range(1, calendar.monthrange(y, m)[1] + 1):
                level = levels.get(datetime.date(y, m, d))
                cells.append(Rectangle((d - 0.5, row - 0.45), 0.92, 0.9))
                colours.append(AQI_COLOURS.get(level, "#ffffff") if level else "#ffffff")
        # One collection rather than a patch per day: the axes need not re-fit their limits 181 times.
        ax.add_collection(PatchCollection(cells, facecolors=colours, edgecolors="#9e9e9e", linewidths=0.3))
        ax.set_xlim(0.4, 31.6)
        ax.set_ylim(len(months) - 0.5, -0.6)
        ax.set_yticks(range(len(months)), [f"{m}月" for _, m in months])
        ax.set_xticks([1, 5, 10, 15, 20, 25, 31])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        ax.set_title("逐日空气质量等级")
        used = sorted({level for level in levels.values() if level})
        handles = [Patch(facecolor=AQI_COLOURS[level], edgecolor="#9e9e9e", label=AQI_LABELS[level]) for level in used]
        if handles:
            fig.legend(handles=handles, loc="lower center", ncols=len(handles), frameon=False, fontsize=7)
        return _svg(fig)


@_memoised
def section_tp_monthly(
    name: str,
    months: Sequence[int],
    values: Sequence[Number | None],
    class_limits: Mapping[str, Number],
    *,
    target_class: str | None = None,
) -> str:
    """A section's monthly TP with the GB 3838 class limits of its water body (river or lake)."""
    with matplotlib.rc_context(_RC):
        fig = _figure(150, 62)
        ax = fig.add_subplot()
        x = list(range(len(months)))
        points = [(i, _num(v)) for i, v in zip(x, values, strict=True) if v is not None]
        ax.plot(
            [p[0] for p in points], [p[1] for p in points], marker="o", color="#1f5fa8", linewidth=1.4, label="总磷"
        )
        for i, v in points:
            ax.annotate(f"{v:.3f}", (i, v), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=6.5)
        highest = max([p[1] for p in points], default=0)
        shown = 0
        for key, limit in class_limits.items():
            limit = float(limit)
            style = "-" if key == target_class else ":"
            colour = "#c62828" if key == target_class else "#757575"
            ax.axhline(limit, color=colour, linestyle=style, linewidth=0.9)
            # Inside the axes, right-aligned above the line: outside it the label was cut off.
            ax.text(
                len(months) - 0.55,
                limit,
                f"{CLASS_LABELS.get(key, key)} {limit:g}",
                ha="right",
                va="bottom",
                fontsize=6.5,
                color=colour,
            )
            shown = max(shown, limit)
            if limit > highest * 1.3:
                break
        ax.set_xticks(x, [f"{m}月" for m in months])
        ax.set_xlim(-0.5, len(months) - 0.5)
        ax.set_ylim(0, max(highest, shown) * 1.15 or 0.1)
        ax.set_ylabel("总磷（mg/L）")
        ax.set_title(f"{name}断面总磷月均浓度")
        return _svg(fig)


def ledger_status_by_area(by_area) -> str:
    """The ledger chart from the figures object's ``ledger.by_area`` (report and dashboard alike)."""
    rows = [
        (
            area.area,
            {
                "closed": area.closed,
                "applying_closure": area.applying_closure,
                "done": area.done,
                "in_progress": area.on_schedule,
                "behind": area.behind,
            },
        )
        for area in by_area
    ]
    return ledger_status(rows)


@_memoised
def ledger_status(rows: Sequence[tuple[str, Mapping[str, int]]]) -> str:
    """Stacked bars of task status per area; ``rows`` are (area, {status key: count})."""
    order = ["closed", "applying_closure", "done", "in_progress", "behind"]
    with matplotlib.rc_context(_RC):
        # Area names sit left of the bars: about 3.2 mm a character at 9 pt.
        longest = max((len(area) for area, _ in rows), default=4)
        fig = _figure(150, 30 + 9 * max(len(rows), 1), left=4 + 3.2 * longest, right=6, bottom=18)
        ax = fig.add_subplot()
        y = list(range(len(rows)))
        left = [0] * len(rows)
        for key in order:
            counts = [counts.get(key, 0) for _, counts in rows]
            if not any(counts):
                continue
            bars = ax.barh(y, counts, left=left, color=STATUS_COLOURS[key], label=STATUS_LABELS[key], height=0.6)
            ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], label_type="center", fontsize=7)
            left = [a + b for a, b in zip(left, counts, strict=True)]
        ax.set_yticks(y, [area for area, _ in rows])
        ax.invert_yaxis()
        ax.set_xlabel("任务数（项）")
        ax.set_title("工作台账分领域进展")
        fig.legend(loc="lower center", ncols=5, frameon=False, fontsize=7)
        return _svg(fig)
