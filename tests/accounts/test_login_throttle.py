"""Five failed logins for one username from one address lock it out for 15 minutes."""

import datetime

import pytest
from django.core.cache import cache
from freezegun import freeze_time

from ecoreport.accounts.throttle import LOCKED_MESSAGE

PASSWORD = "leader-demo-2022"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, password, username="leader", ip="10.0.0.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_the_right_password_logs_in(client, leader_user):
    response = _login(client, PASSWORD)
    assert (response.status_code, response["Location"]) == (302, "/")


def test_four_failures_still_allow_the_right_password(client, leader_user):
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, PASSWORD).status_code == 302


def test_the_fifth_failure_locks_even_the_right_password_out(client, leader_user):
    for _ in range(4):
        _login(client, "wrong")
    fifth = _login(client, "wrong")
    assert fifth.status_code == 429
    assert LOCKED_MESSAGE in fifth.content.decode()
    refused = _login(client, PASSWORD)
    assert refused.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_lifts_after_fifteen_minutes(client, leader_user):
    start = datetime.datetime(2022, 7, 1, 9, 0, tzinfo=datetime.UTC)
    with freeze_time(start) as frozen:
        for _ in range(5):
            _login(client, "wrong")
        frozen.tick(datetime.timedelta(minutes=14))
        assert _login(client, PASSWORD).status_code == 429
        frozen.tick(datetime.timedelta(minutes=2))
        assert _login(client, PASSWORD).status_code == 302


def test_a_lock_is_per_username_and_address(client, leader_user, staff_user):
    for _ in range(5):
        _login(client, "wrong")
    assert _login(client, PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, "staff-demo-2022", username="staff").status_code == 302


def test_a_success_forgets_earlier_failures(client, leader_user):
    for _ in range(4):
        _login(client, "wrong")
    assert _login(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(4):
        assert _login(client, "wrong").status_code == 200
    assert _login(client, PASSWORD).status_code == 302


def test_the_login_page_is_in_chinese(client, db):
    body = client.get("/accounts/login/").content.decode()
    assert "用户名" in body and "密码" in body and "登录" in body


def test_the_admin_login_is_throttled_too(client, staff_user):
    for _ in range(5):
        client.post("/admin/login/", {"username": "staff", "password": "wrong"}, REMOTE_ADDR="10.0.0.9")
    response = client.post(
        "/admin/login/?next=/admin/", {"username": "staff", "password": "staff-demo-2022"}, REMOTE_ADDR="10.0.0.9"
    )
    assert "_auth_user_id" not in client.session
    assert LOCKED_MESSAGE in response.content.decode()
