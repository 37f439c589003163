"""Every query parameter of every page, fuzzed: an answer (200, a redirect, 400, 404), never a 500.

Issue 11 found 13 server errors in 114 odd query values. Hypothesis draws values of the kinds a
person or a script would type (periods in every accepted form and beyond, dates of any year, numbers,
any text) for the dashboard pages, their drill-downs and charts, the report page, and the admin's
lists (search, filters, ordering, paging). The Django test client raises a view's exception, so a
500 fails the test with its traceback. Examples are few per test so the suite stays fast.
"""

from __future__ import annotations

import datetime
import re
from urllib.parse import quote, urlencode

import pytest
from django.contrib import admin
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

ORG = "360483"
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: a failure found once is found again
)

years = st.one_of(st.integers(1985, 2105), st.integers(0, 99_999))
small = st.integers(-3, 40)
PERIOD_VALUES = st.one_of(
    st.text(max_size=24),
    years.map(str),
    st.builds("{}H{}".format, years, small),
    st.builds("{}Q{}".format, years, small),
    st.builds("{}-{}".format, years, small),
    st.builds("{}M{}-{}".format, years, small, small),
    st.builds("{}年{}-{}月".format, years, small, small),
    st.sampled_from(["2022年上半年", "2022年第一季度", "2022年3月", "2022-01-01至2022-06-30", "2000", "2099-12"]),
)
DATE_VALUES = st.one_of(
    st.dates(min_value=datetime.date(1, 1, 1)).map(datetime.date.isoformat),
    st.dates(min_value=datetime.date(1995, 1, 1), max_value=datetime.date(2105, 12, 31)).map(datetime.date.isoformat),
    st.builds("{}-{}-{}".format, years, small, small),
    st.text(max_size=16),
)
ANY_VALUE = st.one_of(st.text(max_size=40), st.integers().map(str), PERIOD_VALUES, DATE_VALUES)


def _period_parameters():
    return st.one_of(
        st.fixed_dictionaries({"period": PERIOD_VALUES}),
        st.fixed_dictionaries({"from": DATE_VALUES, "to": DATE_VALUES}),
        st.fixed_dictionaries({}, optional={"period": PERIOD_VALUES, "from": DATE_VALUES, "to": DATE_VALUES}),
    )


def _get(client, path: str, parameters: dict):
    answer = client.get(f"{path}?{urlencode(parameters)}" if parameters else path)
    assert answer.status_code in {200, 301, 302, 400, 404}, (path, parameters, answer.status_code)
    if answer.get("Content-Type", "").startswith("text/"):
        assert b"Traceback" not in answer.content
    if answer.status_code == 400:  # says why, in Chinese
        assert re.search("[\u4e00-\u9fff]", answer.content.decode()), answer.content[:200]
    return answer


@pytest.fixture
def dashboard_paths(leader_user):
    from indicators.models import WaterSection
    from tasks.workstats import WorkIndicator

    section = WaterSection.objects.filter(organization__code=ORG).values_list("code", flat=True).first()
    indicator = WorkIndicator.objects.values_list("code", flat=True).first()
    base = f"/org/{ORG}/"
    return [
        base,
        *(f"{base}{page}/" for page in ("air", "water", "rectification", "ledger", "work", "report", "completeness")),
        *(f"{base}records/{page}/" for page in ("air", "air/stations", "items", "tasks")),
        f"{base}records/water/{section}/",
        f"{base}records/work/{indicator}/",
        *(f"{base}charts/{chart}" for chart in ("pm25.svg", "aqi-calendar.svg", "ledger.svg", f"tp/{section}.svg")),
    ]


# The drill-downs' own parameters, with the values they expect among the drawn ones.
PAGE_PARAMETERS = {
    "category": st.one_of(st.sampled_from(["优", "良", "轻度污染", "excellent"]), ANY_VALUE),
    "days": st.one_of(st.sampled_from(["good", "heavy", "valid"]), ANY_VALUE),
    "page": st.one_of(st.integers(-5, 10**20).map(str), ANY_VALUE),
    "status": st.one_of(st.sampled_from(["overdue", "completed", "in_progress", "closed"]), ANY_VALUE),
    "batch": ANY_VALUE,
    "group": ANY_VALUE,
    "area": ANY_VALUE,
}


