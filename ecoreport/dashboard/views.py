"""The leadership dashboard: server-rendered pages over one ``PeriodFigures`` object per page.

Every figure comes from ``compute_figures``; views only choose the organization and period,
fetch that object and, for drill-down pages, list the records behind a figure. Access: login
everywhere, and an organization outside the user's subtree is a 404 (``get_organization_for_user``).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_GET

from ecoreport import charts
from ecoreport.accounts.access import get_organization_and_subtree_for_user, home_organization
from ecoreport.charts.cache import cached_chart
from ecoreport.dashboard import records
from ecoreport.dashboard.cards import air_cards
from ecoreport.dashboard.chart_embed import page_period_key
from ecoreport.figures.compute import figures_and_key
from ecoreport.figures.latest import latest_air_date
from ecoreport.figures.results import PeriodFigures
from ecoreport.lib.code_version import source_digest
from ecoreport.lib.periods import Period, PeriodError, choices_for_year, parse_period
from indicators.standards.aqi import CATEGORIES, POLLUTANT_NAMES
from indicators.standards.water import PARAMETERS

STATION_RECORDS_PER_PAGE = 200


def _period_links(period: Period, today) -> list[Period]:
    year = period.start.year
    return choices_for_year(year, 12 if year < today.year else today.month)


def org_page(section: str) -> Callable:
    """Log-in check, organization access (404 outside the user's subtree) and period parsing."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        @require_GET
        @login_required
        def wrapper(request: HttpRequest, code: str, **kwargs) -> HttpResponse:
            # One walk of the tree for both the access check and the subtree passed on to compute_figures.
            org, tree = get_organization_and_subtree_for_user(request.user, code)
            org_ids = tree.ids
            today = timezone.localdate()
            try:
                wants_default = not any(request.GET.get(name) for name in ("period", "from", "to"))
                latest = latest_air_date(org.pk) if wants_default else None
                period = parse_period(request.GET, today, latest)
            except PeriodError as error:
                return render(request, "dashboard/bad_period.html", {"org": None, "error": str(error)}, status=400)
            context = {
                "org": org,
                "org_ids": org_ids,
                "tree": tree,
                "period": period,
                "section": section,
                "previous_period": period.shifted(-1),
                "next_period": period.shifted(1),
                "period_links": _period_links(period, today),
            }
            return view(request, context, **kwargs)

        return wrapper

    return decorate


# Page bodies are cached per (organization, period, data version) and this code's digest.
_PAGE_CODE = source_digest(
    "ecoreport.dashboard", "ecoreport.charts", folders=(Path(__file__).resolve().parents[2] / "templates",)
)


def _figures(context: dict) -> PeriodFigures:
    # figures_key: (organization, period, data version, code), under which the page body is cached.
    period = context["period"]
    figures, key = figures_and_key(
        context["org"], period.start, period.end, tree=context["tree"], key=page_period_key(context)
    )
    context["figures"], context["figures_key"] = figures, f"{key}:{_PAGE_CODE}"
    return figures


def _figures_on_demand(context: dict) -> None:
    """``figures_key`` now, the figures when first used: a page whose body is cached under that
    key (``{% cache %}``) never reads them."""
    period = context["period"]
    context["figures_key"] = f"{page_period_key(context)}:{_PAGE_CODE}"
    context["figures"] = SimpleLazyObject(
        lambda: figures_and_key(
            context["org"], period.start, period.end, tree=context["tree"], key=page_period_key(context)
        )[0]
    )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    org = home_organization(request.user)
    if org is None:
        return render(request, "dashboard/no_organization.html", {"org": None}, status=403)
    return redirect("dashboard:overview", code=org.code)


@org_page("overview")
def overview(request: HttpRequest, context: dict) -> HttpResponse:
    _figures_on_demand(context)
    period, figures = context["period"], context["figures"]
    context["air_cards"] = SimpleLazyObject(lambda: air_cards(figures.air, period.start, period.end))
    return render(request, "dashboard/overview.html", context)


@org_page("air")
def air(request: HttpRequest, context: dict) -> HttpResponse:
    figures = _figures(context)
    context["category_rows"] = [
        (category, figures.air.days_by_category.get(category.name, 0)) for category in CATEGORIES
    ]
    context["primary_rows"] = [
        (key, POLLUTANT_NAMES.get(key, key), days) for key, days in figures.air.primary_pollutant_days.items()
    ]
    prev_by_month = {m.month: m for m in figures.air.monthly_prev}
    context["month_rows"] = [(m, prev_by_month.get(m.month)) for m in figures.air.monthly]
    return render(request, "dashboard/air.html", context)


@org_page("water")
def water(request: HttpRequest, context: dict) -> HttpResponse:
    _figures(context)
    return render(request, "dashboard/water.html", context)


@org_page("rectification")
def rectification(request: HttpRequest, context: dict) -> HttpResponse:
    _figures(context)
    return render(request, "dashboard/rectification.html", context)


@org_page("ledger")
def ledger(request: HttpRequest, context: dict) -> HttpResponse:
    _figures(context)
    return render(request, "dashboard/ledger.html", context)


@org_page("report")
def report(request: HttpRequest, context: dict) -> HttpResponse:
    """工作总结: hand over to the report pages with the same organization and dates."""
    target = reverse("reports:detail", kwargs={"code": context["org"].code})
    period = context["period"]
    return redirect(f"{target}?from={period.start.isoformat()}&to={period.end.isoformat()}")


# --- drill-down ---------------------------------------------------------------------------


def _choice(request: HttpRequest, name: str, allowed) -> str:
    value = request.GET.get(name, "")
    if value and value not in allowed:
        raise Http404(f"unknown {name}")
    return value


@org_page("air")
def records_air(request: HttpRequest, context: dict) -> HttpResponse:
    """The valid days behind the day counts (filtered by category, good or heavy) or one day's stations."""
    figures = _figures(context)
    category = _choice(request, "category", {c.name for c in CATEGORIES})
    kind = _choice(request, "days", {"good", "heavy", "valid"})
    days = figures.air.daily
    if category:
        days = [d for d in days if d.category == category]
    elif kind == "good":
        days = [d for d in days if d.is_good]
    elif kind == "heavy":
        days = [d for d in days if d.is_heavy]
    context.update(
        days=days,
        category=category,
        kind=kind,
        pollutant_names=POLLUTANT_NAMES,
    )
    return render(request, "dashboard/records_air.html", context)


@org_page("air")
def records_air_stations(request: HttpRequest, context: dict) -> HttpResponse:
    """Each station's daily values in the period (or one day), paginated: what the city means come from."""
    period = context["period"]
    rows = records.air_station_records(context["org_ids"], period.start, period.end)
    paginator = Paginator(rows, STATION_RECORDS_PER_PAGE)
    context["page"] = paginator.get_page(request.GET.get("page"))
    return render(request, "dashboard/records_air_stations.html", context)


@org_page("water")
def records_water(request: HttpRequest, context: dict, section_code: str) -> HttpResponse:
    figures = _figures(context)
    section = next((s for s in figures.water.sections if s.code == section_code), None)
    if section is None:
        raise Http404("no such section")
    period = context["period"]
    keys = list(PARAMETERS)
    samples = list(records.water_samples(section.pk, period.start, period.end))
    context.update(
        section_figures=section,
        parameters=[PARAMETERS[k] for k in keys],
        sample_rows=[(sample, [sample.values().get(k) for k in keys]) for sample in samples],
    )
    return render(request, "dashboard/records_water.html", context)


@org_page("rectification")
def records_items(request: HttpRequest, context: dict) -> HttpResponse:
    status = _choice(request, "status", records.WORK_FILTERS)
    batch = request.GET.get("batch", "")
    group = request.GET.get("group", "")
    period = context["period"]
    items = list(records.rectification_items(context["org_ids"], period.end, batch=batch, group=group, status=status))
    for item in items:
        item.overdue_days = item.days_overdue(period.end)
    context.update(
        items=items,
        batch=batch,
        group=group,
        status=status,
        status_label=records.WORK_FILTER_LABELS.get(status, "全部"),
    )
    return render(request, "dashboard/records_items.html", context)


@org_page("ledger")
def records_tasks(request: HttpRequest, context: dict) -> HttpResponse:
    status = _choice(request, "status", records.WORK_FILTERS)
    area = request.GET.get("area", "")
    period = context["period"]
    tasks = list(records.ledger_tasks(context["org_ids"], period.end, area=area, status=status))
    for task in tasks:
        task.overdue_days = task.days_overdue(period.end)
    context.update(tasks=tasks, area=area, status=status, status_label=records.WORK_FILTER_LABELS.get(status, "全部"))
    return render(request, "dashboard/records_tasks.html", context)


# --- charts (SVG drawn by ecoreport.charts from the same figures) -------------------------


def _svg(svg: str) -> HttpResponse:
    response = HttpResponse(svg, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    return response


def _cached_svg(context: dict, name: str, draw: Callable[[], str | None]) -> HttpResponse:
    """A chart drawn once per (organization, period, data version), shared by every worker."""
    # The figures' key, as the report's; the drawing reads the figures under the same key.
    svg = cached_chart(f"chart:{name}", page_period_key(context), lambda: draw() or "")
    if not svg:
        raise Http404("no such chart")
    return _svg(svg)


@org_page("air")
def chart_pm25(request: HttpRequest, context: dict) -> HttpResponse:
    return _cached_svg(context, "pm25", lambda: charts.pm25_monthly(_figures(context)).svg)


@org_page("air")
def chart_aqi_calendar(request: HttpRequest, context: dict) -> HttpResponse:
    return _cached_svg(context, "aqi-calendar", lambda: charts.aqi_calendar(_figures(context)).svg)


@org_page("water")
def chart_section_tp(request: HttpRequest, context: dict, section_code: str) -> HttpResponse:
    # Only a section the figures know gets a cache entry: any other code is a 404 without one, so
    # requests for made-up codes cannot fill the cache.
    section = next((s for s in _figures(context).water.sections if s.code == section_code), None)
    if section is None:
        raise Http404("no such section")
    return _cached_svg(context, f"tp:{section.code}", lambda: charts.section_tp_monthly(section).svg)


@org_page("ledger")
def chart_ledger(request: HttpRequest, context: dict) -> HttpResponse:
    return _cached_svg(context, "ledger", lambda: charts.ledger_status(_figures(context)).svg)
