"""工作统计: the work indicators of a period, and the entered values behind each figure.

The page renders ``PeriodFigures.work`` and ``.assessments``; the drill-down lists every value of
one indicator entered for the organization and those under it that touches the period, marking the
ones the figure counts (``figures.workstats.counted``) and saying why the others do not count.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from ecoreport.dashboard.views import _figures, org_page
from ecoreport.figures.workstats import counted
from tasks.workstats import WorkIndicator, WorkValue


@org_page("work")
def work(request: HttpRequest, context: dict) -> HttpResponse:
    figures = _figures(context)
    groups: dict[str, list] = {}
    for item in figures.work:
        groups.setdefault(item.category_label, []).append(item)
    context["work_groups"] = list(groups.items())
    return render(request, "dashboard/work.html", context)


@org_page("work")
def records_work(request: HttpRequest, context: dict, indicator_code: str) -> HttpResponse:
    indicator = WorkIndicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        raise Http404("no such indicator")
    period = context["period"]
    values = list(
        WorkValue.objects.filter(indicator=indicator, organization_id__in=context["org_ids"])
        .overlapping(period.start, period.end)
        .select_related("organization")
        .order_by("organization__code", "period_start", "-period_end")  # a longer period before the months in it
    )
    used = counted(indicator.aggregation, values, period.start, period.end)
    rows = [(value, "" if value.pk in used else _not_counted(value, values, indicator, period)) for value in values]
    figures = _figures(context)
    context.update(
        indicator=indicator,
        rows=rows,
        figure=next((item for item in figures.work if item.code == indicator.code), None),
    )
    return render(request, "dashboard/records_work.html", context)


def _not_counted(value: WorkValue, values: list[WorkValue], indicator: WorkIndicator, period) -> str:
    """Why a value is not part of the figure (the rule of ``figures.workstats``, in words)."""
    if not (period.start <= value.period_start and value.period_end <= period.end):
        return "超出所选期间，不计入"
    wider = any(
        other.pk != value.pk
        and other.organization_id == value.organization_id
        and period.start <= other.period_start <= value.period_start
        and value.period_end <= other.period_end <= period.end
        for other in values
    )
    if wider:
        return "已包含在更长期间的数值中"
    return f"按“{indicator.get_aggregation_display()}”未选用"
