"""Air pictures: monthly PM2.5 against last year, and the daily AQI category calendar."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ecoreport.charts.cells import tipped_cells
from ecoreport.charts.style import NARROW_MM, WIDE_MM, Number, Picture, figure, num, picture, row_major, tip
from ecoreport.lib.periods import months_between
from indicators.standards.aqi import CATEGORIES

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ecoreport.figures.results import PeriodFigures

_CATEGORY_BY_LEVEL = {category.level: category for category in CATEGORIES}
_NO_DAY = "#ffffff"
PM25_UNIT = "微克/立方米"
# MaxNLocator's ticks on the PM2.5 axis, those beyond the limits included: 5 to 9 on the data seen.
_PM25_Y_TICKS = 9


def pm25_monthly(figures: PeriodFigures) -> Picture:
    """Monthly PM2.5 of the period against the same months a year earlier, with the annual target."""
    air = figures.air
    previous = {month.month: month.pm25 for month in air.monthly_prev}
    return picture(
        plot_pm25_monthly,
        [(month.year, month.month) for month in air.monthly],
        [month.pm25 for month in air.monthly],
        [previous.get(month.month) for month in air.monthly],
        year=figures.end.year,
        target=air.pm25_target.target if air.pm25_target else None,
    )


def aqi_calendar(figures: PeriodFigures) -> Picture:
    """Each valid day of the period coloured by its AQI category, with its AQI for the hover tip."""
    return picture(plot_aqi_calendar, [(day.date, day.level, day.aqi) for day in figures.air.daily])


def _pm25_tip(fig: Figure, year: int, month: int, value: Number | None) -> str:
    shown = "无数据" if value is None else f"{value} {PM25_UNIT}"
    return tip(fig, f"{year}年{month}月 PM2.5 {shown}", f"month:{year:04d}-{month:02d}")


def plot_pm25_monthly(
    months: Sequence[tuple[int, int]],
    this_year: Sequence[Number | None],
    last_year: Sequence[Number | None],
    *,
    year: int,
    target: Number | None = None,
    narrow: bool = False,
) -> Figure:
    """Bars of (year, month) against the same months a year earlier; each bar's tip links its month."""
    small = 9 if narrow else 7
    step = 2 if narrow and len(months) > 6 else 1
    # The x axis shows a tick per month shown; the y axis's count depends on the values.
    ticks = (len(months[::step]), _PM25_Y_TICKS)
    if narrow:
        fig = figure(NARROW_MM, 70, left=14, right=2, bottom=17, ticks=ticks)
    else:
        fig = figure(WIDE_MM, 72, ticks=ticks)
    ax = fig.axes[0]
    x = list(range(len(months)))
    width = 0.38
    before = _bars(
        ax, [i - width / 2 for i in x], [num(v) or 0 for v in last_year], width, label=f"{year - 1}年", color="#b0bec5"
    )
    bars = _bars(
        ax, [i + width / 2 for i in x], [num(v) or 0 for v in this_year], width, label=f"{year}年", color="#1f5fa8"
    )
    for (y, m), bar, value in zip(months, before, last_year, strict=True):
        bar.set_url(_pm25_tip(fig, y - 1, m, value))
    for (y, m), bar, value in zip(months, bars, this_year, strict=True):
        bar.set_url(_pm25_tip(fig, y, m, value))
    # Twelve labels side by side would touch on a phone; the hover tip still gives every value.
    if not narrow or len(months) <= 6:
        ax.bar_label(bars, labels=["" if v is None else str(v) for v in this_year], padding=1, fontsize=small)
    if target is not None:
        ax.axhline(float(target), color="#c62828", linestyle="--", linewidth=1, label=f"目标 {target}")
    ax.set_xticks(x[::step], [f"{m}月" for _, m in months][::step])
    ax.set_ylabel(f"PM2.5（{PM25_UNIT}）")
    ax.set_title("PM2.5月均浓度同比")
    if narrow:
        fig.legend(frameon=False, fontsize=small, ncols=3, loc="lower center")
    else:
        ax.legend(frameon=False, fontsize=small, ncols=3, loc="upper right")
    ax.margins(y=0.18)
    return fig


