"""The login lock behind nginx: clients counted by the address the trusted proxy saw, never by one they wrote.

Behind a reverse proxy REMOTE_ADDR is the proxy's, so the lock counted per user name alone (issue 11).
``TRUSTED_PROXIES`` names the proxies; a request from one of them is counted under the right-most
X-Forwarded-For address that is not a trusted proxy. nginx appends the client's address to whatever
the client sent (``$proxy_add_x_forwarded_for``), so that address is the client's own.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from ecoreport.accounts.throttle import LOCKED_MESSAGE, client_ip
from ecoreport.env import env_networks

PASSWORD = "leader-demo-2022"
NGINX = "127.0.0.1"


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def _login(client, password, *, remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post("/accounts/login/", {"username": "leader", "password": password}, **extra)


def _ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert _ip("10.0.0.1", "1.2.3.4") == "10.0.0.1"


def test_a_spoofed_header_from_an_untrusted_client_is_ignored(client, leader_user, settings):
    settings.TRUSTED_PROXIES = [NGINX]
    assert _ip("10.0.0.1", "1.2.3.4") == "10.0.0.1"
    for attempt in range(4):  # a new made-up address each time: still one client
        assert _login(client, "wrong", remote="10.0.0.1", forwarded=f"192.0.2.{attempt}").status_code == 200
    locked = _login(client, "wrong", remote="10.0.0.1", forwarded="192.0.2.99")
    assert locked.status_code == 429 and LOCKED_MESSAGE in locked.content.decode()


def test_behind_a_trusted_proxy_two_clients_are_counted_apart(client, leader_user, settings):
    settings.TRUSTED_PROXIES = [NGINX]
    for _ in range(5):
        _login(client, "wrong", remote=NGINX, forwarded="10.0.0.1")
    assert _login(client, PASSWORD, remote=NGINX, forwarded="10.0.0.1").status_code == 429
    other = _login(client, PASSWORD, remote=NGINX, forwarded="10.0.0.2")
    assert (other.status_code, other["Location"]) == (302, "/")


def test_behind_a_trusted_proxy_a_client_cannot_choose_its_address(client, leader_user, settings):
    # The client writes an address of its own; nginx appends the one it saw (10.0.0.1) to the right.
    settings.TRUSTED_PROXIES = [NGINX]
    assert _ip(NGINX, "203.0.113.7, 10.0.0.1") == "10.0.0.1"
    for attempt in range(5):
        _login(client, "wrong", remote=NGINX, forwarded=f"203.0.113.{attempt}, 10.0.0.1")
    assert _login(client, PASSWORD, remote=NGINX, forwarded="203.0.113.50, 10.0.0.1").status_code == 429


def test_a_chain_of_trusted_proxies_given_as_networks():
    from django.test import override_settings

    with override_settings(TRUSTED_PROXIES=["10.1.0.0/16", "::1/128"]):
        assert _ip("10.1.0.5", "198.51.100.1, 10.0.0.7, 10.1.2.3") == "10.0.0.7"
        assert _ip("::1", "2001:db8::5") == "2001:db8::5"
        assert _ip("10.1.0.5", "10.1.9.9") == "10.1.9.9"  # sent by a trusted host itself
        assert _ip("10.1.0.5", "") == "10.1.0.5"
        assert _ip("10.1.0.5", "not-an-address") == "10.1.0.5"  # a proxy writes addresses only
        assert _ip("10.2.0.5", "10.0.0.7") == "10.2.0.5"  # outside the network: not a proxy


def test_trusted_proxies_are_read_strictly_from_the_environment(monkeypatch):
    monkeypatch.delenv("TRUSTED_PROXIES", raising=False)
    assert env_networks("TRUSTED_PROXIES") == []
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8,::1")
    assert env_networks("TRUSTED_PROXIES") == ["127.0.0.1/32", "10.0.0.0/8", "::1/128"]
    monkeypatch.setenv("TRUSTED_PROXIES", "127.0.0.1,10.0.0.300")
    with pytest.raises(ImproperlyConfigured, match=r"^TRUSTED_PROXIES: '10.0.0.300' is not an IP address"):
        env_networks("TRUSTED_PROXIES")
