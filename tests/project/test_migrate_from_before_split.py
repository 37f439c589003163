"""A database made before the app split migrates forward with every row kept.

The models moved from the ``ecoreport`` app to ``accounts``, ``audit`` and ``reports`` on the same
tables. This test rolls the schema back to the last migrations of the old layout, writes rows the
way the old code did (historical models), migrates forward and finds every row, its permissions
and its change history under the new app labels.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_SPLIT = [
    ("ecoreport", "0001_initial"),
    ("indicators", "0002_aqi_category_choices"),
    ("tasks", "0001_initial"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _latest_targets():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def test_rows_history_and_permissions_survive_the_move_to_the_new_apps():
    old = _migrate(BEFORE_SPLIT)
    Organization = old.get_model("ecoreport", "Organization")
    ReportSection = old.get_model("ecoreport", "ReportSection")
    AuditEntry = old.get_model("ecoreport", "AuditEntry")
    ImportEvent = old.get_model("ecoreport", "ImportEvent")
    AirStation = old.get_model("indicators", "AirStation")
    ResponsibleUnit = old.get_model("tasks", "ResponsibleUnit")
    ContentType = old.get_model("contenttypes", "ContentType")
    Permission = old.get_model("auth", "Permission")

    city = Organization.objects.create(code="399900", name="测试市", level="city")
    county = Organization.objects.create(code="399901", name="测试县", parent=city, full_name="测试市测试县生态环境局")
    AirStation.objects.create(code="399901-A01", name="测试县监测站", organization=county, level="national")
    ResponsibleUnit.objects.create(organization=county, name="测试县生态环境局")
    ReportSection.objects.create(
        organization=county,
        period_start=datetime.date(2022, 1, 1),
        period_end=datetime.date(2022, 6, 30),
        part="work",
        order=1,
        body="正文",
    )
    event = ImportEvent.objects.create(kind="organizations", file_name="orgs.xlsx", created=2)
    AuditEntry.objects.create(
        action="update",
        model="ecoreport.organization",
        object_id=str(county.pk),
        object_repr="测试县",
        changes={"name": ["测试", "测试县"]},
        import_event=event,
    )
    # As in a database made before the split: its content types still carry the old label.
    ContentType.objects.filter(app_label__in=["accounts", "audit", "reports"]).delete()
    org_type, _ = ContentType.objects.get_or_create(app_label="ecoreport", model="organization")
    Permission.objects.get_or_create(content_type=org_type, codename="change_organization", name="Can change 机构")

    new = _migrate(_latest_targets())
    Organization = new.get_model("accounts", "Organization")
    ReportSection = new.get_model("reports", "ReportSection")
    AuditEntry = new.get_model("audit", "AuditEntry")
    AirStation = new.get_model("indicators", "AirStation")
    ResponsibleUnit = new.get_model("tasks", "ResponsibleUnit")
    ContentType = new.get_model("contenttypes", "ContentType")

    moved = Organization.objects.get(code="399901")
    assert (moved.name, moved.full_name, moved.parent.code) == ("测试县", "测试市测试县生态环境局", "399900")
    assert AirStation.objects.get(code="399901-A01").organization_id == moved.pk
    assert ResponsibleUnit.objects.get(organization=moved).organization_id == moved.pk
    assert ReportSection.objects.get(organization=moved).body == "正文"
    entry = AuditEntry.objects.get(object_repr="测试县")
    assert (entry.model, entry.object_id, entry.changes) == (
        "accounts.organization",
        str(moved.pk),
        {"name": ["测试", "测试县"]},
    )
    assert entry.import_event.file_name == "orgs.xlsx"
    org_type = ContentType.objects.get(model="organization", permission__codename="change_organization")
    assert org_type.app_label == "accounts"
    assert "change_organization" in set(org_type.permission_set.values_list("codename", flat=True))
