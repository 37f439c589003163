"""Benchmark sections for ``manage.py bench``.

Each issue adds one module here with a ``run(out, city) -> None`` function that prints its figures
(``out`` is a callable taking one line). SECTIONS lists them in the order they print; a section
runs inside a database that already holds the generated city (see ``city.py``).
"""

SECTIONS = [
    "ecoreport.bench.bench_summary",
    "ecoreport.bench.bench_import",
    "ecoreport.bench.bench_process",
    "ecoreport.bench.bench_report",
    "ecoreport.bench.bench_dashboard",
]
