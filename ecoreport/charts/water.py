"""Water pictures: a section's monthly total phosphorus against the GB 3838 class limits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from ecoreport.charts.style import Number, Picture, figure, num, picture
from indicators.standards.water import CLASSES, PARAMETERS, class_label

if TYPE_CHECKING:
    from ecoreport.figures.results import SectionFigures


def tp_class_limits(body: str) -> dict[str, Number]:
    """The TP limit of classes Ⅰ–Ⅴ for a river or a lake (GB 3838 has a column for each)."""
    return dict(zip(CLASSES[:5], PARAMETERS["tp"].limits_for(body), strict=True))


def section_tp_monthly(section: SectionFigures) -> Picture:
    """The section's monthly TP with the class limits of its water body and its target class."""
    return picture(
        plot_section_tp_monthly,
        section.name,
        [month.month for month in section.monthly],
        [month.tp for month in section.monthly],
        tp_class_limits(section.body),
        target_class=section.target,
    )


def plot_section_tp_monthly(
    name: str,
    months: Sequence[int],
    values: Sequence[Number | None],
    class_limits: Mapping[str, Number],
    *,
    target_class: str | None = None,
) -> Figure:
    fig = figure(150, 62)
    ax = fig.add_subplot()
    x = list(range(len(months)))
    points = [(i, num(v)) for i, v in zip(x, values, strict=True) if v is not None]
    ax.plot([p[0] for p in points], [p[1] for p in points], marker="o", color="#1f5fa8", linewidth=1.4, label="总磷")
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
            f"{class_label(key)}类 {limit:g}",
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
    return fig
