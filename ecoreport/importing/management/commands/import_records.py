"""``manage.py import_records KIND FILE [--dry-run]``: the kind's resource, run from the command line."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ecoreport.importing.resources import RESOURCES
from ecoreport.importing.service import import_file


class Command(BaseCommand):
    help = "导入表格（.xlsx 或 .csv）：全部正确才写入；有错误时逐行列出并以状态 1 退出。"
    # A data command: the system checks load the URLconf and every admin, which it never uses.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(RESOURCES))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只检查并报告，不写入")

    def handle(self, *args, **options):
        try:
            result = import_file(options["kind"], options["file"], dry_run=options["dry_run"], source="command")
        except FileNotFoundError:
            raise CommandError(f"file not found: {options['file']}") from None
        problems = result.problems
        if problems:
            # One message, so that call_command() callers get every problem in the exception too;
            # on the terminal the first line follows "CommandError: " and each problem has its own line.
            lines = [f"{len(problems)} problem(s) in {options['file']}; nothing was written"]
            lines += [str(problem) for problem in problems]
            raise CommandError("\n".join(lines), returncode=1)
        prefix = "dry run: would have " if options["dry_run"] else ""
        self.stdout.write(f"{prefix}created {result.created}, updated {result.updated}, unchanged {result.unchanged}")
