"""Login throttling: after repeated failures for one username from one address, refuse for a while.

Counted per username and IP together, so one person mistyping cannot lock a colleague out from
another machine, and one machine guessing many passwords for one account is stopped. The counts
live in the cache: a restart forgets them, which is acceptable for a brake on guessing.

Behind nginx every request comes from nginx's address. ``client_ip`` then reads X-Forwarded-For,
but only for a request whose REMOTE_ADDR is one of ``settings.TRUSTED_PROXIES``, and only the
right-most address in it that is not itself a trusted proxy: what a client writes into the header
stands to the left of what the proxies append, so it can never choose the address it is counted under.
"""

from __future__ import annotations

import functools
import hashlib
import ipaddress

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache

MAX_FAILURES = 5
WINDOW_SECONDS = 15 * 60
LOCK_SECONDS = 15 * 60
LOCKED_MESSAGE = "登录失败次数过多，请 15 分钟后再试。"


def _key(kind: str, username: str, ip: str) -> str:
    # Hashed so any username (spaces, non-ASCII, very long) makes a valid cache key.
    digest = hashlib.sha256(f"{username.strip().lower()}\0{ip}".encode()).hexdigest()
    return f"login-throttle:{kind}:{digest}"


@functools.cache
def _networks(proxies: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _trusted(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request) -> str:
    """The address a login attempt is counted under: REMOTE_ADDR, or behind a trusted proxy the
    right-most X-Forwarded-For address that is not a trusted proxy (see the module's doc)."""
    if request is None:
        return ""
    remote = request.META.get("REMOTE_ADDR", "")
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not networks or not _trusted(remote, networks):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        if _trusted(hop, networks):
            continue
        try:
            return str(ipaddress.ip_address(hop))
        except ValueError:  # not what a proxy writes: the header cannot be trusted this far
            return remote
    return hops[0] if hops else remote  # every hop a trusted proxy: the request began at one of them


def is_locked(username: str, ip: str) -> bool:
    return cache.get(_key("lock", username, ip)) is not None


def record_failure(username: str, ip: str) -> bool:
    """Count one failed attempt; True when this attempt locks the account for this address."""
    key = _key("fail", username, ip)
    cache.add(key, 0, timeout=WINDOW_SECONDS)
    try:
        failures = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS)
        failures = 1
    if failures >= MAX_FAILURES:
        cache.set(_key("lock", username, ip), 1, timeout=LOCK_SECONDS)
        cache.delete(key)
        return True
    return False


def reset(username: str, ip: str) -> None:
    cache.delete_many([_key("fail", username, ip), _key("lock", username, ip)])


class ThrottleMixin:
    """Refuse a locked username+address before checking the password; count each failure."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request)
        if is_locked(username, ip):
            raise forms.ValidationError(LOCKED_MESSAGE, code="throttled")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if record_failure(username, ip):
                raise forms.ValidationError(LOCKED_MESSAGE, code="throttled") from None
            raise
        reset(username, ip)
        return cleaned


class ThrottledAuthenticationForm(ThrottleMixin, AuthenticationForm):
    pass


class ThrottledAdminAuthenticationForm(ThrottleMixin, AdminAuthenticationForm):
    """For ``admin.site.login_form``, so /admin/login/ is no way around the throttle."""


class ThrottledLoginView(auth_views.LoginView):
    form_class = ThrottledAuthenticationForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error("__all__", code="throttled"):
            response.status_code = 429
        return response
