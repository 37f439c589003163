"""Data versions: every write below an organization changes its version, so cached figures never go stale.

The figures are cached per (organization, period, data version); the versions are bumped by
database triggers on every table the figures read, whatever wrote the row.
"""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from figures_data import add_day, make_org, make_station

from ecoreport.accounts.models import Organization
from ecoreport.audit import version_triggers
from ecoreport.audit.versions import EVERYONE, TRACKED, DataVersion, versions_key
from ecoreport.figures.compute import compute_figures
from ecoreport.figures.inputs import NOT_INPUTS
from indicators.models import AirDailyRecord, SectionGroup, WaterSample
from tasks.models import RectificationItem, ResponsibleUnit

pytestmark = pytest.mark.django_db

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


def _versions() -> dict[int, int]:
    return dict(DataVersion.objects.values_list("scope", "version"))


def test_a_correction_saved_like_the_admin_does_shows_at_once(demo_org):
    before = compute_figures(demo_org, *H1)
    record = AirDailyRecord.objects.get(station__code="360483-A01", date=datetime.date(2022, 3, 1))
    record.pm25 = record.pm25 + Decimal(300)
    record.save()
    after = compute_figures(demo_org, *H1)
    assert after.air.pm25 > before.air.pm25
    assert after.data_fingerprint != before.data_fingerprint


def test_a_warm_call_reads_no_data_row(demo_org):
    compute_figures(demo_org, *H1)
    with CaptureQueriesContext(connection) as captured:
        figures = compute_figures(demo_org, *H1)
    assert figures.air.valid_days == 181
    assert len(captured) == 2  # the subtree and its data versions
    assert "dataversion" in captured[1]["sql"]


@pytest.mark.parametrize(
    "write",
    [
        lambda org: AirDailyRecord.objects.filter(station__organization=org).update(so2=Decimal(9)),
        lambda org: WaterSample.objects.filter(section__organization=org).order_by("date").first().delete(),
        lambda org: RectificationItem.objects.filter(batch__organization=org).update(description="改"),
        lambda org: Organization.objects.filter(pk=org.pk).update(name="庐山市（改）"),
    ],
    ids=["air update()", "water delete", "rectification update()", "organization renamed"],
)
def test_a_write_below_an_organization_gives_it_a_new_version(demo_org, write):
    sibling = make_org("369803", "兄弟县", parent=demo_org.parent)
    others = {scope: v for scope, v in _versions().items() if scope not in (demo_org.pk, EVERYONE)}
    before, sibling_before = versions_key([demo_org.pk]), versions_key([sibling.pk])
    write(demo_org)
    assert versions_key([demo_org.pk]) != before
    assert {scope: v for scope, v in _versions().items() if scope not in (demo_org.pk, EVERYONE)} == others
    if connection.vendor == "postgresql":  # per organization; SQLite has one version for everything
        assert versions_key([sibling.pk]) == sibling_before


def test_rows_of_no_organization_give_everyone_a_new_version(demo_org):
    sibling = make_org("369803", "兄弟县", parent=demo_org.parent)
    keys = versions_key([demo_org.pk]), versions_key([sibling.pk])
    SectionGroup.objects.create(name="新分组")
    assert (versions_key([demo_org.pk]), versions_key([sibling.pk])) != keys
    keys = versions_key([demo_org.pk]), versions_key([sibling.pk])
    ResponsibleUnit.objects.create(name="全市共用的单位")
    assert versions_key([demo_org.pk]) != keys[0] and versions_key([sibling.pk]) != keys[1]


def test_a_parent_sees_the_versions_of_its_whole_subtree():
    city = make_org("369801", "市", level="city")
    county = make_org("369802", "县", parent=city)
    station = make_station(county, "369802-A")
    add_day(station, datetime.date(2024, 3, 1), 30)
    ids = [city.pk, county.pk]
    before = versions_key(ids)
    first = compute_figures(city, datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    AirDailyRecord.objects.filter(station=station).update(pm25=Decimal(90))
    assert versions_key(ids) != before
    second = compute_figures(city, datetime.date(2024, 3, 1), datetime.date(2024, 3, 31))
    assert (first.air.pm25, second.air.pm25) == (30, 90)


def test_a_rolled_back_change_leaves_no_figure_behind(demo_org):
    before = compute_figures(demo_org, *H1)
    with pytest.raises(RuntimeError), transaction.atomic():
        AirDailyRecord.objects.filter(station__organization=demo_org).update(pm25=Decimal(200))
        assert compute_figures(demo_org, *H1).air.good_days < before.air.good_days
        raise RuntimeError("rolled back")
    assert compute_figures(demo_org, *H1).air.good_days == before.air.good_days
    # A later change gets a version of its own, never the rolled-back one's cached figures.
    AirDailyRecord.objects.filter(station__organization=demo_org, date=datetime.date(2022, 5, 3)).update(
        pm25=Decimal(300)
    )
    assert compute_figures(demo_org, *H1).air.good_days == before.air.good_days - 1


def test_every_table_of_the_data_apps_is_tracked_or_said_not_to_be_an_input():
    for label in ("indicators", "tasks"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            assert model in TRACKED or model in NOT_INPUTS, f"{model._meta.label}: track it in figures.inputs"
    assert Organization in TRACKED


def test_every_tracked_table_has_its_triggers_in_the_database():
    if connection.vendor == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    with connection.cursor() as cursor:
        cursor.execute(sql)
        installed = {name for (name,) in cursor.fetchall()}
    for model in TRACKED:
        assert set(version_triggers.trigger_names(model)) <= installed, model._meta.label


def test_a_cached_page_and_chart_show_a_correction_at_once(client, admin_user, demo_org):
    client.force_login(admin_user)
    page, chart = (f"/org/{demo_org.code}/{path}?period=2022H1" for path in ("", "charts/pm25.svg"))
    before, before_chart = client.get(page).content.decode(), client.get(chart).content
    card = before.split('data-testid="card-pm25"')[1].split("</article>")[0]
    pm25 = compute_figures(demo_org, *H1).air.pm25
    assert f">{pm25}</a>" in card
    AirDailyRecord.objects.filter(station__organization=demo_org, date__month=3, date__year=2022).update(
        pm25=Decimal(250)
    )
    after = client.get(page).content.decode()
    new_pm25 = compute_figures(demo_org, *H1).air.pm25
    assert new_pm25 > pm25
    assert f">{new_pm25}</a>" in after.split('data-testid="card-pm25"')[1].split("</article>")[0]
    assert client.get(chart).content != before_chart