def _bars(ax, x: list[float], heights: list[float], width: float, **kwargs):
    """``ax.bar``, the data limits taken once from the bars' corners.

    The Axes otherwise walks each bar's outline as Bézier curves to find the same corners, a
    quarter of the chart's set-up time for two dozen rectangles; the limits, and so the drawing,
    are the same."""
    ax._update_patch_limits = _no_limits  # shadows the method on this Axes only, for this call
    try:
        bars = ax.bar(x, heights, width, **kwargs)
    finally:
        del ax._update_patch_limits
    ax.update_datalim([corner for bar in bars for corner in bar.get_bbox().get_points()])
    return bars


def _no_limits(patch) -> None:
    return None


def _colour(level: int | None) -> str:
    category = _CATEGORY_BY_LEVEL.get(level) if level else None
    return category.color if category else _NO_DAY


def _day_tip(fig: Figure, day: datetime.date, level: int | None, aqi: int | None) -> str:
    category = _CATEGORY_BY_LEVEL.get(level) if level else None
    if category is None or aqi is None:
        title = f"{day.isoformat()} 无有效数据"
    else:
        title = f"{day.isoformat()} AQI {aqi} {category.name}"
    return tip(fig, title, f"day:{day.isoformat()}")


def plot_aqi_calendar(days: Sequence[tuple[datetime.date, int | None, int | None]], *, narrow: bool = False) -> Figure:
    """One row per month, one cell per day; ``days`` are (date, category level 1..6, AQI) triples.

    A day without a valid value stays blank. Every cell's tip names its day and AQI and links the
    day's records.
    """
    import numpy as np
    from matplotlib.patches import Patch

    found = {day: (level, aqi) for day, level, aqi in days}
    months = months_between(min(found), max(found)) if found else []
    rows = max(len(months), 1)
    if narrow:
        fig = figure(NARROW_MM, 30 + 8 * rows, left=10, right=2, top=8, bottom=22, tick_length=0, ticks=(4, rows))
    else:
        fig = figure(WIDE_MM, 24 + 7 * rows, left=11, bottom=15, tick_length=0, ticks=(7, rows))
    ax = fig.axes[0]
    cells, colours, urls = [], [], []
    for row, (y, m) in enumerate(months):
        for d in range(1, calendar.monthrange(y, m)[1] + 1):
            day = datetime.date(y, m, d)
            level, aqi = found.get(day, (None, None))
            left, top = d - 0.5, row - 0.45
            cells.append(((left, top), (left + 0.92, top), (left + 0.92, top + 0.9), (left, top + 0.9)))
            colours.append(_colour(level))
            urls.append(_day_tip(fig, day, level, aqi))
    # One collection of the corners rather than a patch per day: no Rectangle artist to build, its
    # closed outlines made from one template path (an array), no data limits to fit (the limits are
    # set below); on the SVG canvas it writes its days in one pass (``cells``).
    shapes = np.array(cells) if cells else cells
    ax.add_collection(
        tipped_cells(shapes, urls, facecolors=colours, edgecolors="#9e9e9e", linewidths=0.3), autolim=False
    )
    ax.set_xlim(0.4, 31.6)
    ax.set_ylim(len(months) - 0.5, -0.6)
    ax.set_yticks(range(len(months)), [f"{m}月" for _, m in months])
    ax.set_xticks([1, 10, 20, 31] if narrow else [1, 5, 10, 15, 20, 25, 31])
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title("逐日空气质量等级")
    used = sorted({level for level, _ in found.values() if level})
    handles = [
        Patch(facecolor=_CATEGORY_BY_LEVEL[level].color, edgecolor="#9e9e9e", label=_CATEGORY_BY_LEVEL[level].name)
        for level in used
    ]
    if handles:
        columns = min(len(handles), 3) if narrow else len(handles)
        fig.legend(
            handles=row_major(handles, columns),
            loc="lower center",
            ncols=columns,
            frameon=False,
            fontsize=9 if narrow else 7,
        )
    return fig
