"""The GB/T 9704-2012 page and styles of the Word file: A4, the 28 × 22 grid, official faces, page numbers.

Type area 156 × 225 mm (margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right): 22 lines of
28 characters in 3号 (16 pt). The document's line grid and exact line spacing give the 28.95 pt
line pitch; body text is set 0.25 pt tighter so that 28 characters (15.75 pt each) fit the
156 mm line and 29 do not, as in the PDF. A character grid would do the same in Word, but
LibreOffice reads a negative grid pitch as a wider one and spreads every line.

Styles carry the official faces by the names a bureau PC has them under (仿宋_GB2312, 方正小标宋简体,
黑体, 楷体_GB2312, 宋体); the font table names a free-standing alternative for each, which Word
and WPS use on a machine without the official face.
"""

from __future__ import annotations

from docx.enum.section import WD_SECTION_START
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"

# Face → (the alternative named in the font table, the Windows face of that alternative).
ALTERNATIVES = {
    FANGSONG: "仿宋",
    XIAOBIAOSONG: "宋体",
    HEITI: "SimHei",
    KAITI: "楷体",
    SONGTI: "SimSun",
}

BODY_SIZE = Pt(16)  # 3号
TITLE_SIZE = Pt(22)  # 2号
PAGE_NUMBER_SIZE = Pt(14)  # 4号
TABLE_SIZE = Pt(10.5)  # 5号
LINE_PITCH = Pt(28.95)  # 225 mm / 22 lines, in whole twips (579)
TYPE_AREA_WIDTH = Mm(156)
BODY_TRACKING = -5  # twentieths of a point: 28 characters of 16 pt − 0.25 pt in 442.2 pt

STYLE_BODY = "Normal"
STYLE_TITLE = "公文标题"
STYLE_PART = "Heading 1"
STYLE_SUBPART = "Heading 2"
STYLE_APPENDIX = "附件标注"
STYLE_FIGURE = "附图"
STYLE_FIGURE_CAPTION = "附图标题"
STYLE_TABLE_CAPTION = "附表标题"
STYLE_CONTINUED = "续表标注"
STYLE_TABLE_TEXT = "表格文字"
STYLE_TABLE_HEADER = "表格表头"
STYLE_PAGE_NUMBER = "页码"
STYLE_SIGNATURE = "落款"
STYLE_MARK = "页眉标记"
STYLE_NOTE = "标题注"


def set_fonts(rpr_owner, face: str) -> None:
    """Name ``face`` for every script of a style's or run's properties, dropping theme fonts.

    Word lets a theme font attribute win over a named one, and the default template's theme
    fonts are Latin and Japanese faces.
    """
    fonts = rpr_owner.get_or_add_rPr().get_or_add_rFonts()
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), face)


def _indent_chars(paragraph_format, element, chars: int) -> None:
    """First-line indent in characters (Word's 首行缩进 N 字符), with the same in points as fallback."""
    paragraph_format.first_line_indent = BODY_SIZE * chars
    ind = element.get_or_add_pPr().get_or_add_ind()
    ind.set(qn("w:firstLineChars"), str(chars * 100))


# What may follow w:spacing in a w:rPr and in a w:pPr (ECMA-376 element order; Word rejects others).
_AFTER_CHARACTER_SPACING = ("w:w", "w:kern", "w:position", "w:sz", "w:szCs", "w:highlight", "w:u", "w:effect",
                            "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
                            "w:eastAsianLayout", "w:specVanish", "w:oMath")  # fmt: skip
_AFTER_SNAP_TO_GRID = ("w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                       "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                       "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")  # fmt: skip


_AFTER_AUTOSPACE = ("w:bidi", "w:adjustRightInd", "w:snapToGrid", *_AFTER_SNAP_TO_GRID)


def _snap_to_grid(element, snap: bool) -> None:
    """Whether lines snap to the document grid; off where a line is not a body line (tables, pictures)."""
    ppr = element.get_or_add_pPr()
    found = ppr.find(qn("w:snapToGrid"))
    if found is None:
        found = OxmlElement("w:snapToGrid")
        ppr.insert_element_before(found, *_AFTER_SNAP_TO_GRID)
    found.set(qn("w:val"), "1" if snap else "0")


