"""What every chart shares: the CJK font, the rc settings, fixed margins, SVG/PNG output, hover tips and the memo.

pyplot keeps global state across threads and requests, so the server never imports it: each chart
builds its own ``Figure`` and prints it through the SVG canvas. matplotlib itself is imported on the
first drawing, not with this module: the URLconf and the data commands import the charts package
but most of them never draw.

Text stays text (``svg.fonttype = "none"``) in the faces the page and the PDF are set in (Noto Sans
CJK SC first, as in the site's CSS and the report's 黑体 stand-in): WeasyPrint lays out a few dozen
short strings instead of parsing thousands of glyph outlines, and a browser renders it crisply at
any zoom. The ids and metadata are fixed so the same data always gives the same bytes (a published
PDF must be reproducible from its stored figures).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import os
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

Number = int | float | Decimal

# No ``\b`` in front: a pattern that starts with its literal is searched for far faster (a
# calendar's SVG: 0.1 ms instead of 1.2); an ``id`` that ends a longer name is left alone in ``_prefixed``.
_ID = re.compile(r'id="([^"]+)"')
_WORD = re.compile(r"\w")
_REF = re.compile(r'(href="|url\()#([^")]+)')
_TIP_ANCHOR = re.compile(r'<a xlink:href="#tip-(\d+)" target="_blank">')
_WEB_TIP = re.compile(r'<a class="tip" data-link="([^"]*)">')
_STYLE = re.compile(r'style="([^"]*)"')
# The CSS properties matplotlib writes that SVG also takes as attributes (SVG 1.1 presentation attributes).
_PRESENTATION = frozenset(
    "fill fill-opacity fill-rule stroke stroke-width stroke-opacity stroke-linejoin stroke-linecap stroke-dasharray "
    "stroke-dashoffset stroke-miterlimit opacity font-size font-family font-style font-weight text-anchor".split()
)

# Simplified Chinese forms first; the JP face of the same collection must never be picked.
CJK_SANS = ["Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei"]

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": CJK_SANS,
    "axes.unicode_minus": False,
    "svg.fonttype": "none",
    "svg.hashsalt": "ecoreport",
    "svg.id": "chart",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
    # A fixed title height: matplotlib otherwise measures every tick label to see if the title
    # must clear them, and these charts have no ticks above the plot.
    "axes.titley": 1.0,
}

# The web pages show each chart twice and let CSS pick: the print size for wide screens and a
# narrow one for phones, drawn so that at 390 px no text is under 11 CSS pixels.
WIDE_MM = 150
NARROW_MM = 90


def _ensure_cjk_font() -> None:
    """Rebuild matplotlib's font list once if it was cached before the CJK fonts were installed.

    matplotlib caches the fonts it found on first use; a machine where set-up installed
    fonts-noto-cjk after that would otherwise draw every Chinese character as an empty box.
    """
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if not known.intersection(CJK_SANS):
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)


_font_checked = False


def figure(
    width_mm: float,
    height_mm: float,
    *,
    left: float = 16,
    right: float = 4,
    top: float = 8,
    bottom: float = 9,
    tick_length: float | None = None,
    ticks: tuple[int, int] | None = None,
) -> Figure:
    """A figure with one Axes (``fig.axes[0]``) in fixed margins in millimetres and an empty list
    of hover tips (``tip``).

    Fixed margins rather than constrained layout: the layout engine measured every tick label
    twice over and took half of each chart's drawing time, and these charts have known contents.
    A blank figure of each size is built once and copied from its pickle: an Axes builds its axes,
    spines, titles and first ticks in about twice the time its pickle takes to load. The pickle is
    kept in a file, for the processes after this one. ``tick_length``: ``tick_params(length=…)``
    applied to the blank figure's ticks already (each tick rebuilds its transforms for it);
    ``ticks``: how many ticks the x and y axes will show when the chart knows (each one more to
    load costs a tenth of a millisecond, each one fewer about twice that when the axis makes it).
    """
    import pickle

    fig = pickle.loads(_blank_figure(width_mm, height_mm, left, right, top, bottom, tick_length, ticks))  # noqa: S301 - our own bytes
    fig.ecoreport_tips = []
    return fig


@functools.lru_cache(64)
def _blank_figure(
    width_mm: float,
    height_mm: float,
    left: float,
    right: float,
    top: float,
    bottom: float,
    tick_length: float | None = None,
    ticks: tuple[int, int] | None = None,
) -> bytes:
    """The pickle of a blank figure of this size, kept in a file for the next process too (a fresh
    process would otherwise build one per size before its first chart of that size)."""
    name = f"{width_mm:g}x{height_mm:g}-{left:g}-{right:g}-{top:g}-{bottom:g}"
    name += "" if tick_length is None else f"-t{tick_length:g}"
    name += "" if ticks is None else f"-x{ticks[0]}y{ticks[1]}"
    path = _blank_figures_dir() / f"{name}.pickle"
    with contextlib.suppress(OSError):
        # Only a file this user wrote: loading a pickle runs what it says.
        if path.stat().st_uid == os.getuid():
            return path.read_bytes()
    made = _new_blank_figure(width_mm, height_mm, left, right, top, bottom, tick_length, ticks)
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(f"{path.name}.{os.getpid()}-{threading.get_ident()}")
        partial.write_bytes(made)
        partial.replace(path)  # atomic: another process reads the whole file or none
    return made


def _blank_figures_dir() -> Path:
    """A folder in matplotlib's cache (beside its font list) per matplotlib version, settings and
    this module's code: an upgrade, another matplotlibrc or a change here builds them afresh."""
    import matplotlib

    with matplotlib.rc_context(RC):
        # Read past RcParams' item access: asking for the backend would resolve it (import pyplot),
        # and its unresolved value is an object whose repr changes with every process.
        settings = sorted((name, value) for name, value in dict.items(matplotlib.rcParams) if name != "backend")
    recipe = f"{matplotlib.__version__}|{settings!r}|{Path(__file__).read_bytes()!r}"
    digest = hashlib.sha256(recipe.encode()).hexdigest()[:16]
    return Path(matplotlib.get_cachedir()) / "ecoreport-blank-figures" / digest


