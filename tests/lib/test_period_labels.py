"""The period picker reads the page's own labels as well as the codes (issue 13, item 5)."""

from __future__ import annotations

from datetime import date

import pytest

from ecoreport.lib.periods import PeriodError, choices_for_year, parse_period_key, range_period


@pytest.mark.parametrize("period", choices_for_year(2022, 6), ids=lambda period: period.key)
def test_every_label_the_page_shows_reads_back_as_its_period(period):
    assert parse_period_key(period.label) == period


@pytest.mark.parametrize(
    ("words", "key"),
    [
        ("2022年上半年", "2022H1"),
        ("2022年下半年", "2022H2"),
        ("2022年第一季度", "2022Q1"),
        ("2022年四季度", "2022Q4"),
        ("2022年3月", "2022-03"),
        ("2022年", "2022"),
        ("2022年1-6月", "2022M1-6"),
        (" 2022 年 1—6 月 ", "2022M1-6"),
        ("2022H1", "2022H1"),
    ],
)
def test_peoples_words_and_codes_name_the_same_period(words, key):
    assert parse_period_key(words).key == key


def test_a_range_label_reads_as_the_range():
    assert parse_period_key("2022-01-01至2022-06-30") == range_period(date(2022, 1, 1), date(2022, 6, 30))


def test_anything_else_is_refused_with_examples_in_both_spellings():
    with pytest.raises(PeriodError, match="例如 2022年上半年.*2022H1"):
        parse_period_key("去年夏天")
    with pytest.raises(PeriodError):
        parse_period_key("2022年13月")


@pytest.mark.django_db
def test_the_dashboard_opens_on_a_period_typed_as_its_label(client, leader_user):
    client.force_login(leader_user)
    page = client.get("/org/360483/", {"period": "2022年上半年"})
    assert page.status_code == 200
    assert "2022年上半年总览" in page.content.decode()


def test_the_report_period_is_the_latest_half_year_with_data():
    from ecoreport.lib.periods import default_report_period, half_period

    today = date(2026, 11, 30)
    assert default_report_period(today, date(2022, 6, 30)) == half_period(2022, 1)
    assert default_report_period(today, date(2026, 11, 29)) == half_period(2026, 1)
    assert default_report_period(today, None) == half_period(2026, 1)


@pytest.mark.django_db
def test_the_reports_page_opens_on_the_latest_half_year_with_data(client, leader_user):
    client.force_login(leader_user)
    page = client.get("/reports/360483/")
    assert page.status_code == 200
    assert page.context["start"] == date(2022, 1, 1) and page.context["end"] == date(2022, 6, 30)