@FUZZ
@given(data=st.data())
def test_dashboard_pages_answer_any_query(client, leader_user, dashboard_paths, data):
    client.force_login(leader_user)
    path = data.draw(st.sampled_from(dashboard_paths), label="path")
    parameters = data.draw(_period_parameters(), label="period")
    parameters |= data.draw(st.fixed_dictionaries({}, optional=PAGE_PARAMETERS), label="page parameters")
    _get(client, path, parameters)


@FUZZ
@given(code=st.text(min_size=1, max_size=30), page=st.sampled_from(["", "air/", "records/water/", "charts/tp/"]))
def test_any_organization_or_record_code_in_the_path_is_a_page_or_a_404(client, leader_user, code, page):
    client.force_login(leader_user)
    segment = quote(code, safe="")
    if page.startswith(("records/water", "charts/tp")):
        path = f"/org/{ORG}/{page}{segment}{'.svg' if page.startswith('charts') else '/'}"
    else:
        path = f"/org/{segment}/{page}"
    _get(client, path, {})


@FUZZ
@given(parameters=st.fixed_dictionaries({}, optional={"from": DATE_VALUES, "to": DATE_VALUES, "x": ANY_VALUE}))
def test_the_report_page_answers_any_range(client, leader_user, parameters):
    client.force_login(leader_user)
    _get(client, f"/reports/{ORG}/", parameters)


def _admin_parameters(model_admin) -> list[str]:
    """The parameters an admin list reads: search, ordering, paging, and each filter's."""
    from django.contrib.admin import SimpleListFilter

    names = ["q", "o", "p", "all", "e", "_to_field", "_popup"]
    for spec in model_admin.list_filter:
        if isinstance(spec, type) and issubclass(spec, SimpleListFilter):
            names.append(spec.parameter_name)
        elif isinstance(spec, str):
            names += [f"{spec}__exact", f"{spec}__id__exact", f"{spec}__gte", f"{spec}__lt", f"{spec}__isnull"]
        elif isinstance(spec, tuple):
            names += [f"{spec[0]}__exact", f"{spec[0]}__gte", f"{spec[0]}__lt"]
    return names


def _admin_lists() -> list[tuple[str, str, object]]:
    import ecoreport.urls  # noqa: F401 - the URLconf registers the admin's models

    found = [(model._meta.app_label, model._meta.model_name, ma) for model, ma in admin.site._registry.items()]
    return sorted(found, key=lambda entry: entry[:2])


@FUZZ
@given(data=st.data())
def test_admin_lists_answer_any_search_and_filter(client, admin_user, data):
    client.force_login(admin_user)
    app_label, model_name, model_admin = data.draw(st.sampled_from(_admin_lists()), label="list")
    names = _admin_parameters(model_admin)
    chosen = data.draw(st.lists(st.sampled_from(names), max_size=3, unique=True), label="parameters")
    parameters = {name: data.draw(ANY_VALUE, label=name) for name in chosen}
    _get(client, f"/admin/{app_label}/{model_name}/", parameters)


@pytest.mark.parametrize(
    "address",
    [
        "/org/%00/",
        f"/org/{ORG}/?period=2022%00",
        f"/org/{ORG}/records/items/?batch=a%00b",
        f"/org/{ORG}/records/tasks/?area=%00",
        "/admin/tasks/ledgertask/?q=%00",
        f"/reports/{ORG}/?from=2022-01-01&to=2022-06-30&%00=1",
    ],
)
def test_a_nul_character_in_the_address_is_the_400_page(client, admin_user, address):
    """Found by the fuzzing above: PostgreSQL refuses NUL in a string, and the lookup was a 500."""
    client.force_login(admin_user)
    answer = client.get(address)
    assert answer.status_code == 400
    assert "请求无效" in answer.content.decode()
