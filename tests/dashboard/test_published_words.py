"""Published and computed values side by side in the same words on the overview card, the air page,
the report page and the report's PDF (issue 13, item 1): "发布值 X%（按标准计算 Y%）"."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess

import pytest

from ecoreport.figures.compute import compute_figures
from tests.dashboard.test_no_raw_codes import visible_text

pytestmark = pytest.mark.django_db

START, END = datetime.date(2022, 1, 1), datetime.date(2022, 6, 30)


@pytest.fixture
def words(demo_org) -> str:
    """The sentence for the demo's published good rate, built from the figures, not typed."""
    published = compute_figures(demo_org, START, END).air.published["good_rate"]
    assert published.differs and published.computed is not None
    return f"发布值 {published.value:.1f}%（按标准计算 {published.computed:.1f}%）"


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def test_card_air_page_and_report_page_say_it_in_the_same_words(client, leader_user, words):
    client.force_login(leader_user)
    card = client.get("/org/360483/?period=2022H1").content.decode()
    card = card[card.index('data-testid="card-good-rate"') :]
    assert words in _flat(visible_text(card[: card.index("</article>")]))
    air = client.get("/org/360483/air/?period=2022H1").content.decode()
    line = air[air.index('data-testid="air-published"') :]
    assert "优良率 " + words in _flat(visible_text(line[: line.index("</p>")]))
    report = _flat(visible_text(client.get("/reports/360483/?from=2022-01-01&to=2022-06-30").content.decode()))
    assert f"［{words}］" in report
    assert "系统计算值" not in report


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")
def test_the_pdf_notes_the_computed_value_in_the_same_words(client, leader_user, words):
    client.force_login(leader_user)
    pdf = client.get("/reports/360483/pdf/?from=2022-01-01&to=2022-06-30")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-", "-"], input=pdf.content, capture_output=True, check=True).stdout
    assert words.replace(" ", "") in re.sub(r"\s+", "", text.decode())
