"""Lines break around Chinese quotation marks as a compositor breaks them, so a paragraph's lines
run to the margin instead of stopping two characters short before "以“五领…"."""

from __future__ import annotations

import pytest

from ecoreport.reports.formatting import print_breaks
from tests.report_pdf_helpers import pdf_text, seed_pdf

ZWSP = "\u200b"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("补细节。以“五领五过硬”为行动标杆", f"补细节。以{ZWSP}“五领五过硬”{ZWSP}为行动标杆"),
        ("“三冲三扫三洒”；", "“三冲三扫三洒”；"),  # none at the start, none before punctuation
        ("（“一体化”）", "（“一体化”）"),  # none after an opening bracket
        ("坚持“两手抓”，", f"坚持{ZWSP}“两手抓”，"),
        ("加大“8个100%”扬尘管控", f"加大{ZWSP}“8个100%”{ZWSP}扬尘管控"),
        ("没有引号的句子。", "没有引号的句子。"),
    ],
)
def test_a_break_is_allowed_before_an_opening_and_after_a_closing_quote(text, expected):
    assert print_breaks(text) == expected
    assert print_breaks(text).replace(ZWSP, "") == text


@pytest.mark.django_db
def test_the_last_paragraph_of_part_four_runs_to_the_margin(demo_org):
    lines = pdf_text(seed_pdf(demo_org)).splitlines()
    # "以" fits on the line of "补细节。" once a break may come before the quote after it.
    assert any(line.rstrip().endswith("在落实上补细节。以") for line in lines), [
        line for line in lines if "补细节" in line
    ]
    assert not any(line.startswith("以“五领五过硬”") for line in lines)
    assert ZWSP not in "".join(lines)  # invisible, and not in the text a reader copies


@pytest.mark.django_db
def test_the_web_page_keeps_the_text_as_written(client, leader_user, demo_org):
    client.force_login(leader_user)
    page = client.get(f"/reports/{demo_org.code}/?from=2022-01-01&to=2022-06-30")
    assert page.status_code == 200
    body = page.content.decode()
    assert "以“五领五过硬”为行动标杆" in body and ZWSP not in body
