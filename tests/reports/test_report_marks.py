"""Drafts look like drafts: a mark with the time on every page; published files state their version; the 落款."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import docx
from docx.oxml.ns import qn
from pypdf import PdfReader

from ecoreport.reports.document import Signature, SignatureLine
from ecoreport.reports.exporters import html, pdf, word
from ecoreport.reports.models import Report
from ecoreport.reports.queries import load_document
from ecoreport.reports.services import publish_report
from tests.report_pdf_helpers import H1_2022, flat

MADE = datetime.datetime(2022, 7, 10, 9, 30, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))


def _pages(pdf_bytes: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def test_every_page_of_a_draft_pdf_says_draft_and_when_it_was_made(demo_org):
    pages = _pages(pdf.render(load_document(demo_org, *H1_2022), generated_at=MADE).content)
    assert len(pages) >= 4
    for text in pages:
        assert "草稿　生成于2022-07-10 09:30　未经签发，不作正式文件" in text


def test_a_published_pdf_carries_no_draft_mark_and_states_its_version(demo_org, admin_user):
    version = publish_report(org=demo_org, start=H1_2022[0], end=H1_2022[1], user=admin_user)
    for text in _pages(bytes(version.pdf)):
        assert "草稿" not in text
        assert "第1版" in text
    assert "第1版" in version.html and "草稿" not in version.html


def _headers(document) -> list[str]:
    section = document.sections[0]
    return [section.header.paragraphs[0].text, section.even_page_header.paragraphs[0].text]


def test_the_word_file_marks_drafts_on_odd_and_even_pages_and_states_a_published_version(demo_org):
    document = load_document(demo_org, *H1_2022)
    draft = docx.Document(io.BytesIO(word.render(document, generated_at=MADE).content))
    assert _headers(draft) == ["草稿　生成于2022-07-10 09:30　未经签发，不作正式文件"] * 2
    assert draft.core_properties.created == MADE
    published = docx.Document(io.BytesIO(word.render(document, version=3, generated_at=MADE).content))
    assert _headers(published) == ["第3版　2022-07-10 09:30发布"] * 2


def test_the_body_closes_with_the_organisations_full_name_and_the_day_the_file_was_made(demo_org):
    document = load_document(demo_org, *H1_2022)
    text = flat(html.render(document, generated_at=MADE).content.decode())
    assert "九江市庐山生态环境局</p>" in text and "2022年7月10日</p>" in text
    made = docx.Document(io.BytesIO(word.render(document, generated_at=MADE).content))
    lines = [p for p in made.paragraphs if p.style.name == "落款"]
    assert [p.text for p in lines] == ["九江市庐山生态环境局", "2022年7月10日"]
    # Unit two characters in from the right; the date starts two characters right of the unit.
    right = [p._p.pPr.find(qn("w:ind")).get(qn("w:rightChars")) for p in lines]
    assert right == ["200", "350"]


def test_the_signature_is_configured_per_report(demo_org):
    Report.objects.create(
        organization=demo_org,
        period_start=H1_2022[0],
        period_end=H1_2022[1],
        signature_unit="九江市庐山生态环境局办公室",
        signature_date=datetime.date(2022, 7, 15),
    )
    document = load_document(demo_org, *H1_2022)
    assert document.signature == Signature("九江市庐山生态环境局办公室", datetime.date(2022, 7, 15))
    text = flat(html.render(document, generated_at=MADE).content.decode())
    assert "九江市庐山生态环境局办公室</p>" in text and "2022年7月15日</p>" in text
    assert "2022年7月10日" not in text


def test_a_date_longer_than_the_unit_stays_two_characters_in_and_moves_the_unit_right():
    lines = Signature("某某局").lines(datetime.date(2022, 12, 15))
    # 某某局 is 3 characters, 2022年12月15日 is 7 (digits are half-width): the unit starts 2 before the date.
    assert lines == [SignatureLine("某某局", 8), SignatureLine("2022年12月15日", 2)]
