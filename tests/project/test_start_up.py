"""What every process pays before its work: ``django.setup()`` and ``manage.py``'s start-up.

``django.setup()`` runs each app's ``ready()``; ``indicators.signals`` is imported there and must
leave the aggregate services (the vector engine, NumPy) to the first receiver that runs, so that a
command that writes no record does not load them. ``manage.py`` pauses the cyclic garbage collector
while Django and the command load, and must turn it back on, with start-up's objects frozen, before
the command runs: a long command (an import, the bench) needs its cycles collected.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.project.test_importtime_summary import imported_modules

ROOT = Path(__file__).resolve().parents[2]  # the project root
# Modules `python -X importtime -c "import django; django.setup()"` reports on SQLite: 572 now,
# 671 when the signals imported the aggregate services (and with them NumPy) at start-up.
BUDGET_SETUP_MODULES = 620


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {key: value for key, value in os.environ.items() if key not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="ecoreport.settings", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result


def test_django_setup_imports_neither_numpy_nor_the_aggregate_services(tmp_path):
    result = _run(tmp_path, "-X", "importtime", "-c", "import django; django.setup()")
    names, _total = imported_modules(result.stderr)
    assert "indicators.signals" in names  # the receivers are connected
    loaded = sorted({name for name in names if name.split(".")[0] == "numpy"} | {"indicators.services"} & set(names))
    assert loaded == []
    assert len(names) <= BUDGET_SETUP_MODULES, f"django.setup() imported {len(names)} modules"


def test_a_command_runs_with_the_garbage_collector_on_and_start_up_frozen(tmp_path):
    code = "import gc; print(gc.isenabled(), gc.get_freeze_count())"
    result = _run(tmp_path, "manage.py", "shell", "--no-imports", "-c", code)
    enabled, frozen = result.stdout.split()
    assert enabled == "True"
    # Django, the apps' models and the command: some hundred thousand objects.
    assert int(frozen) > 50_000, frozen
