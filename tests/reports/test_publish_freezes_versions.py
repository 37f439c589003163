"""Publishing freezes a version; a data correction makes a new draft, never a changed version."""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

import pytest
from django.urls import reverse

from ecoreport.reports.models import PublishedReport
from ecoreport.reports.services import publish_report
from indicators.models import AirDailyRecord

H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))
QUERY = "?from=2022-01-01&to=2022-06-30"


def _correct_one_day(org):
    record = AirDailyRecord.objects.filter(station__organization=org, date=datetime.date(2022, 3, 15)).first()
    assert record is not None
    record.pm25 = (record.pm25 or Decimal(0)) + Decimal(150)
    record.save()


def test_publishing_again_after_a_correction_keeps_version_one_byte_identical(demo_org, admin_user):
    first = publish_report(org=demo_org, start=H1[0], end=H1[1], user=admin_user)
    first_pdf, first_sha = bytes(first.pdf), first.sha256
    assert first.version == 1
    assert hashlib.sha256(first_pdf).hexdigest() == first_sha
    assert first.figures["air"]["good_days"] == 167

    _correct_one_day(demo_org)
    second = publish_report(org=demo_org, start=H1[0], end=H1[1], user=admin_user)

    stored = PublishedReport.objects.get(pk=first.pk)
    assert bytes(stored.pdf) == first_pdf
    assert stored.sha256 == first_sha
    assert stored.figures["air"]["good_days"] == 167
    assert second.version == 2
    assert second.data_fingerprint != stored.data_fingerprint
    assert second.sha256 != first_sha
    assert second.figures["air"]["good_days"] == 166


def test_a_draft_notes_that_data_changed_since_publication(client, demo_org, admin_user):
    publish_report(org=demo_org, start=H1[0], end=H1[1], user=admin_user)
    client.force_login(admin_user)
    url = reverse("reports:detail", kwargs={"code": demo_org.code}) + QUERY
    before = client.get(url).content.decode()
    assert "数据在发布后已修改" not in before
    assert "第1版" in before

    _correct_one_day(demo_org)
    after = client.get(url).content.decode()
    assert "数据在发布后已修改" in after


def test_the_published_pdf_is_served_as_stored(client, demo_org, admin_user):
    version = publish_report(org=demo_org, start=H1[0], end=H1[1], user=admin_user)
    client.force_login(admin_user)
    url = reverse("reports:published_pdf", kwargs={"code": demo_org.code, "version": 1}) + QUERY
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert hashlib.sha256(response.content).hexdigest() == version.sha256


def test_a_published_version_cannot_be_saved_over_or_deleted(demo_org, admin_user):
    version = publish_report(org=demo_org, start=H1[0], end=H1[1], user=admin_user)
    stored = PublishedReport.objects.get(pk=version.pk)
    stored.sha256 = "0" * 64
    with pytest.raises(ValueError, match="不可修改"):
        stored.save()
    with pytest.raises(ValueError, match="不可删除"):
        stored.delete()
    assert PublishedReport.objects.get(pk=version.pk).sha256 == version.sha256
