"""The calendar's day cells written to SVG in one pass are the bytes matplotlib writes one by one."""

from __future__ import annotations

import datetime
import re

import pytest

from ecoreport.charts import air, cells, picture, style

DAYS = [
    (datetime.date(2022, 1, 1) + datetime.timedelta(days=i), 1 + i % 6 if i % 11 else None, 20 + 3 * i)
    for i in range(181)
]


def _plain_cells(shapes, urls, **kwargs):
    from matplotlib.collections import PolyCollection

    collection = PolyCollection(shapes, **kwargs)
    collection.set_urls(list(urls))
    return collection


@pytest.mark.parametrize("narrow", [False, True])
def test_the_calendar_is_the_same_svg_as_with_the_plain_collection(monkeypatch, narrow):
    chart = picture(air.plot_aqi_calendar, DAYS, narrow=narrow)
    style.clear_cache()
    fast = chart.web_svg
    monkeypatch.setattr(air, "tipped_cells", _plain_cells)
    style.clear_cache()
    assert chart.web_svg == fast
    # Every day is one anchor with its title, and each cell a path with the clip and its colour.
    assert len(re.findall(r'<a class="tip" data-link="day:2022-\d\d-\d\d"><title>', fast)) == 181
    assert "2022-01-02 AQI 23 良" in fast and "2022-01-12 无有效数据" in fast
    cell = r'<path d="M [^"]*" clip-path="url\(#[^)]+\)" style="fill: #[0-9a-f]{6}; stroke'
    assert len(re.findall(cell, fast)) == 181
    style.clear_cache()


def test_a_collection_it_cannot_write_as_text_is_drawn_the_plain_way():
    from matplotlib.figure import Figure

    shapes = [((0, 0), (1, 0), (1, 1), (0, 1)), ((2, 0), (3, 0), (3, 1), (2, 1))]
    fig = Figure()
    fig.ecoreport_tips = [("一", ""), ("二", "")]
    ax = fig.add_subplot()
    # A hatch is not among what the one-pass writer knows: the backend draws it, urls and all.
    collection = cells.tipped_cells(shapes, ["#tip-0", "#tip-1"], facecolors=["#ff0000", "#00ff00"], hatch="//")
    ax.add_collection(collection)
    svg = style.svg_text(fig)
    assert 'id="TippedCells_1"' in svg.replace(re.search(r'id="(c[0-9a-f]{8}-)', svg).group(1), "")
    assert svg.count('<a class="tip" data-link=""><title>') == 2 and "<title>二</title>" in svg


def test_the_calendar_still_draws_as_png():
    png = picture(air.plot_aqi_calendar, DAYS).png
    assert png.startswith(b"\x89PNG") and len(png) > 10_000


def _plain_bars(ax, x, heights, width, **kwargs):
    return ax.bar(x, heights, width, **kwargs)


@pytest.mark.parametrize(
    ("months", "this_year", "last_year", "narrow"),
    [
        ([(2022, m) for m in range(1, 7)], [35, 30.5, 28, None, 20, 18], [40, 33, 30, 25, None, 19], False),
        ([(2022, m) for m in range(1, 7)], [35, 30.5, 28, None, 20, 18], [40, 33, 30, 25, None, 19], True),
        ([(2021, m) for m in range(1, 13)], [0.1 * m + 7 for m in range(12)], [None] * 12, True),
        ([(2023, 3)], [None], [None], False),
    ],
)
def test_bars_with_their_limits_taken_once_draw_as_plain_bars(monkeypatch, months, this_year, last_year, narrow):
    chart = picture(air.plot_pm25_monthly, months, this_year, last_year, year=months[0][0], target=30, narrow=narrow)
    style.clear_cache()
    fast = chart.web_svg, chart.png
    monkeypatch.setattr(air, "_bars", _plain_bars)
    style.clear_cache()
    assert (chart.web_svg, chart.png) == fast
    style.clear_cache()
