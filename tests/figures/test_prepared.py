"""Queries compiled once per shape (``figures.prepared``) return the rows of the queryset itself."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from ecoreport.accounts.models import Organization
from ecoreport.figures import prepared, water
from ecoreport.figures.memo import Fingerprint
from indicators.models import WaterSample, WaterSection

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 1, 1)


@pytest.fixture
def sections():
    found = []
    for number in range(3):
        org = Organization.objects.create(code=f"36870{number}", name=f"预编译县{number}", level="county")
        section = WaterSection.objects.create(
            organization=org, code=f"P{number}", name=f"断面{number}", body="river", target_class="III"
        )
        for month in range(1, 5):
            WaterSample.objects.create(
                section=section, date=DAY.replace(month=month), tp=Decimal(f"0.{number}{month}5"), do=Decimal("6.1")
            )
        found.append(section)
    return found


def _samples(section_ids: list[int], first: datetime.date, last: datetime.date):
    return (
        WaterSample.objects.filter(section_id__in=section_ids, date__range=(first, last))
        .values("section_id", "date", "tp", "do")
        .order_by("section_id", "date")
    )


def _shifted(section_ids: list[int], first: datetime.date):
    # The queryset turns its argument into another value: this shape cannot be reused.
    return WaterSample.objects.filter(
        section_id__in=section_ids, date__gt=first + datetime.timedelta(days=1)
    ).values_list("section_id", "date")


def test_rows_equal_the_querysets_for_every_call_of_a_shape(sections):
    ids = [section.pk for section in sections]
    calls = [
        (ids[:2], DAY, DAY.replace(month=2)),
        ([ids[2], ids[0]], DAY.replace(month=2), DAY.replace(month=4)),
        (ids[1:], DAY.replace(month=4), DAY.replace(month=4)),
    ]
    for args in calls:
        expected = list(_samples(*args))
        assert expected  # each call reads rows, and different ones
        assert prepared.rows("test_samples", _samples, *args, dicts=True) == expected
    assert prepared.rows("test_samples", _samples, ids, DAY, DAY.replace(month=4), dicts=True) == list(
        _samples(ids, DAY, DAY.replace(month=4))
    )
    first = prepared.rows("test_samples", _samples, ids[:1], DAY, DAY.replace(month=4), dicts=True)
    assert [(row["date"].month, row["tp"]) for row in first] == [
        (1, Decimal("0.015")),
        (2, Decimal("0.025")),
        (3, Decimal("0.035")),
        (4, Decimal("0.045")),
    ]


def test_a_reused_shape_runs_only_its_query(sections):
    ids = [section.pk for section in sections]
    prepared.rows("test_samples_count", _samples, ids, DAY, DAY)
    with CaptureQueriesContext(connection) as captured:
        found = prepared.rows("test_samples_count", _samples, ids, DAY.replace(month=3), DAY.replace(month=3))
    assert len(captured) == 1
    assert [row[0] for row in found] == ids


def test_a_transformed_argument_falls_back_to_the_queryset(sections):
    ids = [section.pk for section in sections]
    assert prepared.rows("test_shifted", _shifted, ids, DAY) == list(_shifted(ids, DAY))
    assert prepared.rows("test_shifted", _shifted, ids, DAY.replace(month=3)) == list(
        _shifted(ids, DAY.replace(month=3))
    )
    assert len(prepared.rows("test_shifted", _shifted, ids, DAY.replace(month=3))) == 3
    key = ("test_shifted", False, connection.vendor, (3, "date"))
    assert prepared._templates[key] is None


def test_an_empty_list_reads_no_rows(sections):
    assert prepared.rows("test_empty", _samples, [], DAY, DAY) == []
    either = Q(pk__in=[]) | Q(code="P1")
    assert prepared.rows("test_empty_or", lambda ids: WaterSection.objects.filter(either).values_list("code"), []) == [
        ("P1",)
    ]


def test_the_drinking_counts_are_one_row_even_without_results(sections):
    ids = [section.organization_id for section in sections]
    assert list(water._drinking_query(ids, DAY, DAY)) == [(0, 0, 0)]
    figures = water.drinking_figures(ids, DAY, DAY, Fingerprint())
    assert (figures.sources, figures.results, figures.compliant, figures.rate) == (0, 0, 0, None)
