"""Who may see which organization's pages.

A user sees the organization in their profile and every organization under it; superusers see
all. Anything else is a 404, so a county's user cannot even learn that another county's page
exists.
"""

from __future__ import annotations

from django.http import Http404

from ecoreport.accounts.models import Organization, Subtree


def visible_organization_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    if user.is_superuser:
        return set(Organization.objects.values_list("id", flat=True))
    profile = getattr(user, "profile", None)
    if profile is None:
        return set()
    return set(Organization.objects.subtree_ids(profile.organization))


def _organization(code: str) -> Organization:
    try:
        return Organization.objects.select_related("parent").get(code=code)
    except Organization.DoesNotExist:
        raise Http404("no such organization") from None


def get_organization_for_user(user, code: str) -> Organization:
    """The organization with this code, if the user may see it; otherwise 404."""
    org = _organization(code)
    if org.pk not in visible_organization_ids(user):
        raise Http404("no such organization")
    return org


def get_organization_and_subtree_for_user(user, code: str) -> tuple[Organization, Subtree]:
    """``get_organization_for_user`` and that organization's subtree, from one read of the tree:
    the same rule as ``visible_organization_ids``, the user's own organization and everything
    under it (all for a superuser)."""
    org = _organization(code)
    if not user.is_authenticated:
        raise Http404("no such organization")
    tree = Organization.objects.tree()
    if not user.is_superuser:
        profile = getattr(user, "profile", None)
        # As visible_organization_ids: the profile's organization and everything under it.
        if profile is None or org.pk not in tree.below(profile.organization_id):
            raise Http404("no such organization")
    return org, tree.subtree(org.pk)


def home_organization(user) -> Organization | None:
    """The organization a user lands on: their own, or for a superuser the top-most one."""
    profile = getattr(user, "profile", None) if user.is_authenticated else None
    if profile is not None:
        return profile.organization
    if user.is_authenticated and user.is_superuser:
        return Organization.objects.filter(parent__isnull=True).order_by("code").first()
    return None
