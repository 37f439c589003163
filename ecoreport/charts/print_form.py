"""The print form of a chart's SVG: the same drawing in a third of the SVG elements, for WeasyPrint.

WeasyPrint draws an SVG element by element, and pays per element (a graphics state, the cascade of
its attributes, and its clip path drawn again for every element that has one): a matplotlib SVG
spends most of its elements on structure that draws nothing. The print form keeps everything that
is drawn, in the same order and painted the same way, and drops the rest:

- the ``<metadata>`` and every tip's ``<title>`` (an image in a PDF has no hover);
- every ``<g>`` that carries nothing but ``id``, ``class`` or ``data-link`` (matplotlib's artist
  wrappers, the tips' groups): its children take its place;
- a ``<use>`` of a path in ``<defs>`` (tick marks, point markers) becomes that path, moved by the
  use's x and y;
- a ``<g clip-path=…>`` around one element gives that element its clip, and consecutive elements
  clipped by the same path go under one ``<g clip-path=…>``: the clip is drawn once for them
  instead of once each.

Paths are not merged into fewer paths: a PDF viewer antialiases a fill of many rectangles
differently from one rectangle each, and the chart would no longer look the same.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html import escape

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK}}}href"
_REFERENCE = re.compile(r'(?:href="|url\()#([^")]+)')
_WRAPPER_ATTRIBUTES = frozenset(("id", "class", "data-link"))
# What matplotlib writes in a path: absolute commands and numbers, apart.
_COMMANDS = frozenset("MLCQZz")
# rotate(-0 x y): matplotlib's transform of every horizontal text, which moves nothing.
_NO_ROTATION = re.compile(r"rotate\(-?0 [-0-9.e]+ [-0-9.e]+\)")


def print_form(svg: str) -> str:
    """``svg`` (one chart, as ``Picture.svg`` gives it) in fewer elements, drawing the same."""
    root = ET.fromstring(svg)
    definitions = {
        element.get("id"): element
        for defs in root.iter(f"{SVG}defs")
        for element in defs
        if element.tag == f"{SVG}path" and element.get("id")
    }
    _simplify(root, set(_REFERENCE.findall(svg)), definitions)
    root.set("xmlns", SVG[1:-1])
    root.set("xmlns:xlink", XLINK)
    out: list[str] = []
    _write(root, out)
    return "".join(out)


def _simplify(parent: ET.Element, referenced: set[str], definitions: dict[str, ET.Element]) -> None:
    children: list[ET.Element] = []
    for child in parent:
        tag = child.tag
        if tag in (f"{SVG}metadata", f"{SVG}title"):
            continue
        if tag == f"{SVG}use":
            child = _inlined(child, definitions)
        elif tag != f"{SVG}defs":
            _simplify(child, referenced, definitions)
        if tag == f"{SVG}g" and _WRAPPER_ATTRIBUTES.issuperset(child.attrib) and child.get("id") not in referenced:
            children.extend(child)
        elif tag == f"{SVG}g" and set(child.attrib) == {"clip-path"} and _takes_clip(child):
            # A clip around one element is that element's clip (matplotlib's markers of a collection).
            child[0].set("clip-path", child.get("clip-path"))
            children.append(child[0])
        else:
            children.append(child)
    parent[:] = _clipped_together(children)


def _takes_clip(group: ET.Element) -> bool:
    return len(group) == 1 and not {"clip-path", "transform"} & set(group[0].attrib)


def _inlined(use: ET.Element, definitions: dict[str, ET.Element]) -> ET.Element:
    """The path a ``<use>`` draws, as a path of its own; the ``<use>`` itself if it is anything else."""
    source = definitions.get((use.get(XLINK_HREF) or "").removeprefix("#"))
    if source is None or len(source) or "transform" in source.attrib or "transform" in use.attrib:
        return use
    try:
        moved = _moved(source.get("d", ""), float(use.get("x", 0)), float(use.get("y", 0)))
    except ValueError:  # a length with a unit, or path data matplotlib does not write
        return use
    if moved is None:
        return use
    # As WeasyPrint draws a use: the referenced element's own attributes win over the use's (and
    # matplotlib's definitions sit in groups that set nothing for them to inherit).
    attributes = {name: value for name, value in use.attrib.items() if name not in ("x", "y", XLINK_HREF)}
    attributes.update((name, value) for name, value in source.attrib.items() if name != "id")
    attributes["d"] = moved
    path = ET.Element(f"{SVG}path", attributes)
    path.tail = use.tail
    return path


def _moved(d: str, dx: float, dy: float) -> str | None:
    """Path data ``d`` moved by (dx, dy); None (or ValueError) unless it is absolute x y pairs as
    matplotlib writes them."""
    out, numbers = [], 0
    for token in d.split():
        if token in _COMMANDS:
            out.append(token)
            continue
        value = float(token)  # ValueError for anything else
        out.append(_short(value + (dy if numbers % 2 else dx)))
        numbers += 1
    return " ".join(out) if numbers % 2 == 0 else None


def _short(value: float) -> str:
    """A number as matplotlib writes it: six decimals, trailing zeros dropped."""
    text = f"{value:f}".rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def _clipped_together(children: list[ET.Element]) -> list[ET.Element]:
    """Consecutive elements clipped by the same path grouped under that clip, given once.

    A clip path is read in the user space of the element it clips: an element with a transform of
    its own keeps its clip."""
    out: list[ET.Element] = []
    run: list[ET.Element] = []
    for child in [*children, None]:
        clip = None if child is None or "transform" in child.attrib else child.get("clip-path")
        if run and clip != run[0].get("clip-path"):
            if len(run) > 1:
                group = ET.Element(f"{SVG}g", {"clip-path": run[0].get("clip-path")})
                for member in run:
                    del member.attrib["clip-path"]
                group.extend(run)
                out.append(group)
            else:
                out.extend(run)
            run = []
        if clip is not None:
            run.append(child)
        elif child is not None:
            out.append(child)
    return out


def _write(element: ET.Element, out: list[str]) -> None:
    """The element as XML: the SVG namespace the default one, ``xlink:`` for links, as matplotlib writes it."""
    tag = element.tag.removeprefix(SVG)
    out.append(f"<{tag}")
    for name, value in element.attrib.items():
        if tag == "text" and name == "transform" and _NO_ROTATION.fullmatch(value):
            continue
        out.append(f' {"xlink:href" if name == XLINK_HREF else name}="{escape(value)}"')
    out.append(">")
    if element.text:
        out.append(escape(element.text, quote=False))
    for child in element:
        _write(child, out)
    out.append(f"</{tag}>")
    if element.tail:
        out.append(escape(element.tail, quote=False))