def _no_autospace(element) -> None:
    """No extra space between Chinese and Latin text or digits (Word's 自动调整中文与西文/数字的间距),
    as in the PDF: a table's "2022年12月15日" then fits its column on one line."""
    ppr = element.get_or_add_pPr()
    for tag in ("w:autoSpaceDE", "w:autoSpaceDN"):
        found = ppr.find(qn(tag))
        if found is None:
            found = OxmlElement(tag)
            ppr.insert_element_before(found, *_AFTER_AUTOSPACE)
        found.set(qn("w:val"), "0")


def _tracking(style, twentieths: int) -> None:
    """Character spacing (Word's 字符间距 加宽/紧缩) of a style, in twentieths of a point."""
    rpr = style.element.get_or_add_rPr()
    found = rpr.find(qn("w:spacing"))
    if found is None:
        found = OxmlElement("w:spacing")
        rpr.insert_element_before(found, *_AFTER_CHARACTER_SPACING)
    found.set(qn("w:val"), str(twentieths))


def _paragraph_style(styles, name: str, *, base: str | None = STYLE_BODY):
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    if base is not None:
        style.base_style = styles[base]
    style.quick_style = True
    return style


def _font(style, face: str, size, *, bold: bool = False) -> None:
    set_fonts(style.element, face)
    if style.name != STYLE_BODY and size != BODY_SIZE:
        _tracking(style, 0)  # the tightening fits 3号 to the line; other sizes keep their own pitch
    style.font.size = size
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)


def _spacing(style, *, line=LINE_PITCH, before=0, after=0) -> None:
    fmt = style.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    if line is None:
        fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    else:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = line


def _defaults(document) -> None:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{script}"), FANGSONG)
    # The document grid's character pitch is reckoned from the default size: 3号, as the body.
    for tag in ("w:sz", "w:szCs"):
        rpr.find(qn(tag)).set(qn("w:val"), str(int(BODY_SIZE.pt * 2)))
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    spacing = defaults.find(qn("w:pPrDefault")).find(qn("w:pPr")).find(qn("w:spacing"))
    spacing.set(qn("w:after"), "0")
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:eastAsia"), "zh-CN")


def define_styles(document) -> None:
    _defaults(document)
    styles = document.styles

    body = styles[STYLE_BODY]
    _font(body, FANGSONG, BODY_SIZE)
    _spacing(body)
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    _indent_chars(body.paragraph_format, body.element, 2)
    body.paragraph_format.widow_control = True
    _tracking(body, BODY_TRACKING)

    title = _paragraph_style(styles, STYLE_TITLE)
    _font(title, XIAOBIAOSONG, TITLE_SIZE)
    _spacing(title, line=Pt(36), after=LINE_PITCH.pt)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = 0
    title.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")
    # On the grid each 22 pt character would take two 15.8 pt cells.
    _snap_to_grid(title.element, False)

    for name, face in ((STYLE_PART, HEITI), (STYLE_SUBPART, KAITI)):
        heading = _paragraph_style(styles, name)
        _font(heading, face, BODY_SIZE)
        style_rpr = heading.element.rPr
        for tag in ("w:bCs", "w:color"):
            for found in style_rpr.findall(qn(tag)):
                style_rpr.remove(found)
        heading.font.color.rgb = RGBColor(0, 0, 0)
        _spacing(heading)
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        _indent_chars(heading.paragraph_format, heading.element, 2)

    appendix = _paragraph_style(styles, STYLE_APPENDIX)
    _font(appendix, HEITI, BODY_SIZE)
    _no_indent(appendix)

    figure = _paragraph_style(styles, STYLE_FIGURE)
    _spacing(figure, line=None, before=6)
    _no_indent(figure)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    _snap_to_grid(figure.element, False)

    figure_caption = _paragraph_style(styles, STYLE_FIGURE_CAPTION)
    _font(figure_caption, FANGSONG, Pt(12))
    _spacing(figure_caption, line=Pt(20), after=10)
    _no_indent(figure_caption)
    figure_caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    table_caption = _paragraph_style(styles, STYLE_TABLE_CAPTION)
    _font(table_caption, HEITI, Pt(14))
    _spacing(table_caption, line=Pt(24), before=6)
    _no_indent(table_caption)
    table_caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table_caption.paragraph_format.keep_with_next = True

    # "续表N" at the top of a page a long table continues on (see word_pages), left as in the PDF.
    continued = _paragraph_style(styles, STYLE_CONTINUED)
    _font(continued, HEITI, Pt(12))
    _spacing(continued, line=Pt(24), before=6)
    _no_indent(continued)
    continued.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    continued.paragraph_format.keep_with_next = True

    table_text = _paragraph_style(styles, STYLE_TABLE_TEXT)
    _font(table_text, FANGSONG, TABLE_SIZE)
    _spacing(table_text, line=Pt(15))
    _no_indent(table_text)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _snap_to_grid(table_text.element, False)
    _no_autospace(table_text.element)

    table_header = _paragraph_style(styles, STYLE_TABLE_HEADER, base=STYLE_TABLE_TEXT)
    _font(table_header, HEITI, TABLE_SIZE)

    page_number = _paragraph_style(styles, STYLE_PAGE_NUMBER)
    _font(page_number, SONGTI, PAGE_NUMBER_SIZE)
    _spacing(page_number, line=None)
    _no_indent(page_number)
    _snap_to_grid(page_number.element, False)

    signature = _paragraph_style(styles, STYLE_SIGNATURE)
    _no_indent(signature)
    signature.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    note = _paragraph_style(styles, STYLE_NOTE)
    _font(note, HEITI, Pt(12))
    _no_indent(note)
    note.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER

    mark = _paragraph_style(styles, STYLE_MARK)
    _font(mark, HEITI, Pt(10.5))
    _spacing(mark, line=None)
    _no_indent(mark)
    mark.font.color.rgb = RGBColor(0xB7, 0x1C, 0x1C)
    mark.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _snap_to_grid(mark.element, False)


