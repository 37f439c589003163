"""Odd periods in the URL: a 400 page in Chinese, never a 500 (issue 11's 13 server errors)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ODD = [
    "/org/360483/?period=1990",
    "/org/360483/?period=2100-12",
    "/org/360483/?period=1990H1",
    "/org/360483/?from=1990-01-01&to=2100-12-31",
    "/org/360483/air/?period=1990",
    "/org/360483/water/?period=2100-12",
    "/reports/360483/?from=0001-01-01&to=0001-12-31",
    "/reports/360483/?from=1990-01-01&to=2100-12-31",
    "/reports/360483/?from=2022-01-01&to=2023-06-30",
]


@pytest.mark.parametrize("url", ODD)
def test_an_unsupported_period_is_a_400_in_chinese(client, leader_user, url):
    client.force_login(leader_user)
    answer = client.get(url)
    assert answer.status_code == 400, url
    body = answer.content.decode()
    assert "Traceback" not in body
    assert "期间" in body or "年" in body


def test_the_first_and_last_supported_years_still_answer(client, leader_user):
    client.force_login(leader_user)
    assert client.get("/org/360483/?period=2000").status_code == 200
    assert client.get("/org/360483/?period=2099-12").status_code == 200
    assert client.get("/reports/360483/?from=2022-01-01&to=2022-12-31").status_code == 200
