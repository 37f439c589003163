"""``{% admin_todo %}``: the signed-in user's to-do digest, for the admin home (templates/admin/index.html)."""

from __future__ import annotations

from django import template

from ecoreport.accounts.access import home_organization
from ecoreport.dashboard.completeness import digest_for

register = template.Library()


@register.inclusion_tag("dashboard/_admin_todo.html", takes_context=True)
def admin_todo(context) -> dict:
    request = context.get("request")
    org = home_organization(request.user) if request is not None else None
    if org is None:
        return {"todo": None}
    return {"todo": digest_for(org), "org": org}
