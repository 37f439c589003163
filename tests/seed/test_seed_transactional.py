"""Transactional tests empty the database when they end; the next one still finds the demo.

pytest-django runs transactional tests after all others, so two of them in a row are what
exercises the reload in conftest.py.
"""

import pytest

from ecoreport.accounts.models import Organization
from tasks.models import LedgerTask


@pytest.mark.django_db(transaction=True)
def test_a_first_transactional_test_finds_the_demo():
    assert Organization.objects.filter(code="360483").exists()
    assert LedgerTask.objects.count() == 62


def test_a_second_transactional_test_finds_the_demo_again(transactional_db):
    assert Organization.objects.filter(code="360483").exists()
    assert LedgerTask.objects.count() == 62