def _no_indent(style) -> None:
    style.paragraph_format.first_line_indent = 0
    style.element.get_or_add_pPr().get_or_add_ind().set(qn("w:firstLineChars"), "0")


def right_indent_chars(paragraph, chars: float) -> None:
    """Right indent in characters of 3号 (Word's 右缩进 N 字符), with the same in points as fallback."""
    paragraph.paragraph_format.right_indent = Pt(BODY_SIZE.pt * chars)
    paragraph._p.get_or_add_pPr().get_or_add_ind().set(qn("w:rightChars"), str(round(chars * 100)))


def name_alternative_faces(document) -> None:
    """Enter each official face in the font table with the free-standing face to use without it."""
    part = next(p for p in document.part.package.iter_parts() if str(p.partname) == "/word/fontTable.xml")
    table = parse_xml(part.blob)
    for face, alternative in ALTERNATIVES.items():
        entry = parse_xml(
            f'<w:font {nsdecls("w")} w:name="{face}"><w:altName w:val="{alternative}"/>'
            '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        )
        table.append(entry)
    from lxml import etree

    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_up_page(document) -> None:
    """A4, the GB/T 9704 margins and grid, page numbers outside the type area on both sides."""
    section = document.sections[0]
    section.start_type = WD_SECTION_START.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.header_distance = Mm(25)  # the page mark sits about 8 mm above the type area, as in the PDF
    # The page number's line starts 7 mm below the type area (35 mm − 7 mm − one 14 pt line).
    section.footer_distance = Mm(35 - 7) - PAGE_NUMBER_SIZE
    grid = section._sectPr.find(qn("w:docGrid"))
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE_PITCH.twips)))
    document.settings.odd_and_even_pages_header_footer = True
    # Odd pages: right, one character in from the edge of the type area; even pages: left.
    _page_number(section.footer.paragraphs[0], WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer.paragraphs[0], WD_ALIGN_PARAGRAPH.LEFT)


def _page_number(paragraph, alignment) -> None:
    paragraph.style = STYLE_PAGE_NUMBER
    paragraph.alignment = alignment
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        paragraph.paragraph_format.right_indent = PAGE_NUMBER_SIZE
    else:
        paragraph.paragraph_format.left_indent = PAGE_NUMBER_SIZE
    paragraph.add_run("— ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" —")


def add_field(paragraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, DATE …) with ``shown`` as its last computed result."""
    for kind in ("begin", None, "separate", "text", "end"):
        run = paragraph.add_run()
        if kind is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = f" {instruction} "
            run._r.append(text)
        elif kind == "text":
            run.text = shown
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
