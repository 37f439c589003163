"""Many filled shapes, each with its own hover tip, written to SVG in one pass.

matplotlib's SVG backend draws a collection with a url per element one element at a time: a
graphics context, colour conversions, a style string and a path conversion for each, and for the
AQI calendar's 181 days that was a third of the chart's drawing time. ``tipped_cells`` makes a
``PolyCollection`` that, on the SVG canvas, converts every shape's outline in one call, works out a
style per face colour and writes the same elements (``<a xlink:href=…>``, the ``<path>`` with its
clip and style) as text: the bytes are the backend's own. Any other canvas (PNG for Word) draws it
as the plain collection it is.

It supports what the charts use: one edge colour, width and line style, face colours without a
colormap, no hatch, no path effects, no offsets (all zero); anything else is drawn the slow way.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence


def tipped_cells(shapes: Sequence[Sequence[tuple[float, float]]], urls: Sequence[str], **kwargs):
    """A ``PolyCollection`` of ``shapes`` (corner lists in data coordinates), each with its url."""
    collection = _cells_class()(shapes, **kwargs)
    collection.set_urls(list(urls))
    return collection


@functools.cache
def _cells_class() -> type:
    from matplotlib import _path
    from matplotlib.backends.backend_svg import RendererSVG
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import to_rgba
    from matplotlib.path import Path

    class TippedCells(PolyCollection):
        def draw(self, renderer) -> None:
            svg = getattr(renderer, "_renderer", renderer)
            if not (isinstance(svg, RendererSVG) and self._drawn_simply()):
                super().draw(renderer)
                return
            # The group's name stays the plain collection's, as the slow way writes it.
            renderer.open_group("PolyCollection", self.get_gid())
            gc = renderer.new_gc()
            self._set_gc_clip(gc)
            clip = svg._get_clip_attrs(gc)
            gc.set_linewidth(self.get_linewidths()[0])
            gc.set_dashes(*self.get_linestyles()[0])
            gc.set_foreground(to_rgba(self.get_edgecolors()[0]), isRGBA=True)
            styles: dict[tuple, str] = {}
            for face in map(tuple, self.get_facecolors()):
                if face not in styles:
                    styles[face] = svg._get_style(gc, face)
            gc.restore()
            writer = svg.writer
            text = _outlines(svg, self)
            clip_attr = "".join(f' {name}="{value}"' for name, value in clip.items())
            # Written as the backend's XML writer would: one level in for the anchor, two for the path.
            depth = len(writer._XMLWriter__tags)
            a_indent, path_indent = " " * depth, " " * (depth + 1)
            parts = []
            for outline, face, url in zip(text, map(tuple, self.get_facecolors()), self.get_urls(), strict=True):
                parts.append(f'{a_indent}<a xlink:href="{url}" target="_blank">\n')
                parts.append(f'{path_indent}<path d="{outline}"{clip_attr} style="{styles[face]}"/>\n')
                parts.append(f"{a_indent}</a>\n")
            # The group's start tag is still open in the writer: close it, then the rest as text.
            writer._XMLWriter__flush()
            writer._XMLWriter__write("".join(parts))
            renderer.close_group("PolyCollection")
            self.stale = False

        def _drawn_simply(self) -> bool:
            urls = self.get_urls()
            return (
                self.get_visible()
                and len(self._paths) > 0
                and len(urls) == len(self._paths)
                and all(urls)
                and not any(char in url for url in urls for char in '"&<>')
                and len(self.get_facecolors()) == len(self._paths)
                and len(self.get_edgecolors()) == 1
                and len(self.get_linewidths()) == 1
                and len(self.get_linestyles()) == 1
                and self.get_array() is None
                and not self._hatch
                and not self.get_path_effects()
                and self.get_sketch_params() is None
                and not self.get_offsets().any()
                and len(self.get_transforms()) == 0
                and self.get_alpha() is None
            )

    def _outlines(svg: RendererSVG, collection: PolyCollection) -> list[str]:
        """Each shape's ``d`` attribute, all shapes converted by one call."""
        transform = svg._make_flip_transform(collection.get_transform().frozen())
        compound = Path.make_compound_path(*collection.get_paths())
        data = _path.convert_to_string(
            compound, transform, None, False, None, 6, [b"M", b"L", b"Q", b"C", b"z"], False
        ).decode("ascii")
        return ["M " + part for part in data.split("M ")[1:]]

    return TippedCells
