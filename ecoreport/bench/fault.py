"""``manage.py bench --load --fault``: restart PostgreSQL while requests run against gunicorn.

Client threads keep asking for the overview, a detail page and a drill-down; after a few seconds
the cluster that serves the load database is restarted (``pg_ctlcluster
--skip-systemctl-redirect VERSION NAME restart``: on a server with one cluster, ``15 main``), which
disconnects every client. Printed: what the requests got before, during and after the restart
(a failed page is named by its title, so the 503 page shows as such), when the first request
succeeded again, whether gunicorn's master and workers are the same processes as before (the app
recovered without a restart), and whether every table's row count is unchanged.

The restart hits every database of the cluster, so the step first waits (up to QUIET_WAIT seconds)
until no other database has a client connected, and is skipped when one stays busy: on a shared
machine it must not break someone else's tests. There, a cluster of its own does it:
``pg_createcluster 15 load --port 5433 --start`` (with ``trust`` for 127.0.0.1 in its
pg_hba.conf), ``--load-database postgres://postgres@127.0.0.1:5433/ecoreport_load``, then
``pg_dropcluster 15 load --stop``. The traffic is read-only; whether a write cut off
mid-way leaves anything behind is the killed-import test's subject (tests/ops/test_killed_import.py).
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Callable

from ecoreport.bench.load_client import Sample, count_outcomes, hammer
from ecoreport.bench.load_server import Database, Server

BEFORE_SECONDS = 5.0  # traffic before the restart
AFTER_SECONDS = 10.0  # traffic after pg_ctlcluster returned
QUIET_WAIT = 180.0
RECOVERY_REQUESTS = 200

Out = Callable[[str], None]


def cluster_serving(port: int) -> tuple[str, str]:
    """The (version, name) of the local cluster listening on ``port``, from ``pg_lsclusters``."""
    listed = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=False)
    for line in listed.stdout.splitlines():
        fields = line.split()
        if len(fields) >= 3 and fields[2] == str(port):
            return fields[0], fields[1]
    raise RuntimeError(f"no local PostgreSQL cluster listens on port {port}: pg_lsclusters says {listed.stdout!r}")


def other_sessions(database: Database) -> list[str]:
    """Client connections to other databases of the cluster (not ours, not this query's)."""
    connection = database.admin_connection()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT datname, count(*) FROM pg_stat_activity "
                "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid() "
                "AND datname IS DISTINCT FROM %s GROUP BY datname ORDER BY datname",
                [database.name],
            )
            return [f"{name} ({number})" for name, number in cursor.fetchall()]
    finally:
        connection.close()


def wait_until_quiet(out: Out, database: Database) -> bool:
    deadline = time.monotonic() + QUIET_WAIT
    busy = other_sessions(database)
    if busy:
        out(f"waiting up to {QUIET_WAIT:.0f} s for other clients of the cluster to leave: {', '.join(busy)}")
    while busy:
        if time.monotonic() >= deadline:
            out(f"fault step skipped: other databases still in use ({', '.join(busy)}); a restart would break them")
            return False
        time.sleep(2)
        busy = other_sessions(database)
    return True


def _answered_within(samples: list[Sample], start: float, end: float) -> list[Sample]:
    return [sample for sample in samples if start <= sample.started + sample.seconds < end]


def restart_during_load(
    out: Out, server: Server, database: Database, cookie: str, *, pages: list[str], clients: int
) -> None:
    """Restart the cluster while ``clients`` connections ask for ``pages`` in turn; print what they got."""
    out("-- fault: PostgreSQL restarted while requests run --")
    if not wait_until_quiet(out, database):
        return
    port = int(database.connect["port"])
    cluster_serving(port)  # fail before the load starts
    counts_before = database.row_counts()
    processes_before = server.processes()
    started, stop = threading.Event(), threading.Event()
    result: dict[str, tuple[list[Sample], float]] = {}

    def load() -> None:
        result["load"] = hammer(
            server.port,
            cookie,
            pages,
            clients=clients,
            count=None,
            seconds=600,
            stop=stop,
            warmup=0,
            on_start=started.set,
        )

    runner = threading.Thread(target=load, daemon=True)
    runner.start()
    try:
        started.wait(timeout=600)
        time.sleep(BEFORE_SECONDS)
        command = ["pg_ctlcluster", "--skip-systemctl-redirect", *cluster_serving(port), "restart"]
        restart_started = time.monotonic()
        restarted = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
        restart_ended = time.monotonic()
        time.sleep(AFTER_SECONDS)
    finally:
        stop.set()
        runner.join()
    samples, _ = result["load"]
    if restarted.returncode != 0:
        out(f"{' '.join(command)} failed ({restarted.returncode}): {restarted.stderr.strip()}")
    out(f"`{' '.join(command)}` took {restart_ended - restart_started:.1f} s")
    windows = [
        (f"before ({BEFORE_SECONDS:.0f} s)", 0.0, restart_started),
        ("during the restart", restart_started, restart_ended),
        (f"after ({AFTER_SECONDS:.0f} s)", restart_ended, float("inf")),
    ]
    out("  answers received")
    for label, start, end in windows:
        part = _answered_within(samples, start, end)
        out(f"    {label + ':':20} {len(part):5d} requests: {count_outcomes(part) or 'none'}")
    failed = [sample for sample in samples if sample.outcome != 200]
    out(f"  failed: {len(failed)} of {len(samples)} ({count_outcomes(failed) or 'none'})")
    if failed:
        last_failure = max(sample.started + sample.seconds for sample in failed)
        out(f"  last failure answered {last_failure - restart_ended:+.2f} s from the end of the restart")
    recovered = [sample for sample in samples if sample.started >= restart_ended and sample.outcome == 200]
    if recovered:
        out(f"  first success after the restart: {min(s.started for s in recovered) - restart_ended:+.2f} s")

    recovery, wall = hammer(server.port, cookie, pages, clients=clients, count=RECOVERY_REQUESTS, seconds=120)
    out(f"  afterwards, same server: {len(recovery)} requests in {wall:.1f} s: {count_outcomes(recovery)}")
    same = server.processes() == processes_before
    out(f"  gunicorn master and workers unchanged (no restart): {'yes' if same else 'NO'}")
    counts_after = database.row_counts()
    changed = {
        table: (counts_before.get(table), counts_after.get(table))
        for table in sorted(counts_before.keys() | counts_after.keys())
        if counts_before.get(table) != counts_after.get(table)
    }
    if changed:
        out(f"  row counts CHANGED (table: before, after): {changed}")
    else:
        out(f"  row counts unchanged: {len(counts_after)} tables, {sum(counts_after.values())} rows")
