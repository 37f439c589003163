"""Charts: matplotlib's Figure API into deterministic, inline-safe SVG with the Chinese text as text."""

from __future__ import annotations

import datetime
import inspect
import re

from ecoreport import charts
from ecoreport.charts import air, picture, style, water, work
from indicators.standards.aqi import CATEGORIES

MONTHS = [(2022, month) for month in range(1, 7)]


def test_no_chart_module_uses_pyplot():
    for module in (charts, style, air, water, work):
        source = inspect.getsource(module)
        assert not re.search(
            r"^\s*(import matplotlib\.pyplot|from matplotlib import .*pyplot|from matplotlib\.pyplot)", source, re.M
        )
        assert "matplotlib.pyplot" not in source
    assert "from matplotlib.figure import Figure" in inspect.getsource(style)


def _pm25(first_month: int, previous_may: int | None = None):
    return picture(
        air.plot_pm25_monthly,
        MONTHS,
        [first_month, 30, 28, 22, 20, 18],
        [40, 33, 30, 25, previous_may, 19],
        year=2022,
        target=30,
    )


def test_the_same_data_gives_the_same_svg_and_png_bytes_when_drawn_again():
    first_svg, first_png = _pm25(35).svg, _pm25(35).png
    charts.clear_cache()
    assert _pm25(35).svg == first_svg
    assert _pm25(35).png == first_png
    assert _pm25(36).svg != first_svg
    assert first_svg.startswith("<svg")
    assert first_png.startswith(b"\x89PNG")


def test_two_charts_share_no_element_id():
    one = _pm25(35, previous_may=21).svg
    two = picture(work.plot_ledger_status, [("大气", {"closed": 2, "in_progress": 5}), ("水", {"behind": 1})]).svg
    ids_one = set(re.findall(r'\bid="([^"]+)"', one))
    ids_two = set(re.findall(r'\bid="([^"]+)"', two))
    assert ids_one and ids_two
    assert not ids_one & ids_two


def test_the_calendar_colours_each_day_by_its_category_from_the_standard():
    days = [
        (datetime.date(2022, 1, 1) + datetime.timedelta(days=i), level, aqi)
        for i, (level, aqi) in enumerate([(1, 40), (2, 80), (3, 120), (5, 250)])
    ]
    svg = picture(air.plot_aqi_calendar, days).svg.lower()
    colours = {category.level: category.color for category in CATEGORIES}
    for level in (1, 2, 3, 5):
        assert colours[level] in svg
    assert colours[4] not in svg  # no 中度污染 day, so neither its colour nor its legend


def test_the_tp_chart_draws_the_lake_limits_up_to_above_the_data():
    limits = water.tp_class_limits("lake")
    assert [float(limits[key]) for key in ("I", "II", "III", "IV", "V")] == [0.01, 0.025, 0.05, 0.1, 0.2]
    svg = picture(
        water.plot_section_tp_monthly,
        "星子",
        MONTHS,
        [0.05, 0.06, 0.055, None, 0.048, 0.052],
        limits,
        target_class="IV",
    ).svg
    # The target class line is drawn solid red; lines far above the data (Ⅴ 0.2) are left out.
    assert "#c62828" in svg
    assert svg.count("stroke-dasharray") >= 2


def test_charts_drawn_in_parallel_threads_keep_the_chinese_font():
    import threading
    import warnings

    charts.clear_cache()
    failures: list[str] = []
    drawn: list[str | bytes] = []

    def draw(n: int) -> None:
        try:
            for k in range(3):
                chart = picture(work.plot_ledger_status, [(f"领域{n}-{k}", {"closed": n, "in_progress": k})])
                drawn.extend([chart.svg, chart.png])
        except UserWarning as warning:  # "Glyph … missing from font(s) DejaVu Sans"
            failures.append(str(warning))

    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        threads = [threading.Thread(target=draw, args=(n,)) for n in range(1, 7)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert failures == []
    assert len(drawn) == 36
