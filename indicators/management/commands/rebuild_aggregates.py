"""``manage.py rebuild_aggregates``: recompute every daily air aggregate from the station records.

The aggregates are kept on every ORM write; this command is for data written around the ORM (raw
SQL, a bulk COPY) and for checking: it deletes them all and writes them again in one transaction.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from indicators.services import rebuild_air_aggregates


class Command(BaseCommand):
    help = "重新计算全部空气日汇总（各机构及其下级站点的日均值、AQI）。"
    # A data command: the system checks load the URLconf and every admin, which it never uses.
    requires_system_checks = []

    def handle(self, *args, **options):
        started = time.perf_counter()
        rows = rebuild_air_aggregates()
        if options["verbosity"]:
            self.stdout.write(f"已重新计算空气日汇总 {rows} 行，用时 {time.perf_counter() - started:.1f} 秒。")
