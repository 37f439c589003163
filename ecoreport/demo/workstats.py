"""The demo's work statistics and assessments, loaded through the importer like any staff file.

``fixtures/demo/work-indicators.csv``, ``work-values.csv`` and ``assessments.csv`` hold the seed
summary's own numbers (``fixtures/seed/workstats.py``) in the import formats of
docs/data-formats.md; a second load finds every row unchanged.
"""

from __future__ import annotations

from pathlib import Path

from ecoreport.importing.service import import_file

KINDS = ("work-indicators", "work-values", "assessments")


def load_workstats(directory: Path) -> None:
    for kind in KINDS:
        result = import_file(kind, directory / f"{kind}.csv", source="demo")
        if not result.ok:
            problems = "; ".join(str(problem) for problem in result.problems)
            raise RuntimeError(f"演示数据 {kind}.csv 无法导入：{problems}")
