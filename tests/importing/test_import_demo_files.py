"""The demo's own CSV files, already loaded by the seed, re-import through the importer with no change."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from ecoreport.audit.models import AuditEntry
from ecoreport.importing.resources import RESOURCES
from ecoreport.importing.service import import_file

pytestmark = pytest.mark.django_db

DEMO = Path(settings.BASE_DIR) / "fixtures" / "demo"


@pytest.mark.parametrize("kind", list(RESOURCES))
def test_each_demo_file_reimports_unchanged(kind):
    entries = AuditEntry.objects.count()
    result = import_file(kind, DEMO / f"{kind}.csv")
    assert (result.problems, result.created, result.updated) == ([], 0, 0)
    assert result.unchanged > 0
    assert result.event is not None and result.event.unchanged == result.unchanged
    assert AuditEntry.objects.count() == entries


def test_the_demo_rectification_file_also_reimports_unchanged_as_gbk():
    data = (DEMO / "rectification.csv").read_text(encoding="utf-8").encode("gbk")
    result = import_file("rectification", data, file_name="整改.csv", dry_run=True)
    assert (result.problems, result.created, result.updated, result.unchanged) == ([], 0, 0, 145)
