"""An import killed with SIGKILL in the middle of its writes leaves nothing behind.

``manage.py import_records`` runs in a subprocess against a SQLite file with the demo. SQLite
creates the rollback journal (``<file>-journal``) when a transaction first changes a page and
deletes it at commit, so the journal's presence means the import's transaction is open and has
written: the test waits for it and kills the process then (a file of 3,652 new daily records keeps
that window open for seconds). Afterwards every table holds exactly what it held before (no
record, no import event, no history entry), the file passes ``PRAGMA integrity_check``, and the
same file imported again succeeds in full.
"""

from __future__ import annotations

import datetime
import os
import signal
import sqlite3
import subprocess
import time
from pathlib import Path

from manage_subprocess import ROOT, command, environment, first_difference, manage, tables

STATIONS = ("360483-A01", "360483-A02")
FIRST_DAY, DAYS = datetime.date(2015, 1, 1), 1826  # 2015-2019, before the demo's data
DEADLINE_SECONDS = 300


def _big_file(path: Path) -> int:
    lines = ["station,date,pm25,pm10,so2,no2,co,o3_8h,o3_1h"]
    for offset in range(DAYS):
        day = FIRST_DAY + datetime.timedelta(days=offset)
        for number, station in enumerate(STATIONS):
            lines.append(f"{station},{day},{30 + offset % 40},{60 + number},10,25,0.8,90,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(lines) - 1


def test_an_import_killed_with_sigkill_leaves_nothing_behind(tmp_path):
    database = tmp_path / "db.sqlite3"
    manage(database, "migrate", "--noinput", "-v0")
    manage(database, "load_demo")
    rows = _big_file(tmp_path / "air.csv")
    before = tables(database)
    journal = Path(f"{database}-journal")

    process = subprocess.Popen(
        command("import_records", "air-daily", str(tmp_path / "air.csv")),
        cwd=ROOT,
        env=environment(database),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + DEADLINE_SECONDS
    try:
        while not journal.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.002)
        writing = journal.exists()
        os.kill(process.pid, signal.SIGKILL)
    finally:
        process.kill()
        _, errors = process.communicate(timeout=60)

    assert writing, f"the import never opened a write transaction (exit {process.returncode}): {errors[-2000:]!r}"
    assert process.returncode == -signal.SIGKILL
    assert journal.exists()  # the killed transaction's journal: the next connection rolls it back
    after = tables(database)
    assert first_difference(before, after) is None  # no record, no import event, no history entry
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)

    printed = manage(database, "import_records", "air-daily", str(tmp_path / "air.csv")).stdout
    assert f"created {rows}," in printed
    assert len(tables(database)["indicators_airdailyrecord"]) == len(before["indicators_airdailyrecord"]) + rows
