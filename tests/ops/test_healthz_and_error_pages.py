"""/healthz asks the database; a database that fails during a request gives the 503 page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import InterfaceError, OperationalError, connection

from ecoreport.health import is_database_unavailable

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def _failing_with(exc: Exception):
    def wrapper(execute, sql, params, many, context):
        raise exc

    return connection.execute_wrapper(wrapper)


def test_healthz_says_ok_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert (response.status_code, response.content) == (200, b"ok")
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_503_when_the_database_does_not(client, db):
    with _failing_with(OperationalError("connection refused")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert b"database unavailable" in response.content


def test_healthz_refuses_posts(client, db):
    assert client.post("/healthz").status_code == 405


@pytest.mark.parametrize("error", [OperationalError("server closed the connection"), InterfaceError("closed")])
def test_a_database_failure_during_a_page_gives_the_503_page(client, leader_user, error):
    client.force_login(leader_user)
    client.raise_request_exception = False
    with _failing_with(error):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    body = response.content.decode()
    assert "服务暂时不可用" in body and "数据库" in body


def test_any_other_error_gives_the_500_page(client, leader_user):
    client.force_login(leader_user)
    client.raise_request_exception = False
    with _failing_with(ValueError("a bug")):
        response = client.get("/")
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()


def test_healthz_is_not_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/accounts/login/").status_code == 301


@pytest.mark.parametrize("name", ["500.html", "503.html"])
def test_the_error_pages_are_standalone_html_without_template_tags(name):
    text = (TEMPLATES / name).read_text(encoding="utf-8")
    assert "{%" not in text and "{{" not in text
    assert text.startswith("<!doctype html>") and 'lang="zh-hans"' in text


def test_a_database_error_is_recognised_behind_another_exception():
    try:
        try:
            raise OperationalError("gone")
        except OperationalError as exc:
            raise RuntimeError("while rendering") from exc
    except RuntimeError as outer:
        assert is_database_unavailable(outer)
    assert not is_database_unavailable(ValueError("no"))
    assert not is_database_unavailable(None)
