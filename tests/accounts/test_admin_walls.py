"""County walls in the admin: every registered model × role × own or other county.

The demo's records belong to 庐山市 (360483). The demo ``staff`` (数据录入 of 360483) is their own
county's user; a 数据录入 of 永修县 (360425, beside it under 九江市) is the other county's; the demo
``leader`` (领导) has no admin at all; the demo ``admin`` (管理员) keeps everything.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from django.forms.models import model_to_dict
from django.test import RequestFactory

from ecoreport.accounts.models import Organization, UserProfile
from ecoreport.accounts.roles import DATA_ENTRY
from ecoreport.audit import spreadsheets, walls
from ecoreport.audit.admin_base import AuditedAdmin, WalledAdmin
from ecoreport.audit.models import AuditEntry
from ecoreport.importing.export import export_workbook
from ecoreport.importing.resources import RESOURCES
from ecoreport.importing.service import import_file
from indicators.models import AirDailyRecord, AirStation

pytestmark = pytest.mark.django_db

WALLED = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if isinstance(model_admin, WalledAdmin) and walls.organization_path(model)
]
IDS = [model._meta.label for model, _ in WALLED]


@pytest.fixture
def yongxiu_staff(demo_org, make_org):
    county = make_org("360425", "永修县", parent=demo_org.parent)
    user = get_user_model().objects.create_user("yongxiu_staff", password="x", is_staff=True)
    user.groups.set([Group.objects.get(name=DATA_ENTRY)])
    UserProfile.objects.create(user=user, organization=county)
    return user


def _url(model, view: str, *args) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{view}/" if view else ""


def _changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


def _own_record(model, demo_org):
    ids = Organization.objects.subtree_ids(demo_org)
    return (
        walls.wall(model._default_manager.all(), None)
        .filter(
            **{
                "pk__in"
                if walls.organization_path(model) == walls.SELF
                else f"{walls.organization_path(model)}__in": ids
            }
        )
        .first()
    )


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_admin_of_a_model_with_an_organisation_declares_its_path():
    assert len(WALLED) == 24  # every registered model with an organisation but the history
    for model, model_admin in WALLED:
        assert model_admin.organization_field == walls.organization_path(model), model


def test_an_admin_without_its_organisation_path_refuses_to_start():
    class Undeclared(AuditedAdmin):
        pass

    with pytest.raises(ImproperlyConfigured, match="station__organization"):
        Undeclared(AirDailyRecord, admin.AdminSite())


@pytest.mark.parametrize(("model", "model_admin"), WALLED, ids=IDS)
def test_changelist_and_change_view_by_role_and_county(
    client, model, model_admin, demo_org, admin_user, staff_user, leader_user, yongxiu_staff
):
    record = _own_record(model, demo_org)
    total = model._default_manager.count()
    for user, sees_record, expected_rows in (
        (admin_user, True, total),
        (staff_user, True, walls.wall(model._default_manager.all(), staff_user).count()),
        (yongxiu_staff, False, walls.wall(model._default_manager.all(), yongxiu_staff).count()),
    ):
        client.force_login(user)
        listing = client.get(_changelist(model))
        if listing.status_code == 403:  # this role has no permission on the model at all
            assert user != admin_user
            continue
        assert listing.status_code == 200, (model, user)
        assert listing.context["cl"].result_count == expected_rows, (model, user)
        if user == yongxiu_staff and record is not None:
            assert expected_rows < total, model  # the demo's records of 庐山市 are not among them
        if record is None:
            continue
        page = client.get(f"{_changelist(model)}{record.pk}/change/")
        if sees_record:
            assert page.status_code == 200, (model, user)
        else:  # the admin's answer for a record that does not exist: back to the index
            assert page.status_code == 302, (model, user)
        assert client.get(f"{_changelist(model)}{record.pk}/history/").status_code == (200 if sees_record else 403)
        deleting = client.get(f"{_changelist(model)}{record.pk}/delete/")
        if user == admin_user:
            assert deleting.status_code in (200, 403)  # system-written records are never deleted
        else:
            assert deleting.status_code in (302, 403), (model, user)
    client.force_login(leader_user)
    assert client.get(_changelist(model)).status_code == 302  # 领导 have no admin


@pytest.mark.parametrize(("model", "model_admin"), WALLED, ids=IDS)
def test_saving_a_record_of_another_county_is_refused(model, model_admin, demo_org, staff_user, yongxiu_staff):
    record = _own_record(model, demo_org)
    if record is None:
        pytest.skip("the demo has no record of this model")
    for user, allowed in ((staff_user, True), (yongxiu_staff, False)):
        request = _request(user)
        if not model_admin.has_change_permission(request):
            continue
        form_class = model_admin.get_form(request, record, change=True)
        data = {name: value for name, value in model_to_dict(record).items() if value is not None}
        data = {name: [item.pk for item in value] if isinstance(value, list) else value for name, value in data.items()}
        form = form_class(data=data, instance=model._default_manager.get(pk=record.pk))
        valid = form.is_valid()
        if allowed:
            assert walls.OUTSIDE not in str(form.errors), (model, form.errors)
        else:
            assert not valid, model
            refusals = form.non_field_errors() + [e for errs in form.errors.values() for e in errs]
            assert any(walls.OUTSIDE == e or "有效" in e for e in refusals), (model, form.errors)


def test_foreign_key_choices_and_autocomplete_offer_only_the_own_county(client, demo_org, staff_user, yongxiu_staff):
    model_admin = admin.site._registry[AirDailyRecord]
    field = AirDailyRecord._meta.get_field("station")
    own = model_admin.formfield_for_foreignkey(field, _request(staff_user)).queryset
    other = model_admin.formfield_for_foreignkey(field, _request(yongxiu_staff)).queryset
    assert set(own) == set(walls.wall(AirStation.objects.all(), staff_user)) and own.exists()
    assert not other.exists()
    client.force_login(yongxiu_staff)
    answer = client.get(
        "/admin/autocomplete/",
        {"app_label": "indicators", "model_name": "airdailyrecord", "field_name": "station", "term": ""},
    )
    assert answer.status_code == 200
    assert answer.json()["results"] == []
    client.force_login(staff_user)
    answer = client.get(
        "/admin/autocomplete/",
        {"app_label": "indicators", "model_name": "airdailyrecord", "field_name": "station", "term": ""},
    )
    assert len(answer.json()["results"]) == own.count()


@pytest.mark.parametrize("kind", list(RESOURCES))
def test_exports_and_imports_stop_at_the_wall(kind, demo_org, staff_user, yongxiu_staff):
    resource = RESOURCES[kind]
    model = resource._meta.model
    model_admin = admin.site._registry.get(model)
    if not walls.organization_path(model) or model_admin is None:
        pytest.skip("a shared catalogue: not walled")
    visible = walls.wall(model._default_manager.all(), yongxiu_staff)
    assert visible.count() < model._default_manager.count()
    everything = export_workbook(kind)
    if not model._default_manager.exists():
        pytest.skip("the demo has no record of this kind")
    result = import_file(kind, everything, user=yongxiu_staff, dry_run=True, file_name="x.xlsx")
    assert not result.ok
    problems = result.problems
    assert problems and all(problem.row >= 2 and problem.column for problem in problems)
    assert any("管辖范围" in problem.message for problem in problems)
    theirs = export_workbook(kind, walls.wall(resource().get_queryset(), staff_user))
    own = import_file(kind, theirs, user=staff_user, dry_run=True, file_name="x.xlsx")
    assert not any("管辖范围" in problem.message for problem in own.problems), own.problems[:3]


def test_admin_export_holds_only_visible_rows(demo_org, staff_user, yongxiu_staff):
    model_admin = admin.site._registry[AirDailyRecord]
    assert not walls.wall(AirStation.objects.all(), yongxiu_staff).exists()  # 永修县 has no air station
    assert model_admin.get_export_queryset(_request(yongxiu_staff)).count() == 0
    assert model_admin.get_export_queryset(_request(staff_user)).count() == AirDailyRecord.objects.count()
    assert spreadsheets.resource_for(AirDailyRecord) is not None


def test_history_and_import_events_are_walled(client, demo_org, admin_user, yongxiu_staff, staff_user):
    record = AirDailyRecord.objects.first()
    from ecoreport.audit import history

    history.record_save(user=admin_user, instance=record, before=None)
    client.force_login(admin_user)
    assert client.get("/admin/audit/auditentry/").context["cl"].result_count == AuditEntry.objects.count()
    for user, count in ((staff_user, 1), (yongxiu_staff, 0)):
        client.force_login(user)
        listing = client.get("/admin/audit/auditentry/")
        if listing.status_code == 403:
            pytest.skip("data entry does not read the history list")
        assert listing.context["cl"].result_count >= count
        if count == 0:
            assert listing.context["cl"].result_count == 0
