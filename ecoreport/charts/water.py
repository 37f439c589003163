"""Water pictures: a section's monthly total phosphorus against the GB 3838 class limits."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ecoreport.charts.style import NARROW_MM, WIDE_MM, Number, Picture, figure, num, picture, tip
from indicators.standards.water import CLASSES, PARAMETERS, class_label

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ecoreport.figures.results import SectionFigures


def tp_class_limits(body: str) -> dict[str, Number]:
    """The TP limit of classes Ⅰ–Ⅴ for a river or a lake (GB 3838 has a column for each)."""
    return dict(zip(CLASSES[:5], PARAMETERS["tp"].limits_for(body), strict=True))


def section_tp_monthly(section: SectionFigures) -> Picture:
    """The section's monthly TP with the class limits of its water body and its target class."""
    return picture(
        plot_section_tp_monthly,
        section.name,
        [(month.year, month.month) for month in section.monthly],
        [month.tp for month in section.monthly],
        tp_class_limits(section.body),
        target_class=section.target,
    )


def _spread(positions: list[float], gap: float) -> list[float]:
    """``positions`` (ascending) moved up just enough that neighbours are ``gap`` apart."""
    placed: list[float] = []
    for position in positions:
        placed.append(max(position, placed[-1] + gap) if placed else position)
    return placed


def plot_section_tp_monthly(
    name: str,
    months: Sequence[tuple[int, int]],
    values: Sequence[Number | None],
    class_limits: Mapping[str, Number],
    *,
    target_class: str | None = None,
    narrow: bool = False,
) -> Figure:
    """Monthly TP as points with their values; the class limit lines are labelled in the right margin,
    outside the plot area, so that no label ever covers a point."""
    small = 9 if narrow else 6.5
    width, height = (NARROW_MM, 66) if narrow else (WIDE_MM, 62)
    fig = figure(width, height, left=14 if narrow else 16, right=19 if narrow else 14)
    ax = fig.axes[0]
    x = list(range(len(months)))
    points = [(i, num(v), ym) for i, v, ym in zip(x, values, months, strict=True) if v is not None]
    ax.plot([p[0] for p in points], [p[1] for p in points], color="#1f5fa8", linewidth=1.4, label="总磷")
    dots = ax.scatter([p[0] for p in points], [p[1] for p in points], s=36, color="#1f5fa8", zorder=3)
    dots.set_urls([tip(fig, f"{y}年{m}月 总磷 {v:.3f} mg/L", f"month:{y:04d}-{m:02d}") for _, v, (y, m) in points])
    # A phone has no room for twelve values side by side; the hover tip still gives each.
    for i, v, _ in points if not narrow or len(months) <= 6 else ():
        ax.annotate(f"{v:.3f}", (i, v), textcoords="offset points", xytext=(0, 4), ha="center", fontsize=small)
    highest = max([p[1] for p in points], default=0)
    lines: list[tuple[str, float]] = []
    for key, limit in class_limits.items():
        lines.append((key, float(limit)))
        if float(limit) > highest * 1.3:
            break
    top = max(highest, max((limit for _, limit in lines), default=0)) * 1.15 or 0.1
    ax.set_ylim(0, top)
    ax.set_xlim(-0.5, len(months) - 0.5)
    # Label heights in axes fractions: the plot area's height in points is known from the margins.
    axes_height_pt = fig.get_figheight() * 72 * (fig.subplotpars.top - fig.subplotpars.bottom)
    placed = _spread([limit / top for _, limit in lines], small * 1.25 / axes_height_pt)
    for (key, limit), y_axes in zip(lines, placed, strict=True):
        style = "-" if key == target_class else ":"
        colour = "#c62828" if key == target_class else "#757575"
        ax.axhline(limit, color=colour, linestyle=style, linewidth=0.9)
        ax.text(
            1.015,
            y_axes,
            f"{class_label(key)}类 {limit:g}",
            transform=ax.transAxes,
            ha="left",
            va="center",
            fontsize=small,
            color=colour,
            clip_on=False,
        )
    step = 2 if narrow and len(months) > 6 else 1
    ax.set_xticks(x[::step], [f"{m}月" for _, m in months][::step])
    ax.set_ylabel("总磷（mg/L）")
    ax.set_title(f"{name}断面总磷月均浓度", fontsize=10)
    return fig
