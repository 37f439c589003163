"""What every chart shares: the CJK font, the rc settings, fixed margins, SVG/PNG output and the memo.

pyplot keeps global state across threads and requests, so the server never imports it: each chart
builds its own ``Figure`` and prints it through the SVG canvas. Text becomes vector paths
(``svg.fonttype = "path"``) so the PDF needs no extra font and looks the same on every machine;
the ids and metadata are fixed so the same data always gives the same bytes (a published PDF must
be reproducible from its stored figures).
"""

from __future__ import annotations

import hashlib
import io
import re
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

Number = int | float | Decimal

_ID = re.compile(r'\b(id)="([^"]+)"')
_REF = re.compile(r'(href="|url\()#([^")]+)')

# Simplified Chinese forms first; the JP face of the same collection must never be picked.
CJK_SANS = ["Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "Microsoft YaHei"]


def _ensure_cjk_font() -> None:
    """Rebuild matplotlib's font list once if it was cached before the CJK fonts were installed.

    matplotlib caches the fonts it found on first use; a machine where set-up installed
    fonts-noto-cjk after that would otherwise draw every Chinese character as an empty box.
    """
    from matplotlib import font_manager

    known = {entry.name for entry in font_manager.fontManager.ttflist}
    if not known.intersection(CJK_SANS):
        font_manager.fontManager = font_manager._load_fontmanager(try_read_cache=False)


_ensure_cjk_font()

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": CJK_SANS,
    "axes.unicode_minus": False,
    "svg.fonttype": "path",
    "svg.hashsalt": "ecoreport",
    "svg.id": "chart",
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.titlesize": 10,
}


def figure(
    width_mm: float, height_mm: float, *, left: float = 16, right: float = 4, top: float = 8, bottom: float = 9
) -> Figure:
    """A figure with fixed margins in millimetres.

    Fixed margins rather than constrained layout: the layout engine measured every tick label
    twice over and took half of each chart's drawing time, and these charts have known contents.
    """
    fig = Figure(figsize=(width_mm / 25.4, height_mm / 25.4))
    fig.subplots_adjust(
        left=left / width_mm, right=1 - right / width_mm, bottom=bottom / height_mm, top=1 - top / height_mm
    )
    return fig


_CACHE: OrderedDict[str, str | bytes] = OrderedDict()
_CACHE_SIZE = 256
_CACHE_LOCK = threading.Lock()
_DRAW_LOCK = threading.Lock()
PNG_DPI = 200


@dataclass(frozen=True)
class Picture:
    """A chart ready to draw: its plot function and plain inputs, drawn on request as SVG or PNG.

    The web page and the PDF take the SVG, the Word file the PNG; both come from the same inputs.
    Drawings are memoised: drawing is pure, and the slow part of a page. The key is the digest of
    the inputs' repr, so any changed value draws anew.
    """

    plot: Callable[..., Figure]
    args: tuple
    kwargs: tuple[tuple[str, object], ...] = ()

    @property
    def svg(self) -> str:
        return self._draw("svg")

    @property
    def png(self) -> bytes:
        return self._draw("png")

    def _draw(self, form: str):
        key = hashlib.sha256(repr((self.plot.__name__, form, self.args, self.kwargs)).encode()).hexdigest()
        with _CACHE_LOCK:
            found = _CACHE.get(key)
            if found is not None:
                _CACHE.move_to_end(key)
                return found
        # rc_context changes matplotlib's process-wide rcParams: two threads drawing at once (a
        # threaded server answering a page's chart requests) would restore each other's fonts
        # mid-drawing and lose the CJK font, so drawing is one at a time.
        with _DRAW_LOCK, matplotlib.rc_context(RC):
            fig = self.plot(*self.args, **dict(self.kwargs))
            found = svg_text(fig) if form == "svg" else png_bytes(fig)
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


def svg_text(fig: Figure) -> str:
    buffer = io.StringIO()
    with matplotlib.rc_context(RC):
        FigureCanvasSVG(fig).print_svg(buffer, metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    # The XML prolog and DOCTYPE would be invalid once the SVG is inlined in HTML.
    text = text[text.index("<svg") :]
    # Inlined next to other charts in one HTML document, every id must be unique there too;
    # a prefix from the content keeps the output deterministic.
    prefix = "c" + hashlib.sha256(text.encode()).hexdigest()[:8] + "-"
    text = _ID.sub(lambda m: f'{m.group(1)}="{prefix}{m.group(2)}"', text)
    return _REF.sub(lambda m: f"{m.group(1)}#{prefix}{m.group(2)}", text)


def png_bytes(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    with matplotlib.rc_context(RC):
        FigureCanvasAgg(fig).print_figure(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    return buffer.getvalue()


def num(value: Number | None) -> float | None:
    return None if value is None else float(value)
