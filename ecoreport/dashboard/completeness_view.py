"""数据完整性与待办: the page over ``compute_completeness`` for one organization and period.

Access and period parsing are the other dashboard pages' (``views.org_page``). Without a chosen
period the page opens on this year so far, not on the latest period with data as the other pages
do: a to-do list must look at the days that are due now, and those are the ones without data.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ecoreport.dashboard.completeness import compute_completeness
from ecoreport.dashboard.views import org_page
from ecoreport.lib.periods import months_period

PERIOD_PARAMETERS = ("period", "from", "to")


@org_page("completeness")
def completeness(request: HttpRequest, context: dict) -> HttpResponse:
    if not any(request.GET.get(name) for name in PERIOD_PARAMETERS):
        today = timezone.localdate()
        return redirect(f"{request.path}?period={months_period(today.year, 1, today.month).key}")
    period = context["period"]
    context["todo"] = compute_completeness(context["org_ids"], period.start, period.end)
    return render(request, "dashboard/completeness.html", context)