def _new_blank_figure(
    width_mm: float,
    height_mm: float,
    left: float,
    right: float,
    top: float,
    bottom: float,
    tick_length: float | None = None,
    ticks: tuple[int, int] | None = None,
) -> bytes:
    import pickle

    import matplotlib
    from matplotlib.figure import Figure

    with matplotlib.rc_context(RC):
        fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
        fig.subplots_adjust(
            left=left / width_mm, right=1 - right / width_mm, bottom=bottom / height_mm, top=1 - top / height_mm
        )
        ax = fig.add_subplot()
        # The ticks too: each is five artists, and an axis makes them one by one as it needs them.
        x_ticks, y_ticks = ticks or (_TICKS, _TICKS)
        ax.xaxis.get_major_ticks(x_ticks)
        ax.yaxis.get_major_ticks(y_ticks)
        if tick_length is not None:
            ax.tick_params(length=tick_length)
        return pickle.dumps(fig)


_TICKS = 10


def tip(fig: Figure, title: str, link: str = "") -> str:
    """A placeholder url for one element of ``fig``: the element's hover ``title`` and link key.

    Give it to ``artist.set_url`` (or one per element to ``collection.set_urls``): matplotlib's SVG
    backend wraps the element in ``<a xlink:href=…>``, which ``svg_text`` rewrites into an anchor
    without a target holding a ``<title>`` (the tooltip) and ``data-link`` (what ``link`` turns
    into the dashboard's URL). ``link`` keys: ``day:2022-06-03``, ``month:2022-03``, ``tasks:…``.
    """
    fig.ecoreport_tips.append((title, link))
    return f"#tip-{len(fig.ecoreport_tips) - 1}"


