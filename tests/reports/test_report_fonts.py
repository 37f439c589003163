"""Official faces when the machine has them (fontconfig or the fonts folder), else the free stand-ins;
the PDF's keywords and the report page say which were used."""

from __future__ import annotations

import datetime
import io

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from pypdf import PdfReader

from ecoreport.reports.exporters import html, pdf
from ecoreport.reports.fonts import choose_faces, faces_in_use, faces_summary, folder_families
from ecoreport.reports.queries import load_document

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


def _font_file(path, family: str) -> None:
    """A minimal TrueType font whose family name is ``family``."""
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder([".notdef"])
    builder.setupCharacterMap({})
    builder.setupGlyf({".notdef": TTGlyphPen(None).glyph()})
    builder.setupHorizontalMetrics({".notdef": (500, 0)})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_without_official_fonts_the_free_stand_ins_are_used():
    faces = choose_faces({"Noto Serif CJK SC", "Noto Sans CJK SC", "AR PL KaitiM GB"}, {})
    assert {role: face.family for role, face in faces.items()} == {
        "body": "Noto Serif CJK SC",
        "title": "Noto Serif CJK SC",
        "kai": "AR PL KaitiM GB",
        "hei": "Noto Sans CJK SC",
    }
    assert not any(face.official for face in faces.values())


def test_installed_official_fonts_are_preferred_in_order():
    faces = choose_faces({"FangSong_GB2312", "仿宋_GB2312", "SimHei", "KaiTi"}, {})
    assert faces["body"].family == "仿宋_GB2312"
    assert faces["hei"].family == "SimHei"
    assert faces["kai"].family == "KaiTi"
    assert faces["title"].family == "Noto Serif CJK SC"
    assert faces_summary(faces) == (
        "正文：仿宋_GB2312；标题：Noto Serif CJK SC（替代字体）；二级标题：KaiTi；一级标题和表头：SimHei"
    )


def test_a_font_in_the_fonts_folder_is_found_by_its_family_name_and_declared(tmp_path, demo_org):
    _font_file(tmp_path / "xbs.ttf", "方正小标宋简体")
    (tmp_path / "readme.txt").write_text("not a font")
    (tmp_path / "broken.ttf").write_bytes(b"not a font either")
    folder = folder_families(tmp_path)
    assert folder == {"方正小标宋简体": str(tmp_path / "xbs.ttf")}
    faces = choose_faces(set(), folder)
    assert faces["title"].official and faces["title"].url == (tmp_path / "xbs.ttf").as_uri()
    document = load_document(demo_org, *H1)
    page = html.render_html(document, fonts=faces)
    assert f'@font-face {{ font-family: "方正小标宋简体"; src: url("{(tmp_path / "xbs.ttf").as_uri()}"); }}' in page
    assert '.gongwen .doc-title { font-family: "方正小标宋简体", "Noto Serif CJK SC"; }' in page


def test_the_pdf_keywords_and_the_report_page_name_the_faces(client, demo_org, leader_user):
    document = load_document(demo_org, *H1)
    reader = PdfReader(io.BytesIO(pdf.render(document).content))
    assert reader.metadata["/Keywords"] == "字体：" + faces_summary(faces_in_use())
    client.force_login(leader_user)
    page = client.get(f"/reports/{demo_org.code}/?from=2022-01-01&to=2022-06-30").content.decode()
    assert "PDF所用字体：" + faces_summary(faces_in_use()) in page
