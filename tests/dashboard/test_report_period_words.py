"""The report page reads a period in people's words too (issue 13, item 5): the labels the
dashboard shows (2022年第一季度, 2022年3月, 2022年) as well as the codes and from/to."""

from __future__ import annotations

import pytest

from ecoreport.lib.periods import parse_period_key

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("words", "start", "end"),
    [
        ("2022年上半年", "2022-01-01", "2022-06-30"),
        ("2022年第一季度", "2022-01-01", "2022-03-31"),
        ("2022年3月", "2022-03-01", "2022-03-31"),
        ("2022年", "2022-01-01", "2022-12-31"),
        ("2022Q2", "2022-04-01", "2022-06-30"),
    ],
)
def test_the_report_page_reads_the_dashboards_period_labels(client, leader_user, words, start, end):
    client.force_login(leader_user)
    page = client.get("/reports/360483/", {"period": words}).content.decode()
    assert f'name="from" value="{start}"' in page and f'name="to" value="{end}"' in page
    assert f'name="period" value="{words}"' in page  # the box keeps what was typed
    query = parse_period_key(words).querystring().replace("&", "&amp;")
    assert f'href="/reports/360483/pdf/?{query}"' in page  # downloads are of the same period


def test_a_period_the_report_cannot_read_says_why(client, leader_user):
    client.force_login(leader_user)
    response = client.get("/reports/360483/", {"period": "2022年第五季度"})
    assert response.status_code == 400
    assert "无法识别的期间：2022年第五季度" in response.content.decode()


def test_the_report_page_opens_on_the_latest_half_year_with_data(client, leader_user):
    client.force_login(leader_user)
    page = client.get("/reports/360483/").content.decode()
    assert 'name="from" value="2022-01-01"' in page and 'name="to" value="2022-06-30"' in page
