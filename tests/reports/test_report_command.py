"""``render_report`` writes the same document as the web view, as PDF or HTML."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command


def test_render_report_writes_the_html_document(demo_org, tmp_path):
    output = tmp_path / "h1.html"
    call_command(
        "render_report", "--org", "360483", "--from", "2022-01-01", "--to", "2022-06-30",
        "--format", "html", "--output", str(output),
    )  # fmt: skip
    html = output.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert "size: A4" in html
    assert "空气优良天数167天" in html
    assert "反馈问题共108个" in html
    assert '<mark class="published-figure"' not in html  # marks are for the web view only


def test_render_report_writes_a_pdf(demo_org, tmp_path):
    output = tmp_path / "h1.pdf"
    call_command(
        "render_report", "--org", "360483", "--from", "2022-01-01", "--to", "2022-06-30",
        "--format", "pdf", "--output", str(output),
    )  # fmt: skip
    assert output.read_bytes().startswith(b"%PDF")


def test_render_report_refuses_an_unknown_organization(demo_org, tmp_path):
    with pytest.raises(CommandError, match="未知的机构编码：999999"):
        call_command(
            "render_report", "--org", "999999", "--from", "2022-01-01", "--to", "2022-06-30",
            "--format", "pdf", "--output", str(tmp_path / "x.pdf"),
        )  # fmt: skip
