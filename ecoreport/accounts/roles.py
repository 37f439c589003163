"""The three roles and what each may do.

管理员 (administrators) may do everything; 数据录入 (data entry) may view, add and change the
monitoring and task data but not delete it, nor touch users, targets or published reports;
领导 (leadership) have no admin access at all: they read dashboards and reports.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

ADMINISTRATORS = "管理员"
DATA_ENTRY = "数据录入"
LEADERSHIP = "领导"
ROLE_NAMES = (ADMINISTRATORS, DATA_ENTRY, LEADERSHIP)

# Models staff enter data into: (app_label, model_name).
DATA_ENTRY_MODELS = [
    ("indicators", "airstation"),
    ("indicators", "airdailyrecord"),
    ("indicators", "sectiongroup"),
    ("indicators", "watersection"),
    ("indicators", "watersample"),
    ("indicators", "drinkingwatersource"),
    ("indicators", "drinkingwaterresult"),
    ("indicators", "publishedfigure"),
    ("tasks", "responsibleunit"),
    ("tasks", "inspectionbatch"),
    ("tasks", "rectificationitem"),
    ("tasks", "rectificationprogress"),
    ("tasks", "ledgerarea"),
    ("tasks", "ledgertask"),
    ("tasks", "ledgerprogress"),
    ("tasks", "workvalue"),
    ("indicators", "assessment"),
    ("reports", "reportsection"),
]
# Data entry may look at these but not change them.
DATA_ENTRY_VIEW_ONLY = [
    ("accounts", "organization"),
    ("reports", "report"),
    ("reports", "publishedreport"),
    ("reports", "reportevent"),
    ("audit", "importevent"),
    ("audit", "auditentry"),
    ("indicators", "annualtarget"),
    ("indicators", "sectiontarget"),
    ("tasks", "workindicator"),  # the catalogue is shared by every county: administrators keep it
]


def _perms(pairs, actions, using: str) -> list[Permission]:
    codenames = {f"{action}_{model}" for _, model in pairs for action in actions}
    apps = {app for app, _ in pairs}
    return list(Permission.objects.using(using).filter(content_type__app_label__in=apps, codename__in=codenames))


def ensure_groups(using: str = "default") -> dict[str, Group]:
    """Create the three groups with their permissions; safe to run again (it resets them). Run after
    every ``migrate`` (see ``AccountsConfig``) and by the demo loader."""
    groups = {name: Group.objects.using(using).get_or_create(name=name)[0] for name in ROLE_NAMES}
    groups[ADMINISTRATORS].permissions.set(Permission.objects.using(using).all())
    groups[DATA_ENTRY].permissions.set(
        _perms(DATA_ENTRY_MODELS, ("view", "add", "change"), using) + _perms(DATA_ENTRY_VIEW_ONLY, ("view",), using)
    )
    groups[LEADERSHIP].permissions.set([])
    return groups


def role_of(user) -> str | None:
    """The user's role name, the strongest one when they hold several."""
    if not user.is_authenticated:
        return None
    if user.is_superuser:
        return ADMINISTRATORS
    names = set(user.groups.values_list("name", flat=True))
    for name in ROLE_NAMES:
        if name in names:
            return name
    return None


def is_administrator(user) -> bool:
    """The one rule for who counts as an administrator: superusers and the 管理员 group."""
    if user is None:
        return True  # the command line is run by whoever administers the server
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()


def is_data_entry_only(user) -> bool:
    return not is_administrator(user) and user.groups.filter(name=DATA_ENTRY).exists()
