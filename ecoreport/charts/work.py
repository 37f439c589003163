"""Work pictures: ledger tasks per area as stacked bars of their status."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ecoreport.charts.style import NARROW_MM, WIDE_MM, Picture, figure, picture, row_major, tip

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ecoreport.figures.results import PeriodFigures

# Stacked left to right in this order; "in_progress" counts only the tasks on schedule.
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
# The drill-down's status filter (ecoreport.dashboard.records) each stacked status links to.
STATUS_FILTERS = {"in_progress": "on_schedule"}


def ledger_status(figures: PeriodFigures) -> Picture:
    """The ledger's areas with their tasks by status, from ``figures.ledger.by_area``."""
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
        for area in figures.ledger.by_area
    ]
    return picture(plot_ledger_status, rows)


def plot_ledger_status(rows: Sequence[tuple[str, Mapping[str, int]]], *, narrow: bool = False) -> Figure:
    """Stacked bars of task status per area; ``rows`` are (area, {status key: count}).

    Each segment's tip gives area, status and count and links the tasks behind it.
    """
    # Area names sit left of the bars: about 3.2 mm a character at 9 pt.
    longest = max((len(area) for area, _ in rows), default=4)
    if narrow:
        fig = figure(NARROW_MM, 38 + 9 * max(len(rows), 1), left=3 + 3.2 * longest, right=3, bottom=26)
    else:
        fig = figure(WIDE_MM, 30 + 9 * max(len(rows), 1), left=4 + 3.2 * longest, right=6, bottom=18)
    small = 9 if narrow else 7
    ax = fig.axes[0]
    y = list(range(len(rows)))
    left = [0] * len(rows)
    for key, colour in STATUS_COLOURS.items():
        counts = [counts.get(key, 0) for _, counts in rows]
        if not any(counts):
            continue
        bars = ax.barh(y, counts, left=left, color=colour, label=STATUS_LABELS[key], height=0.6)
        status = STATUS_FILTERS.get(key, key)
        for (area, _), bar, count in zip(rows, bars, counts, strict=True):
            if count:
                bar.set_url(tip(fig, f"{area} {STATUS_LABELS[key]} {count} 项", f"tasks:{status}:{area}"))
        ax.bar_label(bars, labels=[str(c) if c else "" for c in counts], label_type="center", fontsize=small)
        left = [a + b for a, b in zip(left, counts, strict=True)]
    ax.set_yticks(y, [area for area, _ in rows])
    ax.invert_yaxis()
    ax.set_xlabel("任务数（项）")
    ax.set_title("工作台账分领域进展")
    handles, labels = ax.get_legend_handles_labels()
    columns = 3 if narrow else 5
    fig.legend(
        row_major(handles, columns),
        row_major(labels, columns),
        loc="lower center",
        ncols=columns,
        frameon=False,
        fontsize=small,
    )
    return fig
