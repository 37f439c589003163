"""The demo accounts: one per role, all working for 庐山市, with the printed passwords."""

import pytest

from ecoreport.accounts.access import visible_organization_ids
from ecoreport.accounts.roles import role_of


@pytest.mark.parametrize(
    ("persona", "username", "password", "role", "is_staff", "is_superuser"),
    [
        ("admin_user", "admin", "admin-demo-2022", "管理员", True, True),
        ("staff_user", "staff", "staff-demo-2022", "数据录入", True, False),
        ("leader_user", "leader", "leader-demo-2022", "领导", False, False),
    ],
)
def test_each_demo_account_has_its_role_password_and_county(
    request, persona, username, password, role, is_staff, is_superuser
):
    user = request.getfixturevalue(persona)
    assert user.username == username
    assert user.check_password(password)
    assert role_of(user) == role
    assert list(user.groups.values_list("name", flat=True)) == [role]
    assert (user.is_staff, user.is_superuser) == (is_staff, is_superuser)
    assert user.profile.organization.code == "360483"


def test_the_other_county_user_sees_only_lianxi(other_county_user, demo_org):
    assert role_of(other_county_user) == "领导"
    assert other_county_user.profile.organization.code == "360402"
    assert other_county_user.profile.organization.parent_id == demo_org.parent_id
    visible = visible_organization_ids(other_county_user)
    assert visible == {other_county_user.profile.organization.pk}


def test_make_org_creates_a_county_under_a_parent_given_by_code(make_org):
    org = make_org("360499", "测试县", parent="360400")
    assert (org.code, org.name, org.level, org.parent.code) == ("360499", "测试县", "county", "360400")
