"""Blank figures are kept in a file, so a fresh process reads them instead of building them."""

from __future__ import annotations

import os

import matplotlib
import pytest

from ecoreport import charts
from ecoreport.charts import air, picture, style

SIZE = (150, 72, 16, 4, 8, 9, None, None)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """matplotlib's cache folder in tmp_path, and no blank figure known to this process."""
    monkeypatch.setattr(matplotlib, "get_cachedir", lambda: str(tmp_path))
    style._blank_figure.cache_clear()
    charts.clear_cache()
    yield tmp_path
    style._blank_figure.cache_clear()
    charts.clear_cache()


def _built(monkeypatch) -> list[tuple]:
    built: list[tuple] = []
    new = style._new_blank_figure

    def counted(*size):
        built.append(size)
        return new(*size)

    monkeypatch.setattr(style, "_new_blank_figure", counted)
    return built


def test_a_blank_figure_built_once_is_read_from_its_file_by_the_next_process(cache_dir, monkeypatch):
    built = _built(monkeypatch)
    first = style._blank_figure(*SIZE)
    assert built == [SIZE]
    assert [path.name for path in cache_dir.glob("ecoreport-blank-figures/*/*")] == ["150x72-16-4-8-9.pickle"]
    style._blank_figure.cache_clear()  # as a new process starts
    assert style._blank_figure(*SIZE) == first
    assert built == [SIZE]


def test_a_file_another_user_wrote_is_not_loaded(cache_dir, monkeypatch):
    style._blank_figure(*SIZE)
    style._blank_figure.cache_clear()
    built = _built(monkeypatch)
    monkeypatch.setattr(os, "getuid", lambda: os.geteuid() + 1)
    style._blank_figure(*SIZE)
    assert built == [SIZE]


def test_other_settings_keep_their_blank_figures_apart(cache_dir):
    style._blank_figure(*SIZE)
    first = style._blank_figures_dir()
    with matplotlib.rc_context({"axes.linewidth": 2}):
        assert style._blank_figures_dir() != first
    assert style._blank_figures_dir() == first


def test_a_chart_drawn_from_a_blank_figure_read_back_is_the_same_bytes(cache_dir):
    def pm25():
        months = [(2022, month) for month in range(1, 7)]
        return picture(air.plot_pm25_monthly, months, [35, 30, 28, 22, 20, 18], [40] * 6, year=2022)

    drawn = pm25().svg, pm25().png
    assert list(cache_dir.glob("ecoreport-blank-figures/*/*.pickle"))
    style._blank_figure.cache_clear()
    charts.clear_cache()
    assert (pm25().svg, pm25().png) == drawn


def test_a_blank_figure_with_its_tick_length_set_draws_as_one_set_after_loading(cache_dir):
    def drawn(fig) -> tuple[str, bytes]:
        ax = fig.axes[0]
        ax.set_xlim(0.4, 31.6)
        ax.set_yticks(range(3), ["1月", "2月", "3月"])
        ax.set_xticks([1, 5, 10, 15, 20, 25, 31])
        return style.svg_text(fig), style.png_bytes(fig)

    with matplotlib.rc_context(style.RC):
        later = style.figure(150, 45, left=11, bottom=15)
        later.axes[0].tick_params(length=0)
        baked = style.figure(150, 45, left=11, bottom=15, tick_length=0, ticks=(7, 3))
    assert [path.name for path in sorted(cache_dir.glob("ecoreport-blank-figures/*/*"))] == [
        "150x45-11-4-8-15-t0-x7y3.pickle",
        "150x45-11-4-8-15.pickle",
    ]
    assert (len(baked.axes[0].xaxis.majorTicks), len(baked.axes[0].yaxis.majorTicks)) == (7, 3)
    assert baked.axes[0].xaxis.get_major_ticks()[0].tick1line.get_markersize() == 0
    assert drawn(baked) == drawn(later)


def test_a_blank_figure_with_fewer_ticks_than_its_chart_shows_draws_the_same(cache_dir):
    def drawn(ticks) -> tuple[str, bytes]:
        with matplotlib.rc_context(style.RC):
            fig = style.figure(150, 72, ticks=ticks)
            fig.axes[0].set_xticks(range(12), [f"{m}月" for m in range(1, 13)])
            fig.axes[0].set_ylim(0, 70)
            return style.svg_text(fig), style.png_bytes(fig)

    assert drawn((2, 2)) == drawn((12, 9)) == drawn(None)
