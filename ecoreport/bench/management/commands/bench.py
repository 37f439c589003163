"""``manage.py bench``: print how fast ecoreport is, on SQLite and on PostgreSQL.

For each backend the command runs itself again in a child process whose DATABASE_URL points at a
fresh throw-away database, migrates it, builds the generated city once (26 stations, 10 years of
daily data) and runs every section listed in ``ecoreport.bench.SECTIONS``. Figures are printed,
never asserted: speed goals are read off this output, not enforced by tests.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ecoreport.bench.load import DEFAULT_DATABASE_URL as LOAD_DATABASE_URL
from ecoreport.bench.load import LoadOptions
from ecoreport.bench.load import run as run_load

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/ecoreport_bench"


class Command(BaseCommand):
    help = "基准测试：在 SQLite 和 PostgreSQL 上测量汇总、导入、报告和看板的耗时与查询数。"

    def add_arguments(self, parser):
        parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
        parser.add_argument("--postgres-url", default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_PG))
        parser.add_argument("--years", type=int, default=10, help="years of generated daily data")
        parser.add_argument("--section", action="append", help="run only these sections (module suffix)")
        parser.add_argument("--child", action="store_true", help="internal: run inside the prepared database")
        # --scale province: 100 counties, 1,000 stations, 3.65 M daily rows by COPY (PostgreSQL only).
        parser.add_argument("--scale", choices=["city", "province"], default="city", help="generated data set")
        # --load: gunicorn under concurrent requests instead of the sections (ecoreport.bench.load).
        parser.add_argument("--load", action="store_true", help="load test: gunicorn, 2 workers, PostgreSQL")
        parser.add_argument("--fault", action="store_true", help="with --load: restart PostgreSQL under load")
        parser.add_argument("--load-database", default=os.environ.get("BENCH_LOAD_URL", LOAD_DATABASE_URL))
        parser.add_argument("--load-threads", type=int, default=4, help="gunicorn threads per worker")
        parser.add_argument("--load-clients", type=int, default=8, help="concurrent client connections")
        parser.add_argument("--load-requests", type=int, default=500, help="requests per page (the PDF: 1/25)")
        parser.add_argument("--load-seconds", type=float, default=30.0, help="time cap per page")

    def handle(self, *args, **options):
        if options["load"] or options["fault"]:
            self._run_load(options)
            return
        if options["child"]:
            self._run_child(options)
            return
        backends = ["sqlite", "postgres"] if options["backend"] == "both" else [options["backend"]]
        if options["scale"] == "province":
            if options["backend"] == "sqlite":
                raise CommandError("--scale province loads with PostgreSQL's COPY: use --backend postgres")
            backends = ["postgres"]
        failed = []
        for backend in backends:
            self.stdout.write(f"== {backend} ==")
            self.stdout.flush()
            with tempfile.TemporaryDirectory() as tmp:
                if backend == "sqlite":
                    url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
                else:
                    url = options["postgres_url"]
                    self._recreate_postgres(url)
                env = {**os.environ, "DATABASE_URL": url}
                cmd = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "bench", "--child"]
                cmd += ["--years", str(options["years"]), "--scale", options["scale"]]
                for section in options["section"] or []:
                    cmd += ["--section", section]
                result = subprocess.run(cmd, env=env, check=False)
                if result.returncode != 0:
                    failed.append(backend)
        if failed:
            raise CommandError(f"bench failed on: {', '.join(failed)}")

    def _run_load(self, options) -> None:
        if not options["load"]:
            raise CommandError("--fault runs inside the load test: use --load --fault")

        def out(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        load_options = LoadOptions(
            database_url=options["load_database"],
            threads=options["load_threads"],
            clients=options["load_clients"],
            requests=options["load_requests"],
            seconds=options["load_seconds"],
            fault=options["fault"],
        )
        try:
            run_load(out, load_options)
        except (ValueError, RuntimeError) as exc:
            raise CommandError(str(exc)) from exc

    def _recreate_postgres(self, url: str) -> None:
        import psycopg2
        from psycopg2 import sql

        from ecoreport.env import database_from_url

        os.environ["BENCH_URL_TMP"] = url
        config = database_from_url("BENCH_URL_TMP", "")
        name = config["NAME"]
        conn = psycopg2.connect(
            dbname="postgres",
            user=config["USER"],
            password=config["PASSWORD"],
            host=config["HOST"],
            port=config["PORT"] or 5432,
        )
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
            cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        conn.close()

    def _run_child(self, options) -> None:
        from django.db import connection

        from ecoreport.bench import SECTIONS
        from ecoreport.bench.city import build_city

        def out(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        out(f"database: {connection.vendor}; migrated in {time.perf_counter() - started:.1f} s")
        if options["scale"] == "province":
            from ecoreport.bench import province

            province.run_scale(out, years=options["years"])
            return
        started = time.perf_counter()
        city = build_city(years=options["years"])
        # A database that took a bulk load has planner statistics from before it: gather them
        # now, as autovacuum would on a server that has been running.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        out(f"generated city: {city.describe()} in {time.perf_counter() - started:.1f} s")
        wanted = options["section"]
        for name in SECTIONS:
            if wanted and not any(name.endswith(w) for w in wanted):
                continue
            module = importlib.import_module(name)
            out(f"-- {name.rsplit('.', 1)[-1]} --")
            module.run(out, city)
