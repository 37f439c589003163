"""Shared test set-up: the demo is in the test database, and personas for the three roles.

- The Lushan 2022 H1 demo (``ecoreport.demo.load_demo``) is loaded ONCE per session, right after
  the test database is created, so every test that uses the database sees it and each test's
  changes are rolled back as usual.
- A transactional test (``transactional_db``, ``live_server``, ``django_db(transaction=True)``)
  empties the database when it ends; the demo is then loaded again before the next database test.
- Personas: ``admin_user`` (管理员, superuser), ``staff_user`` (数据录入), ``leader_user`` (领导),
  all of 庐山市 360483 (``demo_org``); ``other_county_user`` is a 领导 of 濂溪区 360402, a sibling
  county, for access tests. ``make_org(code, name, parent=None)`` creates an organization.
- Passwords are hashed with MD5 in tests: the demo's accounts are created once per load, and the
  production hasher would make that take seconds for nothing.
"""

from __future__ import annotations

import pytest
from pytest_django.plugin import blocking_manager_key

DEMO_ORG_CODE = "360483"
OTHER_COUNTY_CODE = "360402"

_state = {"demo_flushed": False}


def pytest_configure(config):
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

    # The admin modules load with the URLconf (ecoreport.apps.AdminOnDemandConfig); tests that read
    # the admin registry without a request see every admin, as a served site does.
    from django.contrib import admin

    admin.autodiscover()


def _uses_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & {"db", "transactional_db", "live_server", "django_db_setup"}) or bool(
        item.get_closest_marker("django_db")
    )


def _flushes_database(item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    if names & {"transactional_db", "live_server"}:
        return True
    marker = item.get_closest_marker("django_db")
    if marker is None:
        return False
    return bool(marker.kwargs.get("transaction", marker.args[0] if marker.args else False))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    # Before the test's fixtures start their transaction, so the reload is committed once.
    if _state["demo_flushed"] and _uses_database(item):
        from ecoreport.demo.loading import load_demo

        with item.config.stash[blocking_manager_key].unblock():
            load_demo()
        _state["demo_flushed"] = False
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    result = yield
    if _flushes_database(item):
        _state["demo_flushed"] = True
    return result


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from ecoreport.demo.loading import load_demo

    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture
def demo_org(db):
    """庐山市 (360483), the demo county; reloads the demo if something emptied the database."""
    from ecoreport.accounts.models import Organization
    from ecoreport.demo.loading import load_demo

    org = Organization.objects.filter(code=DEMO_ORG_CODE).first()
    return org if org is not None else load_demo()


def _demo_user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.select_related("profile__organization").get(username=username)


@pytest.fixture
def admin_user(demo_org):
    """The demo ``admin``: superuser in group 管理员 (replaces pytest-django's ``admin_user``)."""
    return _demo_user("admin")


@pytest.fixture
def staff_user(demo_org):
    """The demo ``staff``: admin access, group 数据录入."""
    return _demo_user("staff")


@pytest.fixture
def leader_user(demo_org):
    """The demo ``leader``: no admin access, group 领导."""
    return _demo_user("leader")


@pytest.fixture
def make_org(db):
    """Factory: ``make_org(code, name, parent=None)``; ``parent`` is an Organization or a code."""
    from ecoreport.accounts.models import Organization

    def make(code: str, name: str, parent=None) -> Organization:
        if isinstance(parent, str):
            parent = Organization.objects.get(code=parent)
        level = Organization.Level.COUNTY if parent is not None else Organization.Level.CITY
        org, _ = Organization.objects.get_or_create(
            code=code, defaults={"name": name, "parent": parent, "level": level}
        )
        return org

    return make


@pytest.fixture
def other_county_user(demo_org, make_org):
    """A 领导 of 濂溪区 (360402), a county beside 庐山市 under 九江市: sees neither 庐山市 nor 九江市."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from ecoreport.accounts.models import UserProfile
    from ecoreport.accounts.roles import LEADERSHIP

    county = make_org(OTHER_COUNTY_CODE, "濂溪区", parent=demo_org.parent)
    user, _ = get_user_model().objects.get_or_create(username="lianxi_leader")
    user.groups.set([Group.objects.get(name=LEADERSHIP)])
    UserProfile.objects.update_or_create(user=user, defaults={"organization": county})
    return user
