"""Chart layout: no label over a point, text as text in the page's face, legible on a phone,
and matplotlib imported only by a drawing."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from ecoreport import charts
from ecoreport.charts import air, picture, style, water, work
from ecoreport.figures.compute import compute_figures

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
MONTHS = [(2022, month) for month in range(1, 7)]
PHONE_CHART_PX = 356  # a 390 px screen less the page's and the chart box's padding and border
MIN_PX = 11


def _drawn(plot, *args, **kwargs):
    """The matplotlib figure as drawn, with its renderer (for bounding boxes in display pixels)."""
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    with matplotlib.rc_context(style.RC):
        fig = plot(*args, **kwargs)
        canvas = FigureCanvasAgg(fig)
        canvas.draw()
    return fig, canvas.get_renderer()


def _class_labels_cover_no_point(fig, renderer) -> list[str]:
    ax = fig.axes[0]
    labels = [text for text in ax.texts if "类" in text.get_text()]
    assert labels, "the class limit lines are labelled"
    radius = 3 * fig.dpi / 72  # the dots are 6 pt across
    points = ax.transData.transform(ax.collections[0].get_offsets())
    covered = []
    for label in labels:
        box = label.get_window_extent(renderer).expanded(1.0, 1.0)
        for x, y in points:
            if box.x0 - radius < x < box.x1 + radius and box.y0 - radius < y < box.y1 + radius:
                covered.append(label.get_text())
    return covered


@pytest.mark.parametrize("narrow", [False, True], ids=["wide", "narrow"])
def test_no_class_label_covers_a_point_on_the_demo_sections(demo_org, narrow):
    figures = compute_figures(demo_org, *H1)
    xingzi = next(s for s in figures.water.sections if s.code == "360483-XZ")
    # The case: June's TP sits just above the Ⅲ类 0.05 line, where its label used to be.
    assert 0.05 <= float(xingzi.monthly[5].tp) < 0.055
    for section in figures.water.sections:
        pic = charts.section_tp_monthly(section)
        fig, renderer = _drawn(pic.plot, *pic.args, **dict(pic.kwargs), narrow=narrow)
        assert _class_labels_cover_no_point(fig, renderer) == [], section.name


def test_no_class_label_covers_a_point_on_every_line_nor_each_other():
    # A point on every limit (lake: 0.01, 0.025, 0.05 …), in the last month too.
    values = [0.01, 0.025, 0.05, 0.03, 0.026, 0.05]
    fig, renderer = _drawn(water.plot_section_tp_monthly, "星子", MONTHS, values, water.tp_class_limits("lake"))
    assert _class_labels_cover_no_point(fig, renderer) == []
    boxes = [t.get_window_extent(renderer) for t in fig.axes[0].texts if "类" in t.get_text()]
    assert len(boxes) == 4  # Ⅰ–Ⅳ: Ⅳ 0.1 is the first line well above the data
    for one, two in zip(boxes, boxes[1:], strict=False):
        assert not one.overlaps(two)
    # Outside the plot area, to its right, and inside the figure.
    plot_area = fig.axes[0].get_window_extent(renderer)
    for box in boxes:
        assert box.x0 > plot_area.x1 and box.x1 < fig.bbox.x1


def test_the_pm25_legend_covers_no_bar_on_the_demo(demo_org):
    pic = charts.pm25_monthly(compute_figures(demo_org, *H1))
    for narrow in (False, True):
        fig, renderer = _drawn(pic.plot, *pic.args, **dict(pic.kwargs), narrow=narrow)
        legend = (fig.axes[0].get_legend() or fig.legends[0]).get_window_extent(renderer)
        for bar in fig.axes[0].patches:
            assert not legend.overlaps(bar.get_window_extent(renderer))


def _font_sizes(svg: str) -> list[float]:
    # A style declaration (the page's SVG) or a presentation attribute (the print SVG).
    return [float(size) for size in re.findall(r'font-size(?:: |=")([\d.]+)px', svg)]


def test_text_is_text_in_the_pages_face_and_no_glyph_outline_is_drawn(demo_org):
    figures = compute_figures(demo_org, *H1)
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    page_face = re.search(r'body \{[^}]*font-family: "([^"]+)"', css).group(1)
    for pic, title in [
        (charts.pm25_monthly(figures), "PM2.5月均浓度同比"),
        (charts.aqi_calendar(figures), "逐日空气质量等级"),
        (charts.ledger_status(figures), "工作台账分领域进展"),
    ]:
        svg = pic.svg
        assert f">{title}</text>" in svg
        assert re.search(rf"""font-family="'{page_face}'""", svg)
        assert re.search(rf"font-family: '{page_face}'", pic.web_svg)
        assert not re.search(r'id="[^"]*(NotoSans|DejaVu)', svg)  # glyph outlines of the path mode
        assert len(re.findall(r"<text\b", svg)) >= 10
    assert ">6月</text>" in charts.aqi_calendar(figures).svg


@pytest.mark.parametrize(
    "plot, args",
    [
        (air.plot_pm25_monthly, (MONTHS, [48, 39, 26, 21, 17, 11], [54, 46, 37, 22, 16, 11])),
        (
            air.plot_aqi_calendar,
            ([(datetime.date(2022, 1, 1) + datetime.timedelta(d), 1 + d % 6, 20 + d) for d in range(181)],),
        ),
        (
            water.plot_section_tp_monthly,
            ("星子", MONTHS, [0.057, 0.051, 0.053, 0.051, 0.055, 0.051], water.tp_class_limits("lake")),
        ),
        (work.plot_ledger_status, ([("深入打好污染防治攻坚战", {"closed": 1, "in_progress": 13, "behind": 2})],)),
    ],
)
def test_the_narrow_layout_has_no_text_under_11_px_on_a_phone(plot, args):
    kwargs = {"year": 2022, "target": 30} if plot is air.plot_pm25_monthly else {}
    wide = picture(plot, *args, **kwargs)
    narrow = wide.narrow.svg
    width_pt = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', narrow).group(1))
    assert width_pt == pytest.approx(style.NARROW_MM / 25.4 * 72, abs=0.1)
    smallest = min(_font_sizes(narrow)) * PHONE_CHART_PX / width_pt
    assert smallest >= MIN_PX
    # The print layout keeps its sizes: at phone width it was the 6 px of the issue.
    wide_width = float(re.search(r'<svg[^>]* width="([\d.]+)pt"', wide.svg).group(1))
    assert min(_font_sizes(wide.svg)) * PHONE_CHART_PX / wide_width < 7


def test_charts_import_matplotlib_only_to_draw():
    code = (
        "import sys, django; django.setup(); import ecoreport.urls, ecoreport.charts, ecoreport.reports.build;"
        "print('matplotlib' in sys.modules)"
    )
    env_script = [sys.executable, "-c", code]
    result = subprocess.run(
        env_script,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "ecoreport.settings"},
    )
    assert result.stdout.strip() == "False"
    drawn = subprocess.run(
        [
            sys.executable,
            "-c",
            code.replace(
                "print(",
                "from ecoreport.charts import air, picture;"
                "picture(air.plot_pm25_monthly, [(2022, 1)], [30], [31], year=2022).svg; print(",
            ),
        ],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=True,
        env={**__import__("os").environ, "DJANGO_SETTINGS_MODULE": "ecoreport.settings"},
    )
    assert drawn.stdout.strip() == "True"
