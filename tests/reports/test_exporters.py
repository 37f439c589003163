"""Every report exporter returns (filename, mimetype, bytes) from the same document."""

from __future__ import annotations

import datetime

from django.urls import reverse

from ecoreport.reports.exporters import FORMATS, exporter, html, pdf, word
from ecoreport.reports.queries import load_document

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


def test_the_html_and_pdf_exporters_name_their_files_by_organization_period_and_version(demo_org):
    document = load_document(demo_org, *H1)
    filename, mimetype, content = html.render(document)
    assert filename == "360483-20220101-20220630-draft.html"
    assert mimetype == "text/html; charset=utf-8"
    assert "空气优良天数167天" in content.decode()
    filename, mimetype, content = pdf.render(document, version=2)
    assert filename == "360483-20220101-20220630-v2.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF")
    assert set(FORMATS) == {"html", "pdf", "docx"}
    assert [exporter(name) for name in ("html", "pdf", "docx")] == [html.render, pdf.render, word.render]


def test_the_draft_download_is_named_by_the_exporter(client, demo_org, leader_user):
    client.force_login(leader_user)
    url = reverse("reports:draft_pdf", kwargs={"code": demo_org.code}) + "?from=2022-01-01&to=2022-06-30"
    response = client.get(url)
    assert response["Content-Disposition"] == "inline; filename*=UTF-8''360483-20220101-20220630-draft.pdf"


def test_a_reversed_period_is_refused_with_the_periods_message(client, demo_org, leader_user):
    client.force_login(leader_user)
    url = reverse("reports:detail", kwargs={"code": demo_org.code}) + "?from=2022-06-30&to=2022-01-01"
    response = client.get(url)
    assert response.status_code == 400
    assert "结束日期（2022-01-01）不能早于开始日期（2022-06-30）" in response.content.decode()


def test_the_print_html_is_what_the_projects_template_engine_makes_of_it(demo_org):
    from django.template.loader import render_to_string

    from ecoreport.reports.fonts import faces_in_use, faces_summary

    document = load_document(demo_org, datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
    made = datetime.datetime(2022, 7, 5, 9, 30, tzinfo=datetime.UTC)
    ours = html.render_html(document, generated_at=made)
    local = html.made_at(made)
    context = {
        "document": document,
        "fonts": faces_in_use(),
        "fonts_summary": faces_summary(),
        "page_mark": html.page_mark(None, local),
        "signature_lines": document.signature.lines(local.date()),
    }
    assert ours == render_to_string(html.TEMPLATE, context)
    assert "草稿　生成于2022-07-05 17:30" in ours and "附图6" in ours
