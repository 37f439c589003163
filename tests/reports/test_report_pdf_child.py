"""``render_report`` makes its PDF with WeasyPrint started in a child interpreter: the same bytes."""

from __future__ import annotations

import subprocess

import pytest

from ecoreport.reports.exporters import pdf

HTML = '<html lang="zh-CN"><body><p style="font-family: \'Noto Serif CJK SC\'">庐山市 2022 年上半年</p></body></html>'


@pytest.fixture
def children(monkeypatch) -> list[subprocess.Popen]:
    """Every WeasyPrint child started, to see how it ended."""
    started: list[subprocess.Popen] = []
    popen = subprocess.Popen

    def recorded(command, *args, **kwargs):
        process = popen(command, *args, **kwargs)
        if command[-1] == str(pdf._CHILD):
            started.append(process)
        return process

    monkeypatch.setattr(subprocess, "Popen", recorded)
    return started


def test_the_child_makes_the_pdf_this_process_would(children):
    with pdf.weasyprint_beside() as to_pdf:
        made = to_pdf(HTML)
    assert made.startswith(b"%PDF")
    assert made == pdf.html_to_pdf(HTML)
    assert [child.returncode for child in children] == [0]


def test_a_child_that_fails_leaves_the_pdf_to_this_process(children, monkeypatch, tmp_path):
    broken = tmp_path / "broken.py"
    broken.write_text("raise SystemExit(3)\n")
    monkeypatch.setattr(pdf, "_CHILD", broken)
    with pdf.weasyprint_beside() as to_pdf:
        made = to_pdf(HTML)
    assert made == pdf.html_to_pdf(HTML)
    assert [child.returncode for child in children] == [3]


def test_a_child_given_no_document_ends_with_the_command(children):
    with pytest.raises(ValueError, match="没有数据"), pdf.weasyprint_beside():
        raise ValueError("没有数据")
    assert [child.returncode for child in children] == [0]
