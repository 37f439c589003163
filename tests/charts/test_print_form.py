"""The print form of a chart: the SVG WeasyPrint draws for the PDF, the same picture in fewer elements."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest

from ecoreport.charts import air, picture, water
from ecoreport.charts.print_form import print_form

SVG = "{http://www.w3.org/2000/svg}"
MONTHS = [(2022, month) for month in range(1, 7)]


def _pm25():
    return picture(
        air.plot_pm25_monthly, MONTHS, [35, 30, 28, 22, 20, 18], [40, 33, 30, 25, 21, 19], year=2022, target=30
    )


def _calendar():
    days = [(datetime.date(2022, 1, 1) + datetime.timedelta(days=i), 1 + i % 4, 40 + 30 * (i % 4)) for i in range(90)]
    return picture(air.plot_aqi_calendar, days)


def _section_tp():
    values = [0.06, 0.05, 0.055, None, 0.048, 0.052]
    return picture(
        water.plot_section_tp_monthly, "星子", MONTHS, values, water.tp_class_limits("lake"), target_class="IV"
    )


def _tags(svg: str) -> list[str]:
    return [element.tag.removeprefix(SVG) for element in ET.fromstring(svg).iter()]


def _wrap(body: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 100 100">'
        f"{body}</svg>"
    )


def test_the_print_form_keeps_every_text_and_drops_the_hover_titles_and_the_wrappers():
    for chart in (_pm25(), _calendar(), _section_tp()):
        svg = chart.svg
        printed = print_form(svg)
        before, after = _tags(svg), _tags(printed)
        assert "title" in before and "title" not in after
        assert "metadata" not in after and "use" not in after
        assert len(after) < len(before) / 2
        texts = [element.text for element in ET.fromstring(svg).iter(f"{SVG}text")]
        assert [element.text for element in ET.fromstring(printed).iter(f"{SVG}text")] == texts
        # Every clip and link it names is still defined in it.
        ids = set(re.findall(r'\bid="([^"]+)"', printed))
        assert set(re.findall(r'(?:href="|url\()#([^")]+)', printed)) <= ids


def test_the_calendar_draws_its_clip_once_for_all_its_cells():
    svg = _calendar().svg
    assert svg.count('clip-path="url(#') == 90  # one per cell as matplotlib writes it
    printed = print_form(svg)
    clipped = [group for group in ET.fromstring(printed).iter(f"{SVG}g") if group.get("clip-path")]
    assert printed.count('clip-path="url(#') == 1
    assert len(clipped) == 1 and len(clipped[0]) == 90
    assert {cell.get("stroke") for cell in clipped[0]} == {"#9e9e9e"}


def test_a_use_becomes_the_path_it_draws_moved_by_its_x_and_y():
    svg = _wrap(
        '<defs><path id="m" d="M 0 0 L 0 3.5 " stroke="#000000" stroke-width="0.8"/></defs>'
        '<g id="tick"><g><use xlink:href="#m" x="31.181102" y="144.566929" stroke="#111111" fill="none"/></g></g>'
    )
    path = list(ET.fromstring(print_form(svg)))[-1]
    assert path.tag == f"{SVG}path"
    assert path.get("d") == "M 31.181102 144.566929 L 31.181102 148.066929"
    # The referenced path's own attributes win over the use's, as WeasyPrint draws a use.
    assert (path.get("stroke"), path.get("stroke-width"), path.get("fill")) == ("#000000", "0.8", "none")


def test_a_use_of_anything_but_a_plain_path_stays_a_use():
    svg = _wrap('<defs><path id="m" d="m 0 0 l 1 1"/></defs><use xlink:href="#m" x="5" y="5"/>')
    assert "<use " in print_form(svg)


def test_consecutive_elements_with_the_same_clip_share_one_and_the_others_keep_theirs():
    svg = _wrap(
        '<defs><clipPath id="c"><rect x="0" y="0" width="50" height="50"/></clipPath></defs>'
        '<path d="M 1 1 L 2 2" clip-path="url(#c)"/><path d="M 3 3 L 4 4" clip-path="url(#c)"/>'
        '<path d="M 5 5 L 6 6"/>'
        '<path d="M 7 7 L 8 8" clip-path="url(#c)" transform="scale(2)"/><path d="M 9 9 L 9 1" clip-path="url(#c)"/>'
    )
    root = ET.fromstring(print_form(svg))
    drawn = [child for child in root if child.tag != f"{SVG}defs"]
    assert [child.tag.removeprefix(SVG) for child in drawn] == ["g", "path", "path", "path"]
    assert drawn[0].get("clip-path") == "url(#c)" and [p.get("d") for p in drawn[0]] == ["M 1 1 L 2 2", "M 3 3 L 4 4"]
    # One alone keeps its own; one with a transform reads its clip in its own space, so keeps it too.
    assert drawn[2].get("clip-path") == "url(#c)" and drawn[3].get("clip-path") == "url(#c)"


def test_a_group_with_anything_else_than_a_name_is_kept():
    svg = _wrap('<g id="a" fill="#ff0000"><path d="M 0 0 L 1 1"/></g><g id="b"><path d="M 2 2 L 3 3"/></g>')
    root = ET.fromstring(print_form(svg))
    assert [child.tag.removeprefix(SVG) for child in root] == ["g", "path"]
    assert root[0].get("fill") == "#ff0000"


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler's pdftoppm")
def test_weasyprint_draws_the_print_form_pixel_for_pixel_as_the_chart(tmp_path):
    import base64

    from weasyprint import HTML

    def pixels(svg: str, name: str) -> bytes:
        uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
        pdf = tmp_path / f"{name}.pdf"
        HTML(string=f'<img src="{uri}" style="width: 150mm">').write_pdf(pdf)
        subprocess.run(["pdftoppm", "-r", "150", "-singlefile", str(pdf), str(tmp_path / name)], check=True)
        return (tmp_path / f"{name}.ppm").read_bytes()

    for number, chart in enumerate((_pm25(), _calendar(), _section_tp())):
        assert pixels(print_form(chart.svg), f"print{number}") == pixels(chart.svg, f"chart{number}")
