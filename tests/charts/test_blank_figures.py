"""Blank figures are kept in a file, so a fresh process reads them instead of building them."""

from __future__ import annotations

import os

import matplotlib
import pytest

from ecoreport import charts
from ecoreport.charts import air, picture, style

SIZE = (150, 72, 16, 4, 8, 9)


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
