"""Names, never codes: no page a person reads shows a pollutant key, an AQI regime's code, a model's
label, an import kind or an import source as stored (issue 13, item 2). Only visible text is
scanned: tags, attributes (links, ids, test ids) and scripts are not what a person reads."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from ecoreport.audit.models import AuditEntry, ImportEvent
from ecoreport.importing.service import import_file
from indicators.models import AirDailyRecord
from tests.entry_files import csv_bytes

pytestmark = pytest.mark.django_db

PERIOD = "from=2022-01-01&to=2022-06-30"
CODES = re.compile(
    r"(?<![A-Za-z0-9_.])(pm25|pm10|o3_8h|O3_8h|o3_1h|O3_1h|air-daily|water-samples|rectification|"
    r"indicators\.(?!csv|xlsx)[a-z]+|tasks\.(?!csv|xlsx)[a-z]+)(?![A-Za-z0-9_])"
)


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "title"):
            self.skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style", "title"):
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(parser.parts)


def raw_codes(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    text = visible_text(response.content.decode())
    found = CODES.findall(text)
    # An import source as stored ("admin", "command"): the admin's 来源 cells.
    found += re.findall(r'class="field-source[^"]*">\s*(admin|command)\s*<', response.content.decode())
    return sorted(set(found))


@pytest.fixture
def imported(demo_org):
    rows = [["station", "date", "pm25"], ["360483-A01", "2022-06-30", "47"]]
    import_file("air-daily", csv_bytes(rows), file_name="fix.csv", source="admin")
    return AirDailyRecord.objects.get(station__code="360483-A01", date="2022-06-30")


def test_no_main_page_shows_a_raw_code(client, admin_user, imported):
    client.force_login(admin_user)
    event = ImportEvent.objects.latest("pk")
    entry = AuditEntry.objects.filter(import_event=event).first()
    pages = [
        f"/org/360483/?{PERIOD}",
        f"/org/360483/air/?{PERIOD}",
        f"/org/360483/water/?{PERIOD}",
        f"/org/360483/rectification/?{PERIOD}",
        f"/org/360483/ledger/?{PERIOD}",
        f"/org/360483/records/air/?{PERIOD}",
        "/org/360483/records/air/stations/?from=2022-06-30&to=2022-06-30",
        "/reports/360483/?period=2022H1",
        "/admin/indicators/airdailyrecord/",
        "/admin/indicators/watersample/",
        "/admin/tasks/rectificationitem/",
        "/admin/tasks/ledgertask/",
        "/admin/audit/importevent/",
        "/admin/audit/auditentry/",
        f"/admin/audit/importevent/{event.pk}/change/",
        f"/admin/indicators/airdailyrecord/{imported.pk}/history/",
    ]
    assert entry is not None
    found = {url: raw_codes(client, url) for url in pages}
    offenders = {url: codes for url, codes in found.items() if codes}
    assert not offenders, "\n".join(f"{url}: {codes}" for url, codes in offenders.items())


def test_the_history_page_names_pollutants_categories_and_classes(client, admin_user, imported):
    client.force_login(admin_user)
    html = client.get(f"/admin/indicators/airdailyrecord/{imported.pk}/history/").content.decode()
    change = r'<span class="field">(.*?)</span>：<span class="before">(.*?)</span> → <span class="after">(.*?)</span>'
    changes = {field: (before, after) for field, before, after in re.findall(change, html)}
    assert changes["首要污染物"] == ("—", "PM₂.₅")  # was "" → "pm25"
    assert changes["空气质量级别"] == ("优", "良")  # was 1 → 2
    assert changes["PM₂.₅ (μg/m³)"][1] == "47"  # the field named as the list's column names it
    assert changes["AQI"][1] == str(imported.aqi)
