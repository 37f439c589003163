"""拟稿 → 核稿 → 签发: staff submit; a 领导 or administrator signs off (publishing the frozen draft) or sends back."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from ecoreport.reports.models import PublishedReport, ReportEvent
from ecoreport.reports.review import ReviewRefused, sign_off, submit_for_review
from ecoreport.reports.services import PublishRefused, publish_report
from indicators.models import AirDailyRecord

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
QUERY = "?from=2022-01-01&to=2022-06-30"


def _url(name, org):
    return reverse(f"reports:{name}", kwargs={"code": org.code}) + QUERY


def _messages(response) -> str:
    return " ".join(str(message) for message in response.context["messages"])


def test_staff_submit_and_a_leader_signs_off_the_frozen_draft(client, demo_org, staff_user, leader_user):
    client.force_login(staff_user)
    response = client.post(_url("submit", demo_org), follow=True)
    assert "已提交审核，等待领导签发。" in _messages(response)
    assert "送审中" in response.content.decode()

    client.force_login(leader_user)
    response = client.post(_url("sign", demo_org), follow=True)
    version = PublishedReport.objects.get()
    assert version.version == 1
    assert version.published_by == leader_user
    assert f"已签发，发布第1版（SHA-256 {version.sha256[:12]}…）。" in _messages(response)
    steps = [(event.action, event.user.username) for event in ReportEvent.objects.all()]
    assert steps == [("submit", "staff"), ("sign", "leader")]
    page = response.content.decode()
    assert "staff <strong>提交审核</strong>" in page
    assert "leader <strong>签发</strong>（第1版）" in page


def test_staff_may_neither_sign_off_nor_send_back(client, demo_org, staff_user, admin_user):
    submit_for_review(org=demo_org, start=H1[0], end=H1[1], user=admin_user)
    client.force_login(staff_user)
    assert client.post(_url("sign", demo_org)).status_code == 403
    assert client.post(_url("return", demo_org), {"comment": "改"}).status_code == 403
    assert not PublishedReport.objects.exists()
    assert list(ReportEvent.objects.values_list("action", flat=True)) == ["submit"]


def test_a_leader_may_not_submit(client, demo_org, leader_user):
    client.force_login(leader_user)
    assert client.post(_url("submit", demo_org)).status_code == 403
    assert not ReportEvent.objects.exists()


def test_nothing_is_signed_off_without_a_submission(client, demo_org, admin_user):
    client.force_login(admin_user)
    response = client.post(_url("sign", demo_org), follow=True)
    assert "没有等待签发的送审稿（可能已签发或已退回）。" in _messages(response)
    assert not PublishedReport.objects.exists()


def test_a_second_identical_sign_off_post_publishes_nothing(client, demo_org, staff_user, admin_user):
    submit_for_review(org=demo_org, start=H1[0], end=H1[1], user=staff_user)
    client.force_login(admin_user)
    client.post(_url("sign", demo_org))
    response = client.post(_url("sign", demo_org), follow=True)
    assert PublishedReport.objects.count() == 1
    assert "没有等待签发的送审稿" in _messages(response)
    assert ReportEvent.objects.filter(action="sign").count() == 1


def test_sending_back_unfreezes_the_draft_with_a_comment(client, demo_org, staff_user, leader_user):
    submit_for_review(org=demo_org, start=H1[0], end=H1[1], user=staff_user)
    client.force_login(leader_user)
    response = client.post(_url("return", demo_org), {"comment": "第三部分请补充问题"}, follow=True)
    assert "已退回修改。" in _messages(response)
    assert "leader <strong>退回修改</strong>：第三部分请补充问题" in response.content.decode()
    with pytest.raises(ReviewRefused, match="没有等待签发的送审稿"):
        sign_off(org=demo_org, start=H1[0], end=H1[1], user=leader_user)
    # Unfrozen: staff may submit again.
    assert submit_for_review(org=demo_org, start=H1[0], end=H1[1], user=staff_user).action == "submit"


def test_sending_back_needs_a_comment(demo_org, staff_user, leader_user):
    from ecoreport.reports.review import send_back

    submit_for_review(org=demo_org, start=H1[0], end=H1[1], user=staff_user)
    with pytest.raises(ReviewRefused, match="退回修改请写明意见"):
        send_back(org=demo_org, start=H1[0], end=H1[1], user=leader_user, comment="  ")


def test_a_change_after_submission_is_not_signed_off(demo_org, staff_user, leader_user):
    submit_for_review(org=demo_org, start=H1[0], end=H1[1], user=staff_user)
    record = AirDailyRecord.objects.filter(station__organization=demo_org, date=datetime.date(2022, 3, 15)).first()
    record.pm25 = (record.pm25 or Decimal(0)) + Decimal(150)
    record.save()
    with pytest.raises(PublishRefused, match="提交审核后数据或正文已有改动，与送审稿不一致"):
        sign_off(org=demo_org, start=H1[0], end=H1[1], user=leader_user)
    assert not PublishedReport.objects.exists()


def test_content_identical_to_the_last_version_is_refused(demo_org, staff_user, admin_user):
    publish_report(org=demo_org, start=H1[0], end=H1[1], user=admin_user)
    with pytest.raises(PublishRefused, match=r"内容与已发布的第1版相同（数据、正文和设置均未改动），不再发布新版本。"):
        publish_report(org=demo_org, start=H1[0], end=H1[1], user=admin_user)
    with pytest.raises(PublishRefused, match="内容与已发布的第1版相同"):
        submit_for_review(org=demo_org, start=H1[0], end=H1[1], user=staff_user)
    assert PublishedReport.objects.count() == 1


def test_the_page_shows_each_role_its_buttons(client, demo_org, staff_user, leader_user):
    client.force_login(staff_user)
    page = client.get(_url("detail", demo_org)).content.decode()
    assert "提交审核</button>" in page and "签发</button>" not in page
    submit_for_review(org=demo_org, start=H1[0], end=H1[1], user=staff_user)
    client.force_login(leader_user)
    page = client.get(_url("detail", demo_org)).content.decode()
    assert "签发</button>" in page and "退回修改</button>" in page
    assert 'data-confirm="确认签发并发布送审稿？发布后不可撤回。" data-progress="正在生成…"' in page
