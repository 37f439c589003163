"""The seed half-year as a Word file: read back with python-docx, it holds the seed's document."""

from __future__ import annotations

import io

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse
from docx.oxml.ns import qn

from ecoreport.reports.exporters import word
from ecoreport.reports.queries import load_document
from tests.report_pdf_helpers import H1_2022

_cache: dict[str, bytes] = {}


@pytest.fixture
def seed_docx(demo_org) -> docx.document.Document:
    if "seed" not in _cache:
        _cache["seed"] = word.render(load_document(demo_org, *H1_2022)).content
    return docx.Document(io.BytesIO(_cache["seed"]))


def _styled(document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == style]


def _east_asia_font(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_the_word_file_has_the_seed_headings_in_order(seed_docx):
    assert _styled(seed_docx, "公文标题") == ["九江市庐山生态环境局2022年上半年\n工作总结及下半年工作计划"]
    assert _styled(seed_docx, "Heading 1") == [
        "一、上半年全市生态环境质量",
        "二、上半年主要工作开展情况",
        "三、存在的问题和不足",
        "四、下半年工作方向和计划",
    ]
    subparts = _styled(seed_docx, "Heading 2")
    assert len(subparts) == 5
    assert subparts[0] == "（一）以改为力，全面落实各类反馈问题整改"
    assert [heading[:3] for heading in subparts] == ["（一）", "（二）", "（三）", "（四）", "（五）"]


def test_the_word_file_holds_the_published_figures_as_the_pdf_does(seed_docx):
    body = "".join(_styled(seed_docx, "Normal"))
    assert "PM2.5浓度均值为27微克/立方米" in body
    assert "空气优良天数167天，优良率为92.2%" in body
    assert "星子断面水质为Ⅳ类，总磷浓度为0.053mg/L，较去年同期改善15.9%" in body
    assert "反馈问题共108个" in body
    assert "62项具体工作任务" in body
    # As on the card, the page and the PDF: the computed value beside the published one, once.
    assert body.count("［发布值 92.2%（按标准计算 92.3%）］") == 1
    assert body.count("92.3") == 1
    assert "数据提示" not in body


def test_the_styles_name_the_official_faces(seed_docx):
    styles = seed_docx.styles
    assert _east_asia_font(styles["Normal"]) == "仿宋_GB2312"
    assert _east_asia_font(styles["公文标题"]) == "方正小标宋简体"
    assert _east_asia_font(styles["Heading 1"]) == "黑体"
    assert _east_asia_font(styles["Heading 2"]) == "楷体_GB2312"
    assert _east_asia_font(styles["页码"]) == "宋体"
    assert styles["Normal"].font.size.pt == 16
    assert styles["公文标题"].font.size.pt == 22
    fonts = {
        font.get(qn("w:name")): font.find(qn("w:altName")).get(qn("w:val"))
        for font in docx.oxml.parse_xml(_font_table(seed_docx)).findall(qn("w:font"))
        if font.find(qn("w:altName")) is not None
    }
    assert fonts["仿宋_GB2312"] == "仿宋"
    assert fonts["楷体_GB2312"] == "楷体"


def _font_table(document) -> bytes:
    return next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml").blob


def test_the_page_is_gbt_9704_a4_with_its_grid(seed_docx):
    section = seed_docx.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    grid = section._sectPr.find(qn("w:docGrid"))
    assert grid.get(qn("w:type")) == "lines"
    assert grid.get(qn("w:linePitch")) == "579"  # 22 lines in 225 mm
    body = seed_docx.styles["Normal"]
    assert body.paragraph_format.line_spacing.twips == 579
    # 28 characters of 16 pt, each 0.25 pt tighter, fill the 156 mm line; 29 would not fit.
    assert body.element.rPr.find(qn("w:spacing")).get(qn("w:val")) == "-5"
    assert 28 * (16 - 0.25) <= 156 / 25.4 * 72 < 29 * (16 - 0.25)


def test_pages_are_numbered_with_em_dashes_right_on_odd_and_left_on_even_pages(seed_docx):
    section = seed_docx.sections[0]
    assert seed_docx.settings.odd_and_even_pages_header_footer
    for footer, alignment in ((section.footer, "right"), (section.even_page_footer, "left")):
        paragraph = footer.paragraphs[0]
        assert paragraph.text == "— 1 —"
        assert paragraph.alignment.name.lower() == alignment
        instructions = [node.text.strip() for node in paragraph._p.iter(qn("w:instrText"))]
        assert instructions == ["PAGE"]


def test_the_appendix_tables_repeat_their_header_rows(seed_docx):
    tables = seed_docx.tables
    assert [cell.text for cell in tables[0].rows[0].cells] == [
        "月份", "PM2.5（2022年）", "PM2.5（2021年）", "优良天数", "优良率（%）",
    ]  # fmt: skip
    ledger = tables[2:]  # the 62 tasks, one table per page (test_report_docx_continued)
    assert sum(len(piece.rows) - 1 for piece in ledger) == 62
    for piece in ledger:
        assert piece.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert piece.rows[1]._tr.trPr.find(qn("w:tblHeader")) is None
        assert [cell.text for cell in piece.rows[0].cells] == [cell.text for cell in ledger[0].rows[0].cells]
    assert ledger[0].rows[1].cells[0].text == "1"
    assert ledger[-1].rows[-1].cells[0].text == "62"
    assert _styled(seed_docx, "附表标题")[2].startswith("附表3　工作台账任务清单")


def test_table_cells_keep_the_pdfs_padding_and_no_cjk_latin_spacing(seed_docx):
    """Word's own 5.4 pt cell margins and its space between 年 and 12 wrapped "2022年12月15日" and
    序号 in their columns (seen in LibreOffice's page images); the PDF pads 3 pt and adds no space."""
    for table in seed_docx.tables:
        margins = table._tbl.tblPr.find(qn("w:tblCellMar"))
        assert [(side.tag.split("}")[1], side.get(qn("w:w")), side.get(qn("w:type"))) for side in margins] == [
            ("left", "60", "dxa"), ("right", "60", "dxa"),
        ]  # fmt: skip
    for name in ("表格文字", "表格表头"):
        style = seed_docx.styles[name]
        ppr = style.element.pPr if style.element.pPr is not None else seed_docx.styles["表格文字"].element.pPr
        assert [ppr.find(qn(tag)).get(qn("w:val")) for tag in ("w:autoSpaceDE", "w:autoSpaceDN")] == ["0", "0"]


def test_the_charts_are_png_pictures_with_their_captions(seed_docx):
    captions = _styled(seed_docx, "附图标题")
    assert captions[0] == "附图1　PM2.5月均浓度与去年同期对比"
    assert captions[-1] == f"附图{len(captions)}　工作台账分领域进展"
    pictures = [rel.target_part for rel in seed_docx.part.rels.values() if rel.reltype.endswith("/image")]
    assert len(pictures) == len(captions)
    assert all(part.content_type == "image/png" for part in pictures)


def test_the_report_page_offers_the_word_file(client, demo_org, leader_user):
    client.force_login(leader_user)
    url = reverse("reports:draft_docx", kwargs={"code": demo_org.code}) + "?from=2022-01-01&to=2022-06-30"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == word.MIMETYPE
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''360483-20220101-20220630-draft.docx"
    assert _styled(docx.Document(io.BytesIO(response.content)), "Heading 1")[0] == "一、上半年全市生态环境质量"


def test_render_report_writes_the_word_file(demo_org, tmp_path):
    output = tmp_path / "h1.docx"
    call_command(
        "render_report", "--org", "360483", "--from", "2022-01-01", "--to", "2022-06-30",
        "--format", "docx", "--output", str(output),
    )  # fmt: skip
    assert _styled(docx.Document(str(output)), "Heading 1")[3] == "四、下半年工作方向和计划"