def row_major(items: list, columns: int) -> list:
    """``items`` ordered so that a legend of ``columns`` columns reads them row by row.

    matplotlib fills a legend's columns top to bottom, the fuller columns first; on a phone the
    legend wraps onto a second row, which should read on from the first.
    """
    rows = -(-len(items) // columns)
    return [items[r * columns + c] for c in range(columns) for r in range(rows) if r * columns + c < len(items)]


_CACHE: OrderedDict[str, str | bytes] = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()
_DRAW_LOCK = threading.Lock()
PNG_DPI = 200


@dataclass(frozen=True)
class Picture:
    """A chart ready to draw: its plot function and plain inputs, drawn on request as SVG or PNG.

    The PDF and the chart URLs take ``svg``, the dashboard pages ``web_svg`` (the same drawing
    with its hover tips as inert anchors, for ``link``), the Word file ``png``; all come from the
    same inputs. ``narrow`` is the same picture laid out for a phone. Drawings are memoised:
    drawing is pure, and the slow part of a page. The key is the digest of the inputs' repr, so
    any changed value draws anew.
    """

    plot: Callable[..., Figure]
    args: tuple
    kwargs: tuple[tuple[str, object], ...] = ()

    @property
    def svg(self) -> str:
        return for_print(self._draw("svg"))

    @property
    def web_svg(self) -> str:
        return self._draw("svg")

    @property
    def png(self) -> bytes:
        return self._draw("png")

    @property
    def narrow(self) -> Picture:
        return Picture(self.plot, self.args, tuple(sorted({**dict(self.kwargs), "narrow": True}.items())))

    def _draw(self, form: str):
        key = hashlib.sha256(repr((self.plot.__name__, form, self.args, self.kwargs)).encode()).hexdigest()
        with _CACHE_LOCK:
            found = _CACHE.get(key)
            if found is not None:
                _CACHE.move_to_end(key)
                return found
        import matplotlib

        global _font_checked
        # rc_context changes matplotlib's process-wide rcParams: two threads drawing at once (a
        # threaded server answering a page's chart requests) would restore each other's fonts
        # mid-drawing and lose the CJK font, so drawing is one at a time.
        with _DRAW_LOCK, matplotlib.rc_context(RC):
            if not _font_checked:
                _ensure_cjk_font()
                _font_checked = True
            fig = self.plot(*self.args, **dict(self.kwargs))
            found = svg_text(fig, styled=True) if form == "svg" else png_bytes(fig, styled=True)
        with _CACHE_LOCK:
            _CACHE[key] = found
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        return found


def picture(plot: Callable[..., Figure], *args, **kwargs) -> Picture:
    return Picture(plot, args, tuple(sorted(kwargs.items())))


def clear_cache() -> None:
    """Forget drawn charts (benchmarks use it to time the cold path)."""
    with _CACHE_LOCK:
        _CACHE.clear()


@functools.cache
def _measuring_renderer() -> type:
    """An SVG renderer whose text measurements outlive it.

    matplotlib keeps text metrics per renderer, and every drawing has a new one, so each chart
    measured its tick labels, titles and legend entries afresh: a glyph-by-glyph layout in the
    CJK font (the bulk of a chart's text cost) and, for every text, the font's line-height tables.
    The SVG renderer measures with the font's outlines alone (no dpi, no hinting, no state of its
    own), so the same string in the same font always measures the same and the numbers are kept
    for the process: a cold chart measures only the strings no chart has measured before.
    """
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.font_manager import fontManager, get_font
    from matplotlib.textpath import TextToPath

    text_to_path = TextToPath()

    @functools.lru_cache(4096)
    def text_metrics(s: str, prop, ismath) -> tuple[float, float, float]:
        return text_to_path.get_text_width_height_descent(s, prop, ismath)

    @functools.lru_cache(256)
    def height_metrics(prop) -> tuple[float | None, float | None, float | None]:
        # As matplotlib.text.Text._get_layout computes them, at the SVG canvas's 72 dpi.
        font = get_font(fontManager._find_fonts_by_props(prop))
        dpi = 72
        for table_name, gap_key, ascent_key, descent_key in (
            ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
            ("hhea", "lineGap", "ascent", "descent"),
        ):
            table = font.get_sfnt_table(table_name)
            if table is None:
                continue
            scale = 1 / font.get_sfnt_table("head")["unitsPerEm"] * prop.get_size_in_points() * dpi / 72
            return table[ascent_key] * scale, -table[descent_key] * scale, table[gap_key] * scale
        return None, None, None

    class MeasuringRendererSVG(RendererSVG):
        def get_text_width_height_descent(self, s, prop, ismath):
            if ismath == "TeX":
                return super().get_text_width_height_descent(s, prop, ismath)
            # A copy: FontProperties are mutable and hash by their current state.
            return text_metrics(s, prop.copy(), ismath)

        def _get_font_height_metrics(self, prop):
            return height_metrics(prop.copy())

    return MeasuringRendererSVG


def _print_svg(fig: Figure, buffer: io.StringIO) -> None:
    """What ``FigureCanvasSVG.print_svg`` does, with fixed metadata and the measuring renderer."""
    from matplotlib.backends.backend_mixed import MixedModeRenderer
    from matplotlib.backends.backend_svg import FigureCanvasSVG

    FigureCanvasSVG(fig)
    dpi = fig.dpi
    fig.dpi = 72
    width, height = fig.get_size_inches()
    svg = _measuring_renderer()(
        width * 72, height * 72, buffer, image_dpi=dpi, metadata={"Date": None, "Creator": None}
    )
    renderer = MixedModeRenderer(fig, width, height, dpi, svg)
    fig.draw(renderer)
    renderer.finalize()


def svg_text(fig: Figure, *, styled: bool = False) -> str:
    """The figure as inline-safe SVG, its tips as ``<a class="tip" data-link=…><title>…</title>…</a>``.

    ``styled``: the caller already holds ``rc_context(RC)`` (restoring the rc settings costs about
    a millisecond)."""
    import matplotlib

    buffer = io.StringIO()
    with contextlib.nullcontext() if styled else matplotlib.rc_context(RC):
        _print_svg(fig, buffer)
    text = buffer.getvalue()
    # The XML prolog and DOCTYPE would be invalid once the SVG is inlined in HTML.
    text = text[text.index("<svg") :]
    tips = getattr(fig, "ecoreport_tips", [])

    def anchor(match: re.Match) -> str:
        title, link = tips[int(match.group(1))]
        return f'<a class="tip" data-link="{escape(link)}"><title>{escape(title, quote=False)}</title>'

    text = _TIP_ANCHOR.sub(anchor, text)
    # Inlined next to other charts in one HTML document, every id must be unique there too;
    # a prefix from the content keeps the output deterministic.
    prefix = "c" + hashlib.sha256(text.encode()).hexdigest()[:8] + "-"

    def prefixed(match: re.Match) -> str:
        start = match.start()
        if start and _WORD.match(text, start - 1):
            return match.group(0)
        return f'id="{prefix}{match.group(1)}"'

    text = _ID.sub(prefixed, text)
    return _REF.sub(lambda m: f"{m.group(1)}#{prefix}{m.group(2)}", text)


def _attributes(match: re.Match) -> str:
    declarations = [part.split(":", 1) for part in match.group(1).split(";") if part.strip()]
    if not all(len(pair) == 2 and pair[0].strip() in _PRESENTATION for pair in declarations):
        return match.group(0)
    return " ".join(f'{name.strip()}="{value.strip()}"' for name, value in declarations)


def for_print(svg: str) -> str:
    """The SVG the PDF and the chart URLs take: tips as plain groups, styles as attributes.

    WeasyPrint would lay out an ``<a>``'s shapes as text and lose them; only tips make anchors in
    these charts, and they never nest, so every ``</a>`` closes one. Each ``style`` attribute would
    go through WeasyPrint's CSS parser, one element at a time; the same declarations as SVG
    presentation attributes are read as they are, and draw the same.
    """
    svg = svg.replace('<a class="tip" ', '<g class="tip" ').replace("</a>", "</g>")
    return _STYLE.sub(_attributes, svg)


def link(web_svg: str, url_for: Callable[[str], str | None]) -> str:
    """``web_svg`` with each tip's link key turned into its URL by ``url_for`` (None: no link)."""

    def anchor(match: re.Match) -> str:
        url = url_for(unescape(match.group(1))) if match.group(1) else None
        return f'<a class="tip" href="{escape(url)}">' if url else '<a class="tip">'

    return _WEB_TIP.sub(anchor, web_svg)


def png_bytes(fig: Figure, *, styled: bool = False) -> bytes:
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buffer = io.BytesIO()
    with contextlib.nullcontext() if styled else matplotlib.rc_context(RC):
        FigureCanvasAgg(fig).print_figure(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def num(value: Number | None) -> float | None:
    return None if value is None else float(value)
