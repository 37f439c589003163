"""``manage.py send_reminders`` mails each data-entry member their digest; the admin home shows it too."""

from datetime import date
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import CommandError, call_command
from freezegun import freeze_time

from ecoreport.accounts.models import UserProfile
from ecoreport.accounts.roles import DATA_ENTRY
from indicators.models import AirDailyRecord, AirStation
from tasks.services import carry_over_ledger

# 5 January 2023, 08:30 in Asia/Shanghai: the digest covers 1–4 January and work due before the 5th.
RUN_DAY = "2023-01-05"
MORNING = "2023-01-05 00:30:00"


@pytest.fixture
def recipients(staff_user, leader_user, make_org, demo_org, settings):
    """The demo staff with an address, a staff member of another county, and two who get nothing.

    The 2022 ledger's unfinished tasks have been carried over (结转) into the 2023 ledger, which
    the to-do of January 2023 reads.
    """
    carry_over_ledger(organization=demo_org, from_year=2022, user=None)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://eco.example.gov.cn"
    staff_user.email = "staff@lushan.example.cn"
    staff_user.save()
    leader_user.email = "leader@lushan.example.cn"  # a 领导 is not a recipient
    leader_user.save()
    county = make_org("360402", "濂溪区", parent=demo_org.parent)
    station = AirStation.objects.create(code="360402-A01", name="濂溪区监测站", organization=county)
    # Every day of 1–4 January but the 3rd.
    for day in (1, 2, 4):
        AirDailyRecord.objects.create(station=station, date=date(2023, 1, day), pm25=30)
    users = get_user_model().objects
    other = users.create_user("lianxi_staff", email="staff@lianxi.example.cn", first_name="小李")
    no_address = users.create_user("no_address")
    for user, org in ((other, county), (no_address, demo_org)):
        user.groups.set([Group.objects.get(name=DATA_ENTRY)])
        UserProfile.objects.create(user=user, organization=org)
    return staff_user, other


def test_each_staff_member_gets_one_mail_with_their_organizations_digest(recipients):
    out = StringIO()
    call_command("send_reminders", date=RUN_DAY, stdout=out)
    assert [m.to for m in mail.outbox] == [["staff@lianxi.example.cn"], ["staff@lushan.example.cn"]]
    lianxi, lushan = mail.outbox

    assert lushan.subject == (
        "【待办提醒】庐山市 2023-01-05：缺空气日数据 8 站日，缺水质监测 3 个断面月，4 类数据超期未导入，逾期事项 61 项"
    )
    body = lushan.body
    assert body.startswith("staff，您好：\n\n以下是庐山市（含下级机构）的数据完整性与待办，2023-01-05 生成。")
    assert "  庐山市环境监测站（360483-A01，庐山市）缺 4 天：2023-01-01 至 2023-01-04\n" in body
    assert "  星子（360483-XZ，庐山市）缺 1 个月：2023年1月\n" in body
    assert "  空气日数据：尚无导入记录（超过 7 天即提醒）\n" in body
    assert "  督察整改逾期 5 项、滞后 5 项；工作台账逾期 56 项、滞后 56 项。\n" in body
    assert "  市农业农村局：督察整改逾期 1 项、滞后 1 项；工作台账逾期 13 项、滞后 13 项\n" in body
    assert "    - 督察整改 ZY2-017：农业面源污染防治措施落实不力（完成时限 2022-12-31，逾期 5 天）\n" in body
    assert "详情：https://eco.example.gov.cn/org/360483/completeness/?from=2023-01-01&to=2023-01-05\n" in body
    assert "濂溪" not in body

    # The other county's staff sees only their county: one missing day, no work, no water.
    assert lianxi.subject == "【待办提醒】濂溪区 2023-01-05：缺空气日数据 1 站日，4 类数据超期未导入"
    assert lianxi.body.startswith("小李，您好：")
    assert "  濂溪区监测站（360402-A01，濂溪区）缺 1 天：2023-01-03\n" in lianxi.body
    assert "庐山" not in lianxi.body
    assert lianxi.from_email == "ecoreport@localhost"
    assert out.getvalue().splitlines() == ["跳过 no_address：没有邮箱地址", "已发送 2 封提醒邮件。"]


def test_a_dry_run_prints_the_mails_and_sends_none(recipients):
    out = StringIO()
    call_command("send_reminders", date=RUN_DAY, dry_run=True, stdout=out)
    assert mail.outbox == []
    printed = out.getvalue()
    assert "收件人：staff@lushan.example.cn\n主题：【待办提醒】庐山市 2023-01-05" in printed
    assert "  濂溪区监测站（360402-A01，濂溪区）缺 1 天：2023-01-03" in printed
    assert printed.endswith("演练：2 封提醒邮件，未发送。\n")


def test_a_bad_date_is_refused(recipients):
    with pytest.raises(CommandError, match="--date不是有效日期"):
        call_command("send_reminders", date="2023-13-01")


def test_the_admin_home_shows_the_staff_members_to_do(client, staff_user, demo_org):
    carry_over_ledger(organization=demo_org, from_year=2022, user=None)  # 结转 into the 2023 ledger
    client.force_login(staff_user)
    with freeze_time(MORNING):
        response = client.get("/admin/")
    assert response.status_code == 200
    html = response.content.decode()
    todo_at = html.index('data-testid="admin-todo"')
    assert todo_at < html.index('id="content-main"')  # above the app list
    assert "待办 · 庐山市（含下级机构）" in html
    assert "监测数据检查 2023-01-01 至 2023-01-04，事项截至 2023-01-05。" in html
    assert "空气日数据缺 <strong>8</strong> 站日：庐山市环境监测站 4 天，庐山市南康镇政府 4 天" in html
    overdue_tasks = "/org/360483/records/tasks/?from=2023-01-01&amp;to=2023-01-05&amp;status=overdue"
    assert f'工作台账逾期 <a href="{overdue_tasks}">56</a> 项' in html
    assert 'href="/org/360483/completeness/?from=2023-01-01&amp;to=2023-01-05"' in html


def test_a_superuser_without_an_organization_sees_the_top_organizations_to_do(client, demo_org):
    client.force_login(get_user_model().objects.create_user("root", is_staff=True, is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert "待办 · 九江市（含下级机构）" in html


def test_a_staff_member_without_an_organization_sees_no_to_do(client, demo_org):
    user = get_user_model().objects.create_user("helper", is_staff=True)
    user.groups.set([Group.objects.get(name=DATA_ENTRY)])
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert 'data-testid="admin-todo"' not in response.content.decode()
