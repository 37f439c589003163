"""The summary in the browser and as a PDF download: login, visibility, published-figure marks."""

from __future__ import annotations

from django.urls import reverse

QUERY = "?from=2022-01-01&to=2022-06-30"


def _detail(org_code: str) -> str:
    return reverse("reports:detail", kwargs={"code": org_code}) + QUERY


def test_the_report_page_requires_login(client, demo_org):
    response = client.get(_detail(demo_org.code))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_user_of_another_county_gets_404(client, demo_org, other_county_user):
    client.force_login(other_county_user)
    assert client.get(_detail(demo_org.code)).status_code == 404
    pdf_url = reverse("reports:draft_pdf", kwargs={"code": demo_org.code}) + QUERY
    assert client.get(pdf_url).status_code == 404


def test_the_page_shows_the_published_good_rate_and_marks_the_computed_one(client, demo_org, leader_user):
    client.force_login(leader_user)
    page = client.get(_detail(demo_org.code)).content.decode()
    assert "九江市庐山生态环境局2022年上半年" in page
    assert 'lang="zh-CN"' in page
    assert '<mark class="published-figure"' in page
    assert "按标准计算 92.3%" in page
    assert ">92.2</mark>" in page
    assert "文中有1处采用发布值" in page
    assert "草稿（尚未发布" in page


def test_the_page_offers_the_data_hints_beside_the_narrative(client, demo_org, leader_user):
    client.force_login(leader_user)
    page = client.get(_detail(demo_org.code)).content.decode()
    assert "数据提示（供撰写参考，不进入正式文件）" in page
    assert "星子断面水质为Ⅳ类" in page


def test_a_bad_date_is_a_400(client, demo_org, leader_user):
    client.force_login(leader_user)
    url = reverse("reports:detail", kwargs={"code": demo_org.code}) + "?from=2022-13-01&to=2022-06-30"
    assert client.get(url).status_code == 400


def test_the_draft_pdf_downloads_from_the_same_renderer(client, demo_org, leader_user):
    client.force_login(leader_user)
    response = client.get(reverse("reports:draft_pdf", kwargs={"code": demo_org.code}) + QUERY)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
