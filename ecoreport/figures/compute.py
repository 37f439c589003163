"""One period's figures for one organization, computed from the database into a plain data object.

``compute_figures(org, start, end)`` is the only place where a figure a user sees is computed;
``summary``, the dashboard and the report all render the ``PeriodFigures`` it returns
(``exporters.render`` is the JSON of data-formats.md). The standards themselves live in
``indicators.standards``; the modules of this package only gather the inputs and call them:
``air``, ``water``, ``work`` (rectification and ledger), ``targets`` (annual targets and
published figures), ``rankings``; ``results`` holds the data objects, ``memo`` the data
fingerprint, ``cache`` the cache per (organization, period, data version).

Roll-up: an organization's figures cover its own stations, sections, sources, batches and ledger
areas and those of every organization under it (``Organization.objects.subtree``).
"""

from __future__ import annotations

import datetime

from ecoreport.accounts.models import Organization, Subtree
from ecoreport.figures.air import air_figures
from ecoreport.figures.cache import cached, period_key
from ecoreport.figures.memo import Fingerprint
from ecoreport.figures.rankings import rankings
from ecoreport.figures.results import OrgRef, PeriodFigures
from ecoreport.figures.samples import sample_kinds
from ecoreport.figures.targets import attach_published, check_targets
from ecoreport.figures.water import drinking_figures, section_figures, water_totals
from ecoreport.figures.work import ledger_figures, ledger_rows, overdue_items, rectification_figures, rectification_rows
from ecoreport.figures.workstats import assessment_figures, work_figures
from ecoreport.lib.periods import period_of


def compute_figures(org: Organization, start: datetime.date, end: datetime.date) -> PeriodFigures:
    """The figures of ``org`` from ``start`` to ``end`` (inclusive), in a constant number of queries.

    The queries do not depend on the number of days, stations, sections or items: the air data
    comes as one aggregate per (date, organization), the water samples as one list for all
    sections, the task counts as conditional aggregates. The result is cached per (organization,
    period, data version) (``figures.cache``): a warm call runs two queries and reads no data row.
    """
    return figures_and_key(org, start, end)[0]


def figures_and_key(
    org: Organization,
    start: datetime.date,
    end: datetime.date,
    *,
    tree: Subtree | None = None,
    key: str | None = None,
) -> tuple[PeriodFigures, str]:
    """``compute_figures`` and its (organization, period, data version) key, under which a page
    may cache what it renders from the figures; ``tree``: ``org``'s subtree when the caller has
    just read it (a warm call then runs one query); ``key``: ``period_key`` of that subtree and
    period when the caller has just read it too (no query for a warm call)."""
    if end < start:
        raise ValueError("结束日期不能早于开始日期")
    if tree is None or tree.ids[:1] != [org.pk]:
        tree, key = Organization.objects.subtree(org), None
    if key is None:
        key = period_key(org.pk, tree.ids, start, end)
    return cached("figures", key, lambda: _compute(org, tree, start, end)), key


def _compute(org: Organization, tree: Subtree, start: datetime.date, end: datetime.date) -> PeriodFigures:
    period = period_of(start, end)
    prev_start, prev_end = period.same_dates_year_before()
    # The order of the steps is the order of the rows in the data fingerprint: keep it.
    fingerprint = Fingerprint()
    air, child_air = air_figures(tree.ids, tree.child_subtrees, start, end, prev_start, prev_end, fingerprint)
    sections, groups, section_rows = section_figures(tree.ids, start, end, prev_start, prev_end, fingerprint)
    drinking = drinking_figures(tree.ids, start, end, fingerprint)
    check_targets(org, end.year, cumulative=period.cumulative, air=air, drinking=drinking, fingerprint=fingerprint)
    attach_published(org, start, end, air=air, drinking=drinking, sections=sections, fingerprint=fingerprint)
    work = work_figures(tree, start, end, prev_start, prev_end, fingerprint)
    assessments = assessment_figures(org.pk, start, end, fingerprint)
    items, tasks = rectification_rows(tree.ids, end), ledger_rows(tree.ids, end)
    return PeriodFigures(
        organization=OrgRef(pk=org.pk, code=org.code, name=org.name, full_name=org.full_name, level=org.level),
        start=start,
        end=end,
        period_label=period.months_label,
        period_title=period.label,
        cumulative=period.cumulative,
        air=air,
        water=water_totals(sections),
        drinking=drinking,
        rectification=rectification_figures(tree.ids, end, fingerprint, items),
        ledger=ledger_figures(tree.ids, end, fingerprint, tasks),
        overdue=overdue_items(end, items, tasks),
        rankings=rankings(tree, sections, groups, section_rows, child_air),
        data_fingerprint=fingerprint.hexdigest(),
        work=work,
        assessments=assessments,
        samples=sample_kinds(
            org,
            tree.ids,
            work=any(figure.is_sample for figure in work),
            assessments=any(item.is_sample for item in assessments),
        ),
    )
