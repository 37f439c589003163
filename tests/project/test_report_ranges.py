"""Report ranges: in 2000–2099 and at most 366 days, else a 400 in Chinese from every report address.

Issue 11: ``/reports/360483/?from=0001-01-01&to=0001-12-31`` was a 500, and a 1990–2100 report took
25 s as HTML and 30–50 s as PDF. ``tests/dashboard/test_odd_periods.py`` holds the report page to
this; here the same ranges go to the PDF and Word downloads, a published version's PDF and the
review and drafting buttons, which read the period the same way.
"""

from __future__ import annotations

import time

import pytest

pytestmark = pytest.mark.django_db

ORG = "360483"
RANGES = {
    "year one": ("0001-01-01", "0001-12-31", "年份超出范围：1"),
    "1990 to 2100": ("1990-01-01", "2100-12-31", "期间须在 2000–2099 年之内"),
    "before 2000": ("1999-07-01", "1999-12-31", "期间须在 2000–2099 年之内"),
    "after 2099": ("2100-01-01", "2100-06-30", "期间须在 2000–2099 年之内"),
    "367 days": ("2022-01-01", "2023-01-02", "期间过长：最多一年"),
    "eighteen months": ("2022-01-01", "2023-06-30", "期间过长：最多一年"),
    "end before start": ("2022-06-30", "2022-01-01", "不能早于"),
    "not a date": ("2022-02-30", "2022-06-30", ""),
}
READERS = ["", "pdf/", "docx/", "versions/1/pdf/"]
BUTTONS = ["submit/", "sign/", "return/", "draft-sections/"]


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("name", RANGES)
def test_an_unsupported_range_is_a_400_in_chinese_from_every_download(client, leader_user, reader, name):
    start, end, reason = RANGES[name]
    client.force_login(leader_user)
    began = time.perf_counter()
    answer = client.get(f"/reports/{ORG}/{reader}?from={start}&to={end}")
    seconds = time.perf_counter() - began
    assert answer.status_code == 400, (reader, name, answer.status_code)
    body = answer.content.decode()
    assert reason in body and "Traceback" not in body
    assert any("\u4e00" <= character <= "\u9fff" for character in body)
    assert seconds < 5  # refused before anything is computed (the 1990–2100 PDF took 30–50 s)


@pytest.mark.parametrize("button", BUTTONS)
def test_the_review_and_drafting_buttons_refuse_the_same_ranges(client, admin_user, button):
    client.force_login(admin_user)
    answer = client.post(f"/reports/{ORG}/{button}?from=1990-01-01&to=2100-12-31")
    assert answer.status_code == 400
    assert "期间须在 2000–2099 年之内" in answer.content.decode()


def test_366_days_are_still_a_report(client, leader_user):
    client.force_login(leader_user)
    answer = client.get(f"/reports/{ORG}/?from=2022-01-01&to=2023-01-01")
    assert answer.status_code == 200
    assert "2022" in answer.content.decode()
