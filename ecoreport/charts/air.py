"""Air pictures: monthly PM2.5 against last year, and the daily AQI category calendar."""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Sequence
from typing import TYPE_CHECKING

from matplotlib.collections import PatchCollection
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle

from ecoreport.charts.style import Number, Picture, figure, num, picture
from indicators.standards.aqi import CATEGORIES

if TYPE_CHECKING:
    from ecoreport.figures.results import PeriodFigures

_CATEGORY_BY_LEVEL = {category.level: category for category in CATEGORIES}
_NO_DAY = "#ffffff"


def pm25_monthly(figures: PeriodFigures) -> Picture:
    """Monthly PM2.5 of the period against the same months a year earlier, with the annual target."""
    air = figures.air
    previous = {month.month: month.pm25 for month in air.monthly_prev}
    return picture(
        plot_pm25_monthly,
        [month.month for month in air.monthly],
        [month.pm25 for month in air.monthly],
        [previous.get(month.month) for month in air.monthly],
        year=figures.end.year,
        target=air.pm25_target.target if air.pm25_target else None,
    )


def aqi_calendar(figures: PeriodFigures) -> Picture:
    """Each valid day of the period coloured by its AQI category."""
    return picture(plot_aqi_calendar, [(day.date, day.level) for day in figures.air.daily])


def plot_pm25_monthly(
    months: Sequence[int],
    this_year: Sequence[Number | None],
    last_year: Sequence[Number | None],
    *,
    year: int,
    target: Number | None = None,
) -> Figure:
    fig = figure(150, 72)
    ax = fig.add_subplot()
    x = list(range(len(months)))
    width = 0.38
    ax.bar([i - width / 2 for i in x], [num(v) or 0 for v in last_year], width, label=f"{year - 1}年", color="#b0bec5")
    bars = ax.bar(
        [i + width / 2 for i in x], [num(v) or 0 for v in this_year], width, label=f"{year}年", color="#1f5fa8"
    )
    ax.bar_label(bars, labels=["" if v is None else str(v) for v in this_year], padding=1, fontsize=7)
    if target is not None:
        ax.axhline(float(target), color="#c62828", linestyle="--", linewidth=1, label=f"目标 {target}")
    ax.set_xticks(x, [f"{m}月" for m in months])
    ax.set_ylabel("PM2.5（微克/立方米）")
    ax.set_title("PM2.5月均浓度同比")
    ax.legend(frameon=False, fontsize=7, ncols=3, loc="upper right")
    ax.margins(y=0.18)
    return fig


def _colour(level: int | None) -> str:
    category = _CATEGORY_BY_LEVEL.get(level) if level else None
    return category.color if category else _NO_DAY


def plot_aqi_calendar(days: Sequence[tuple[datetime.date, int | None]]) -> Figure:
    """One row per month, one cell per day; ``days`` are (date, category level 1..6) pairs.

    A day without a valid value stays blank.
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
    fig = figure(150, 24 + 7 * max(len(months), 1), left=11, bottom=15)
    ax = fig.add_subplot()
    cells, colours = [], []
    for row, (y, m) in enumerate(months):
        for d in range(1, calendar.monthrange(y, m)[1] + 1):
            cells.append(Rectangle((d - 0.5, row - 0.45), 0.92, 0.9))
            colours.append(_colour(levels.get(datetime.date(y, m, d))))
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
    handles = [
        Patch(facecolor=_CATEGORY_BY_LEVEL[level].color, edgecolor="#9e9e9e", label=_CATEGORY_BY_LEVEL[level].name)
        for level in used
    ]
    if handles:
        fig.legend(handles=handles, loc="lower center", ncols=len(handles), frameon=False, fontsize=7)
    return fig
