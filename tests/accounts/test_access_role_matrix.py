"""Every dashboard URL against every role: who gets the page, who is sent to log in, who gets 404."""

import pytest
from django.urls import reverse

ORG = "360483"
PERIOD = "?period=2022H1"
SECTION = "XZ"  # placeholder, replaced by a real section code of the demo below

URLS = [
    ("dashboard:overview", {}),
    ("dashboard:air", {}),
    ("dashboard:water", {}),
    ("dashboard:rectification", {}),
    ("dashboard:ledger", {}),
    ("dashboard:records_air", {}),
    ("dashboard:records_air_stations", {}),
    ("dashboard:records_water", {"section_code": SECTION}),
    ("dashboard:records_items", {}),
    ("dashboard:records_tasks", {}),
    ("dashboard:chart_pm25", {}),
    ("dashboard:chart_aqi_calendar", {}),
    ("dashboard:chart_section_tp", {"section_code": SECTION}),
    ("dashboard:chart_ledger", {}),
    ("dashboard:report", {}),
]
ROLES = ["anonymous", "leader_user", "staff_user", "admin_user", "other_county_user"]


@pytest.fixture
def section_code(demo_org):
    from indicators.models import WaterSection

    return WaterSection.objects.filter(organization=demo_org).order_by("code").values_list("code", flat=True)[0]


def _url(name, kwargs, section_code):
    kwargs = {key: (section_code if value == SECTION else value) for key, value in kwargs.items()}
    return reverse(name, kwargs={"code": ORG, **kwargs}) + PERIOD


def _client(client, request, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "kwargs"), URLS, ids=[name for name, _ in URLS])
def test_each_url_answers_each_role_as_its_access_allows(client, request, demo_org, section_code, role, name, kwargs):
    url = _url(name, kwargs, section_code)
    response = _client(client, request, role).get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login") + "?next=")
    elif role == "other_county_user":
        assert response.status_code == 404
    elif name == "dashboard:report":
        # Hands over to the report pages with the same organization and dates.
        assert response.status_code == 302
        assert response["Location"] == "/reports/360483/?from=2022-01-01&to=2022-06-30"
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("role", ["leader_user", "staff_user", "admin_user"])
def test_no_dashboard_url_accepts_a_change(client, request, demo_org, section_code, role):
    client = _client(client, request, role)
    for name, kwargs in URLS:
        assert client.post(_url(name, kwargs, section_code)).status_code == 405, name


@pytest.mark.parametrize(
    ("role", "sees_admin_link"), [("leader_user", False), ("staff_user", True), ("admin_user", True)]
)
def test_the_admin_link_shows_only_for_staff(client, request, demo_org, role, sees_admin_link):
    body = _client(client, request, role).get(f"/org/{ORG}/{PERIOD}").content.decode()
    assert ('href="/admin/"' in body) is sees_admin_link
    assert "数据管理" in body if sees_admin_link else "数据管理" not in body


@pytest.mark.parametrize(("role", "admin_status"), [("leader_user", 302), ("staff_user", 200), ("admin_user", 200)])
def test_only_data_entry_and_administrators_reach_the_admin(client, request, demo_org, role, admin_status):
    assert _client(client, request, role).get("/admin/").status_code == admin_status


@pytest.mark.parametrize("role", ["leader_user", "staff_user", "admin_user"])
def test_home_sends_each_user_to_their_organization(client, request, demo_org, role):
    response = _client(client, request, role).get("/")
    assert (response.status_code, response["Location"]) == (302, f"/org/{ORG}/")


def test_another_countys_user_lands_on_their_own_county_and_not_on_the_city(client, other_county_user):
    client.force_login(other_county_user)
    assert client.get("/")["Location"] == "/org/360402/"
    assert client.get("/org/360402/?period=2022H1").status_code == 200
    city = other_county_user.profile.organization.parent.code
    assert client.get(f"/org/{city}/?period=2022H1").status_code == 404


def test_an_unknown_organization_is_a_404_like_a_forbidden_one(client, leader_user):
    client.force_login(leader_user)
    assert client.get("/org/999999/").status_code == 404


def test_home_requires_login(client, db):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
