"""``manage.py carry_over_ledger --org CODE --from-year Y``: 结转 a ledger's unfinished tasks into the next year's."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from ecoreport.accounts.models import Organization
from tasks import services


class Command(BaseCommand):
    help = "将某机构某年度工作台账中未完成的任务结转到下一年度台账。"
    # A data command: the system checks load the URLconf and every admin, which it never uses.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--org", required=True, help="机构编码")
        parser.add_argument("--from-year", type=int, required=True, help="结转自哪一年度的台账")

    def handle(self, *args, **options):
        organization = Organization.objects.filter(code=options["org"]).first()
        if organization is None:
            raise CommandError(f"未知的机构编码“{options['org']}”")
        year = options["from_year"]
        # The command line acts as an administrator (tasks.services), with no user to record.
        done = services.carry_over_ledger(organization=organization, from_year=year, user=None)
        self.stdout.write(
            f"已将{organization.name}{year}年度工作台账中未完成的 {len(done.created)} 项任务结转到{year + 1}年度台账；"
            f"未结转：已完成 {done.completed} 项，此前已结转 {done.carried_before} 项。"
        )
