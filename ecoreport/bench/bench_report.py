"""How long the seed half-year PDF takes end to end, and how much of it is WeasyPrint alone.

The demo (Lushan 2022 H1) is loaded into the bench database beside the generated city. Each run
times our share (queries, figures, document and charts, template) and WeasyPrint's share on the
finished HTML; then WeasyPrint is timed once more alone on that same HTML, so that its share can
be read against a run with nothing of ours around it.
"""

from __future__ import annotations

import datetime
import statistics
import time

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ecoreport import charts
from ecoreport.demo.loading import load_demo
from ecoreport.figures.cache import forget
from ecoreport.figures.compute import compute_figures
from ecoreport.figures.memo import clear_memo
from ecoreport.reports.build import build_document
from ecoreport.reports.exporters import pdf
from ecoreport.reports.exporters.html import render_html
from ecoreport.reports.exporters.pdf import html_to_pdf
from ecoreport.reports.queries import ledger_tasks, load_document, narrative_sections
from ecoreport.reports.render_cache import cached_render

RUNS = 3
H1 = (datetime.date(2022, 1, 1), datetime.date(2022, 6, 30))


def run(out, city) -> None:
    started = time.perf_counter()
    org = load_demo()
    out(f"demo loaded in {time.perf_counter() - started:.1f} s")
    for cold in (True, False):
        _run(out, org, cold=cold)
    _cached(out, org)


def _cached(out, org) -> None:
    """The draft download's path: a cold render into the render cache, then the same draft again."""
    cache.clear()
    clear_memo()
    forget()
    charts.clear_cache()
    t0 = time.perf_counter()
    export, hit = cached_render(load_document(org, *H1), "pdf", pdf.render)
    cold = time.perf_counter() - t0
    cached_times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        again, again_hit = cached_render(load_document(org, *H1), "pdf", pdf.render)
        cached_times.append(time.perf_counter() - t0)
    assert not hit and again_hit and again.content == export.content
    cached_ms = statistics.median(cached_times) * 1000
    out(f"seed PDF download, cold (render into the cache): {cold:.2f} s (target < 2 s)")
    out(f"seed PDF download, cached (same inputs):         {cached_ms:.0f} ms (median of {RUNS}; target < 50 ms)")


def _run(out, org, *, cold: bool) -> None:
    out("cold: figures and charts computed afresh each run" if cold else "warm: same data as the run before")
    totals, figures_times, document_times, template_times, weasy_times = [], [], [], [], []
    html, pdf, queries = "", b"", 0
    for _ in range(RUNS):
        if cold:
            clear_memo()
            forget()  # the figures cached per data version
            charts.clear_cache()
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            figures = compute_figures(org, *H1)
            t1 = time.perf_counter()
            document = build_document(figures, narrative_sections(org, *H1), ledger_tasks(org, H1[1]))
            t2 = time.perf_counter()
            html = render_html(document)
            t3 = time.perf_counter()
        pdf = html_to_pdf(html)
        t4 = time.perf_counter()
        queries = len(captured)
        figures_times.append(t1 - t0)
        document_times.append(t2 - t1)
        template_times.append(t3 - t2)
        weasy_times.append(t4 - t3)
        totals.append(t4 - t0)
    alone = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        html_to_pdf(html)
        alone.append(time.perf_counter() - t0)
    ours = statistics.median(figures_times) + statistics.median(document_times) + statistics.median(template_times)
    weasy_alone = statistics.median(alone)
    out(f"seed 2022 H1 PDF end to end:      {statistics.median(totals):.2f} s (median of {RUNS}; {len(pdf)} bytes)")
    out(f"  queries + figures:              {statistics.median(figures_times):.3f} s ({queries} queries)")
    out(f"  document + charts:              {statistics.median(document_times):.3f} s")
    out(f"  template:                       {statistics.median(template_times):.3f} s")
    out(f"  our share (sum of the above):   {ours:.2f} s")
    out(f"  WeasyPrint inside the run:      {statistics.median(weasy_times):.2f} s")
    out(f"WeasyPrint alone on the same HTML: {weasy_alone:.2f} s (median of {RUNS})")
    out(f"our share / WeasyPrint alone:      {ours / weasy_alone:.2f} (target < 0.5); whole PDF target < 3 s")
