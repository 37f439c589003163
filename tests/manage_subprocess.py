"""Run ``manage.py`` in a subprocess against a SQLite file, and read that file back with sqlite3.

For tests that act as an operator would (backup, restore, an import killed mid-way): each command
is its own process with DATABASE_URL pointing at the file, and the result is read with sqlite3
itself, not through the code under test.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Different on purpose between two databases, or not data: when each migration ran, login sessions.
NOT_COMPARED = {"django_migrations", "django_session", "sqlite_sequence"}


def environment(database: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="ecoreport.settings", DATABASE_URL=f"sqlite:///{database}")
    return env


def command(*args: str) -> list[str]:
    return [sys.executable, "manage.py", *args]


def manage(database: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        command(*args), cwd=ROOT, env=environment(database), capture_output=True, text=True, timeout=600
    )
    if check:
        assert result.returncode == 0, f"manage.py {args[0]} failed:\n{result.stdout}\n{result.stderr}"
    return result


def tables(database: Path) -> dict[str, list[tuple]]:
    """Every row of every table, in a fixed order (bytes stay bytes)."""
    with sqlite3.connect(database) as connection:
        names = connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").fetchall()
        return {
            name: connection.execute(f'SELECT * FROM "{name}" ORDER BY 1').fetchall()
            for (name,) in names
            if name not in NOT_COMPARED
        }


def first_difference(before: dict[str, list[tuple]], after: dict[str, list[tuple]]) -> str | None:
    """``None`` when both hold the same tables and rows, else where they first differ."""
    if before.keys() != after.keys():
        return f"tables differ: {sorted(before.keys() ^ after.keys())}"
    for name in before:
        if len(before[name]) != len(after[name]):
            return f"{name}: {len(before[name])} rows before, {len(after[name])} after"
        for number, (old, new) in enumerate(zip(before[name], after[name], strict=True)):
            if old != new:
                return f"{name}: row {number} differs"
    return None
