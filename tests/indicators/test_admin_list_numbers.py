"""The admin lists show measured values as they were reported: 14, not 14.00; 7.56, not 7.56000;
and a date typed in the search box finds that day (issue 13, item 3)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db

PADDED = re.compile(r'<td class="field-[a-z0-9_]+_shown">-?\d+\.\d*0</td>')


def test_the_air_list_shows_values_as_reported_and_finds_a_date(client, staff_user):
    client.force_login(staff_user)
    page = client.get("/admin/indicators/airdailyrecord/", {"q": "2022-06-30"}).content.decode()
    assert page.count('<tr><td class="action-checkbox">') == 2
    assert '<td class="field-pm25_shown">14</td>' in page
    assert '<td class="field-primary_names">—</td>' in page
    assert not PADDED.search(page)


def test_the_water_list_shows_values_as_reported(client, staff_user):
    client.force_login(staff_user)
    page = client.get("/admin/indicators/watersample/").content.decode()
    assert '<td class="field-tp_shown">' in page
    assert not PADDED.search(page)
    assert not re.search(r"\d\.\d+0000<", page)
