"""A city's figures cover the stations and sections of every county under it."""

import datetime
from decimal import Decimal

import pytest
from figures_data import add_day, add_sample, make_org, make_section, make_station

from ecoreport.accounts.models import Organization
from ecoreport.figures.compute import compute_figures

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 5, 10)


@pytest.fixture
def city():
    city = make_org("368300", "测试市", level="city")
    east = make_org("368301", "东县", parent=city)
    west = make_org("368302", "西县", parent=city)
    village = make_org("368311", "东县开发区", parent=east)
    add_day(make_station(east, "E1"), DAY, 30)
    add_day(make_station(village, "E2"), DAY, 41, o3_8h=None)
    add_day(make_station(west, "W1"), DAY, 50)
    add_sample(make_section(east, "368301-W", "东湖"), DAY, tp="0.040", do="7", ph="7.5")
    add_sample(make_section(west, "368302-W", "西湖"), DAY, tp="0.080", do="7", ph="7.5")
    return city


def test_the_city_value_of_a_day_is_the_mean_over_all_stations_below_it(city):
    figures = compute_figures(city, DAY, DAY)
    # (30 + 41 + 50) / 3 = 40.33 → 40; O3 from the two stations that have it.
    assert figures.air.pm25 == 40
    assert figures.air.valid_days == 1


def test_a_county_covers_the_organizations_under_it_too(city):
    east = city.children.get(code="368301")
    # (30 + 41) / 2 = 35.5 → 36 by GB/T 8170 (round half to even).
    assert compute_figures(east, DAY, DAY).air.pm25 == 36


def test_the_city_has_the_sections_of_both_counties(city):
    figures = compute_figures(city, DAY, DAY)
    assert [(s.name, s.cls, s.tp) for s in figures.water.sections] == [
        ("东湖", "III", Decimal("0.040")),
        ("西湖", "IV", Decimal("0.080")),
    ]


def test_the_counties_are_ranked_by_pm25_and_good_rate(city):
    rankings = compute_figures(city, DAY, DAY).rankings
    assert [(e.rank, e.name, e.value) for e in rankings.orgs_by_pm25] == [(1, "东县", 36), (2, "西县", 50)]
    assert [(e.rank, e.name) for e in rankings.orgs_by_good_rate] == [(1, "东县"), (1, "西县")]


def test_the_tree_walk_gives_each_child_its_own_subtree(city):
    tree = Organization.objects.subtree(city)
    pks = {org.code: org.pk for org in Organization.objects.filter(code__startswith="3683")}
    assert tree.ids[0] == city.pk
    assert sorted(tree.ids) == sorted(pks.values())
    assert tree.child_subtrees == {
        pks["368301"]: {pks["368301"], pks["368311"]},
        pks["368302"]: {pks["368302"]},
    }
    assert [tree.names[pk] for pk in tree.child_subtrees] == ["东县", "西县"]
    assert Organization.objects.subtree_ids(city) == tree.ids
