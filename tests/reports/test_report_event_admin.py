"""审核记录 in the admin: read-only, in Chinese, and walled by organisation like every other admin."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from ecoreport.accounts.models import UserProfile
from ecoreport.accounts.roles import DATA_ENTRY
from ecoreport.reports.models import Report, ReportEvent
from ecoreport.reports.review import submit_for_review
from tests.report_pdf_helpers import H1_2022

pytestmark = pytest.mark.django_db
LIST = "/admin/reports/reportevent/"


@pytest.fixture
def events(demo_org, make_org, staff_user):
    """A submission of 庐山市's summary and one of 永修县's, with 永修县's 数据录入 user."""
    own = submit_for_review(org=demo_org, start=H1_2022[0], end=H1_2022[1], user=staff_user)
    county = make_org("360425", "永修县", parent=demo_org.parent)
    report = Report.objects.create(organization=county, period_start=H1_2022[0], period_end=H1_2022[1])
    user = get_user_model().objects.create_user("yongxiu_staff", password="x", is_staff=True)
    user.groups.set([Group.objects.get(name=DATA_ENTRY)])
    UserProfile.objects.create(user=user, organization=county)
    other = ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, user=user)
    return own, other, user


def test_the_list_shows_each_step_in_chinese(client, admin_user, events):
    client.force_login(admin_user)
    page = client.get(LIST)
    assert page.status_code == 200
    assert page.context["cl"].result_count == 2
    own, other, _ = events
    assert list(page.context["cl"].result_list) == [other, own]  # the latest step first
    text = page.content.decode()
    for label in ("审核记录", "操作", "操作人", "时间", "提交审核", "工作总结"):
        assert label in text, label


def test_staff_see_only_their_own_countys_steps(client, staff_user, events):
    own, other, yongxiu_staff = events
    for user, shown, hidden in ((staff_user, own, other), (yongxiu_staff, other, own)):
        client.force_login(user)
        page = client.get(LIST)
        assert page.status_code == 200
        assert list(page.context["cl"].result_list) == [shown]
        assert client.get(f"{LIST}{shown.pk}/change/").status_code == 200
        assert client.get(f"{LIST}{hidden.pk}/change/").status_code == 302  # as if it did not exist


def test_nobody_adds_changes_or_deletes_a_step(client, admin_user, events):
    own, _, _ = events
    client.force_login(admin_user)
    assert client.get(f"{LIST}add/").status_code == 403
    assert client.get(f"{LIST}{own.pk}/delete/").status_code == 403
    page = client.get(f"{LIST}{own.pk}/change/")
    assert page.status_code == 200
    assert 'name="comment"' not in page.content.decode()  # shown, not an input
    client.post(f"{LIST}{own.pk}/change/", {"comment": "改过"})
    own.refresh_from_db()
    assert own.comment == ""


def test_a_leader_has_no_admin(client, leader_user, events):
    client.force_login(leader_user)
    assert client.get(LIST).status_code == 302  # to the admin's log-in page


def test_a_step_is_named_by_its_local_time(events):
    own, _, _ = events
    assert str(own).endswith(f"提交审核 {timezone.localtime(own.at):%Y-%m-%d %H:%M}")
    assert timezone.localtime(own.at).utcoffset().total_seconds() == 8 * 3600  # Asia/Shanghai
