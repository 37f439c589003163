"""Each page runs a fixed number of queries: the same with ten times the data.

A page's count is its own overhead (session, user, organization, period) plus what
``compute_figures`` needs; both are pinned here, so a change in either shows up. Pages are counted
warm (the figures of the data version are cached: two queries); a cold ``compute_figures`` is
pinned on its own.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecoreport.accounts.models import Organization
from ecoreport.figures.cache import forget
from ecoreport.figures.compute import compute_figures
from indicators.models import AirDailyRecord, AirStation, WaterSample, WaterSection
from tasks.models import InspectionBatch, LedgerArea, LedgerTask, RectificationItem

# Queries of the page beyond compute_figures: session, user, organization, the organization tree
# (read once for what the user may see and for the subtree) (+ latest data date when the URL names
# no period).
PAGES = {
    "/org/{org}/": 5,
    "/org/{org}/?period=2022H1": 4,
    "/org/{org}/air/?period=2022H1": 4,
    "/org/{org}/water/?period=2022H1": 4,
    "/org/{org}/rectification/?period=2022H1": 4,
    "/org/{org}/ledger/?period=2022H1": 4,
    "/org/{org}/records/air/?period=2022H1&days=good": 4,
    "/org/{org}/records/water/360483-XZ/?period=2022H1": 5,
}
# Charts drawn once per (organization, period, data version): one query for the data versions.
CHART_PAGES = {
    "/org/{org}/charts/pm25.svg?period=2022H1": 5,
    "/org/{org}/charts/ledger.svg?period=2022H1": 5,
}
# Pages that list records without the figures object: a fixed count of their own.
RECORD_PAGES = {
    "/org/{org}/records/air/stations/?period=2022H1": 6,
    "/org/{org}/records/items/?period=2022H1&status=behind": 5,
    "/org/{org}/records/tasks/?period=2022H1": 5,
}
CITY_PAGES = {"/org/{org}/?period=2022H1": 4, "/org/{org}/water/?period=2022H1": 4}


def _clone(obj, **changes):
    obj.pk = None
    obj.id = None
    for name, value in changes.items():
        setattr(obj, name, value)
    return obj


def grow_tenfold(county: Organization) -> None:
    """Nine copies of each of the county's stations, sections, batches and ledger areas, with their rows."""
    for station in list(AirStation.objects.filter(organization=county)):
        records = list(AirDailyRecord.objects.filter(station=station))
        for i in range(1, 10):
            copy = _clone(AirStation.objects.get(pk=station.pk), code=f"{station.code}x{i}", name=f"{station.name}{i}")
            copy.save()
            AirDailyRecord.objects.bulk_create([_clone(r, station=copy) for r in records])
            records = list(AirDailyRecord.objects.filter(station=station))
    for section in list(WaterSection.objects.filter(organization=county)):
        for i in range(1, 10):
            samples = list(WaterSample.objects.filter(section=section))
            groups = list(section.groups.all())
            copy = _clone(
                WaterSection.objects.get(pk=section.pk), code=f"{section.code}x{i}", name=f"{section.name}{i}"
            )
            copy.save()
            copy.groups.set(groups)
            WaterSample.objects.bulk_create([_clone(s, section=copy) for s in samples])
    for batch in list(InspectionBatch.objects.filter(organization=county)):
        for i in range(1, 10):
            items = list(RectificationItem.objects.filter(batch=batch))
            copy = _clone(InspectionBatch.objects.get(pk=batch.pk), name=f"{batch.name}{i}", group="")
            copy.save()
            RectificationItem.objects.bulk_create([_clone(item, batch=copy, code=f"{item.code}x{i}") for item in items])
    for area in list(LedgerArea.objects.filter(organization=county)):
        for i in range(1, 10):
            tasks = list(LedgerTask.objects.filter(area=area))
            copy = _clone(LedgerArea.objects.get(pk=area.pk), name=f"{area.name}{i}")
            copy.save()
            LedgerTask.objects.bulk_create([_clone(task, area=copy) for task in tasks])


def grow_city_tenfold(city: Organization) -> None:
    """Nine more counties per county under the city, each with a copy of one station and its days."""
    station = AirStation.objects.filter(organization__parent=city).order_by("code").first()
    records = list(AirDailyRecord.objects.filter(station=station))
    counties = list(city.children.all())
    for n in range(9 * len(counties)):
        county = Organization.objects.create(code=f"39{n:04d}", name=f"测试县{n}", parent=city)
        copy = _clone(AirStation.objects.get(pk=station.pk), code=f"T{n}", organization=county)
        copy.save()
        AirDailyRecord.objects.bulk_create([_clone(r, station=copy) for r in records])


def _figures_queries(org, *, cold: bool = False) -> int:
    """Queries of compute_figures; warm (the figures of this data version are cached) unless ``cold``."""
    if cold:
        forget()
    else:
        compute_figures(org, date(2022, 1, 1), date(2022, 6, 30))
    with CaptureQueriesContext(connection) as ctx:
        compute_figures(org, date(2022, 1, 1), date(2022, 6, 30))
    return len(ctx.captured_queries)


def _page_queries(client, url) -> int:
    client.get(url)  # warm caches that are not per request (content types, etc.)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _counts(client, org, pages):
    return {url: _page_queries(client, url.format(org=org.code)) for url in pages}


def _expected(pages, figures_queries, uses_figures=True):
    # A page hands compute_figures the subtree it has just read: the figures cost one query less.
    return {url: overhead + (figures_queries - 1 if uses_figures else 0) for url, overhead in pages.items()}


def test_compute_figures_takes_a_fixed_number_of_queries(demo_org):
    assert _figures_queries(demo_org, cold=True) == 16
    assert _figures_queries(demo_org) == 2  # the subtree and its data versions


def test_county_pages_keep_their_query_count_with_ten_times_the_data(client, admin_user, demo_org):
    client.force_login(admin_user)
    figures_before = _figures_queries(demo_org)
    before = _counts(client, demo_org, PAGES) | _counts(client, demo_org, RECORD_PAGES | CHART_PAGES)
    assert before == _expected(PAGES, figures_before) | _expected(RECORD_PAGES | CHART_PAGES, 0, uses_figures=False)

    stations_before = AirStation.objects.filter(organization=demo_org).count()
    grow_tenfold(demo_org)
    assert AirStation.objects.filter(organization=demo_org).count() == 10 * stations_before
    assert LedgerTask.objects.filter(area__organization=demo_org).count() == 620

    assert _figures_queries(demo_org) == figures_before
    after = _counts(client, demo_org, PAGES) | _counts(client, demo_org, RECORD_PAGES | CHART_PAGES)
    assert after == before


def test_city_pages_keep_their_query_count_with_ten_times_the_counties(client, admin_user, demo_org):
    client.force_login(admin_user)
    city = demo_org.parent
    figures_before = _figures_queries(city)
    before = _counts(client, city, CITY_PAGES)
    assert before == _expected(CITY_PAGES, figures_before)
    counties = city.children.count()
    grow_city_tenfold(city)
    assert city.children.count() == 10 * counties
    assert _counts(client, city, CITY_PAGES) == before


@pytest.mark.parametrize("role", ["leader_user", "staff_user"])
def test_a_county_user_pays_one_more_query_to_find_what_they_may_see(client, request, role, demo_org):
    # Their profile (a superuser sees all without it); the tree read for the subtree says what lies under it.
    client.force_login(request.getfixturevalue(role))
    expected = {url: count + 1 for url, count in _expected(PAGES, _figures_queries(demo_org)).items()}
    assert _counts(client, demo_org, PAGES) == expected
