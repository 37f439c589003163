"""Where an import came from reads in Chinese in the history, for every source the code writes."""

from __future__ import annotations

import io

from django.conf import settings
from django.core.management import call_command

from ecoreport.audit import spreadsheets
from ecoreport.audit.models import ImportEvent


def test_every_stored_source_has_a_chinese_name(demo_org, tmp_path):
    # The demo's own ledger again, from the command: nothing changes, but the import is recorded.
    path = settings.BASE_DIR / "fixtures" / "demo" / "ledger.csv"
    call_command("import_records", "ledger", str(path), stdout=io.StringIO())
    sources = set(ImportEvent.objects.values_list("source", flat=True))
    assert {"demo", "command"} <= sources
    assert {source: spreadsheets.source_label(source) for source in sorted(sources)} == {
        **({"admin": "后台导入"} if "admin" in sources else {}),
        "command": "命令行",
        "demo": "演示数据",
    }
