"""``manage.py bench --load``: requests per second and latency of a real server, over loopback.

The run is bounded and leaves nothing behind:

1. a throw-away PostgreSQL database (its name must end in ``_load``) is created, migrated and
   given the demo (``load_demo``), then ANALYZEd as a running server's autovacuum would have;
2. gunicorn starts with 2 workers (threads per worker configurable) on a free 127.0.0.1 port, with
   DATABASE_URL pointing at that database and REDIS_URL when Redis answers at 127.0.0.1:6379;
3. the demo leader logs in over HTTP, and for each target page client threads (one keep-alive
   ``http.client`` connection each, loopback only) send requests until the target's count is sent
   or its time cap passes (requests in flight then finish); one request per client warms up
   first and is not counted; the PDF, seconds a request, gets as many clients as workers;
4. per target: requests, requests/s, p50, p99 and errors (any answer but 200, or no answer), and
   the CPU time gunicorn spent per request (which, unlike the rate, does not depend on what else
   the machine is doing: two cores give at most 2 / that many requests per second);
5. gunicorn is stopped and the database dropped, whatever happened.

The load generator runs on the same machine as the server and takes CPU from it; the figures are
those of this machine at this moment (its load average is printed with them), not a promise.
``--fault`` adds the PostgreSQL restart of ``ecoreport.bench.fault``.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.urls import reverse

from ecoreport.bench.load_client import Sample, count_outcomes, hammer, log_in, percentile
from ecoreport.bench.load_server import (
    REDIS_URL,
    WORKERS,
    Database,
    Server,
    gunicorn,
    manage,
    redis_answers,
    server_environment,
)
from ecoreport.demo.loading import DEMO_ACCOUNTS, DEMO_ORG_CODE

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/ecoreport_load"
PERIOD = "period=2022H1"
RANGE = "from=2022-01-01&to=2022-06-30"

Out = Callable[[str], None]


@dataclass(frozen=True)
class Target:
    name: str
    path: str
    requests: int
    goal: str = ""
    # Seconds per request (the PDF): as many clients as workers, each warming up once, and left
    # out of the fault step. Eight PDFs at once would only queue behind each other.
    heavy: bool = False


def targets(requests: int) -> list[Target]:
    """The pages the issue names, for the demo county and its 2022 H1 period; the PDF gets fewer requests."""
    code = DEMO_ORG_CODE
    return [
        Target(
            "overview",
            f"{reverse('dashboard:overview', args=[code])}?{PERIOD}",
            requests,
            goal="goal: >= 100 req/s, p99 < 300 ms, 0 errors",
        ),
        Target("detail (air)", f"{reverse('dashboard:air', args=[code])}?{PERIOD}", requests),
        Target("drill-down (air records)", f"{reverse('dashboard:records_air', args=[code])}?{PERIOD}", requests),
        Target(
            "draft PDF",
            f"{reverse('reports:draft_pdf', args=[code])}?{RANGE}",
            max(4, requests // 25),
            heavy=True,
        ),
    ]


def describe(
    name: str, samples: list[Sample], wall: float, *, clients: int, goal: str = "", cpu: float | None = None
) -> str:
    times = sorted(sample.seconds for sample in samples)
    failed = [sample for sample in samples if sample.outcome != 200]
    error_text = f"{len(failed)} ({count_outcomes(failed)})" if failed else "0"
    rate = len(samples) / wall if wall > 0 else float("nan")
    line = (
        f"{name + ':':26} {len(samples):5d} requests ({clients} clients) {rate:7.1f} req/s"
        f"  p50 {percentile(times, 0.50) * 1000:7.1f} ms  p99 {percentile(times, 0.99) * 1000:7.1f} ms"
        f"  errors {error_text}"
    )
    if cpu is not None and samples:
        line += f"  server CPU {cpu / len(samples) * 1000:.0f} ms/req"
    return f"{line}   [{goal}]" if goal else line


# -- the command -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LoadOptions:
    database_url: str = DEFAULT_DATABASE_URL
    threads: int = 4
    clients: int = 8
    requests: int = 500
    seconds: float = 30.0
    fault: bool = False


def measure(server: Server, cookie: str, target: Target, options: LoadOptions) -> str:
    """Load one page and describe what it got, with the CPU gunicorn spent on the counted requests."""
    cpu_at_start = []
    clients = min(options.clients, target.requests, WORKERS if target.heavy else options.clients)
    samples, wall = hammer(
        server.port,
        cookie,
        [target.path],
        clients=clients,
        count=target.requests,
        seconds=options.seconds,
        on_start=lambda: cpu_at_start.append(server.cpu_seconds()),
    )
    cpu = server.cpu_seconds() - cpu_at_start[0]
    return describe(target.name, samples, wall, clients=clients, goal=target.goal, cpu=cpu)


def run(out: Out, options: LoadOptions) -> None:
    database = Database.from_url(options.database_url)
    leader = next(account for account in DEMO_ACCOUNTS if account.username == "leader")
    redis_url = REDIS_URL if redis_answers() else None
    env = server_environment(database.url, redis_url)
    out(f"load average before: {' '.join(f'{value:.2f}' for value in os.getloadavg())} ({os.cpu_count()} CPUs)")
    started = time.perf_counter()
    database.create()
    try:
        manage(["migrate", "--noinput", "-v0"], env)
        manage(["load_demo"], env)
        database.analyze()
        out(f"database {database.name}: migrated and demo loaded in {time.perf_counter() - started:.1f} s")
        with tempfile.TemporaryDirectory(prefix="ecoreport-load-") as logs:
            with gunicorn(env, options.threads, Path(logs)) as server:
                out(
                    f"gunicorn: {WORKERS} workers x {options.threads} threads on 127.0.0.1:{server.port}; "
                    f"cache: {'Redis' if redis_url else 'local memory per process'}; "
                    f"{options.clients} client connections (keep-alive); at most {options.seconds:.0f} s per target"
                )
                cookie = log_in(server.port, leader.username, leader.password)
                out(f"logged in as {leader.username}")
                for target in targets(options.requests):
                    out(measure(server, cookie, target, options))
                if options.fault:
                    from ecoreport.bench.fault import restart_during_load

                    # The pages only: a PDF takes seconds, too few would be in flight at the restart.
                    pages = [target.path for target in targets(options.requests) if not target.heavy]
                    restart_during_load(out, server, database, cookie, pages=pages, clients=options.clients)
                if server.process.poll() is not None:
                    out(f"gunicorn exited during the run:\n{server.error_log()}")
    finally:
        database.drop()
        out(f"database {database.name} dropped; load average after: {os.getloadavg()[0]:.2f}")
