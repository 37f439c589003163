"""PostgreSQL renders a sample row as exactly ``repr`` of its ``values()`` dict (``figures.rendered``),
and the water figures read through it hash the rows they always hashed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from ecoreport.accounts.models import Organization
from ecoreport.figures.memo import Fingerprint
from ecoreport.figures.rendered import python_repr
from ecoreport.figures.water import _SAMPLE_FIELDS, section_figures
from indicators.models import WATER_FIELD, WaterSample, WaterSection

ON_POSTGRES = pytest.mark.skipif(connection.vendor != "postgresql", reason="the rendering is PostgreSQL's")
# Stored values are never negative (check constraints); zeros of every spelling, the smallest step, the largest.
EDGES = [Decimal("0"), Decimal("0.00000"), Decimal("0.00001"), Decimal("7.5"), Decimal("100000"),
         Decimal("999999999.99999"), Decimal("1E+3")]  # fmt: skip
VALUES = st.one_of(
    st.none(),
    st.sampled_from(EDGES),
    st.integers(0, 10**14 - 1).map(lambda n: Decimal(n).scaleb(-5)),
)
DAYS = st.dates(datetime.date(1, 1, 1), datetime.date(9999, 12, 31))
ROWS = st.tuples(DAYS, st.lists(VALUES, min_size=len(WATER_FIELD), max_size=len(WATER_FIELD)))


def _section() -> WaterSection:
    org = Organization.objects.create(code="368790", name="渲染县", level="county")
    return WaterSection.objects.create(organization=org, code="R1", name="断面", body="river", target_class="III")


def _rendered_and_repr(section_ids):
    found = WaterSample.objects.filter(section_id__in=section_ids).order_by("pk")
    rendered = [text for (text,) in found.annotate(_repr=python_repr(WaterSample, _SAMPLE_FIELDS)).values_list("_repr")]
    return rendered, [repr(row) for row in found.values(*_SAMPLE_FIELDS)]


@ON_POSTGRES
class RenderedRowsTests(TestCase):
    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(ROWS, min_size=1, max_size=4, unique_by=lambda row: row[0]))
    def test_the_database_renders_each_row_as_its_dicts_repr(self, rows):
        section = _section()
        for day, values in rows:
            WaterSample.objects.create(
                section=section, date=day, **dict(zip(WATER_FIELD.values(), values, strict=True))
            )
        rendered, expected = _rendered_and_repr([section.pk])
        assert rendered == expected


@ON_POSTGRES
@pytest.mark.django_db
def test_the_water_figures_and_fingerprint_are_those_of_the_rows_read_as_decimals(monkeypatch):
    section = _section()
    WaterSample.objects.create(section=section, date=datetime.date(2024, 1, 9), tp=Decimal("0.05"), do=None)
    WaterSample.objects.create(section=section, date=datetime.date(2024, 2, 9), tp=Decimal("0.0751"), do=Decimal("5"))
    WaterSample.objects.create(section=section, date=datetime.date(2023, 2, 1), ph=Decimal("7.1"), cod=Decimal("12"))
    args = ([section.organization_id], datetime.date(2024, 1, 1), datetime.date(2024, 6, 30),
            datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))  # fmt: skip
    rendered = Fingerprint()
    rendered_figures = section_figures(*args, rendered)
    monkeypatch.setattr(connection, "vendor", "any other")  # the rows as Decimals, repr'd in Python
    decimals = Fingerprint()
    decimal_figures = section_figures(*args, decimals)
    assert rendered.hexdigest() == decimals.hexdigest()
    assert repr(rendered_figures) == repr(decimal_figures)
    assert rendered_figures[0][section.pk].tp == Decimal("0.063")


@ON_POSTGRES
@pytest.mark.django_db
def test_values_beyond_the_engine_fall_back_to_the_scalar_path_on_the_rows_as_decimals(monkeypatch):
    section = _section()
    for day in range(1, 30):
        WaterSample.objects.create(section=section, date=datetime.date(2024, 1, day), cod=Decimal("999999999.99999"))
    args = ([section.organization_id], datetime.date(2024, 1, 1), datetime.date(2024, 6, 30),
            datetime.date(2023, 1, 1), datetime.date(2023, 6, 30))  # fmt: skip
    rendered = Fingerprint()
    rendered_figures = section_figures(*args, rendered)
    monkeypatch.setattr(connection, "vendor", "any other")
    decimals = Fingerprint()
    assert repr(rendered_figures) == repr(section_figures(*args, decimals))
    assert rendered.hexdigest() == decimals.hexdigest()
    assert rendered_figures[0][section.pk].cls == "劣V"
