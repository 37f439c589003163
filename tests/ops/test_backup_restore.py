"""``manage.py backup`` then ``manage.py restore`` gives back every row and every published PDF.

The commands run in subprocesses against two throwaway SQLite files, as an operator would run them
against two databases: the source holds the demo, a correction imported from a file (so the
history has an import event and an audit entry) and two published versions of the demo report,
one before and one after the correction. The restored file is then compared with the source
table by table with sqlite3 itself, not through the code under test: every row of every table is
the same, byte for byte, PDFs included, and each PDF in the archive is the one published.
"""

from __future__ import annotations

import hashlib
import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest
from manage_subprocess import first_difference, manage, tables

PUBLISH = """
import datetime
from ecoreport.accounts.models import Organization
from ecoreport.reports.services import publish_report
org = Organization.objects.get(code="360483")
publish_report(org=org, start=datetime.date(2022, 1, 1), end=datetime.date(2022, 6, 30))
"""
# A correction big enough to change a printed figure: identical content is not published twice.
CORRECTION = "station,date,pm25,pm10,so2,no2,co,o3_8h,o3_1h\n360483-A01,2022-03-01,900,69,12,31,0.8,78,\n"


# Tokens the database renews on every write (ecoreport.audit.versions): not backed up, made anew.
DATA_VERSIONS = "audit_dataversion"


def _versions(database: Path) -> dict[int, int]:
    with sqlite3.connect(database) as connection:
        return dict(connection.execute(f"SELECT scope, version FROM {DATA_VERSIONS}").fetchall())


@pytest.fixture(scope="module")
def backed_up(tmp_path_factory) -> tuple[Path, Path]:
    """The source database (demo, a correction, two published versions) and its backup."""
    folder = tmp_path_factory.mktemp("backup")
    source = folder / "source.sqlite3"
    manage(source, "migrate", "--noinput", "-v0")
    manage(source, "load_demo")
    manage(source, "shell", "--no-imports", "-c", PUBLISH)
    (folder / "correction.csv").write_text(CORRECTION, encoding="utf-8")
    manage(source, "import_records", "air-daily", str(folder / "correction.csv"))
    manage(source, "shell", "--no-imports", "-c", PUBLISH)
    archive = folder / "ecoreport.tar.gz"
    printed = manage(source, "backup", str(archive)).stdout
    assert "已发布 PDF 2 份" in printed
    return source, archive


def test_restore_rebuilds_every_row_and_every_published_pdf_byte_for_byte(backed_up, tmp_path):
    source, archive = backed_up
    target = tmp_path / "restored.sqlite3"  # does not exist yet: restore migrates it

    printed = manage(target, "restore", str(archive)).stdout

    assert "已发布 PDF 2 份" in printed
    before, after = tables(source), tables(target)
    renewed = before.pop(DATA_VERSIONS, None), after.pop(DATA_VERSIONS, None)
    assert first_difference(before, after) is None
    if renewed != (None, None):
        # The same organizations have data versions, all with new tokens: no cache entry made for
        # the old database can be taken for the restored one.
        old, new = (_versions(database) for database in (source, target))
        assert old.keys() == new.keys() and old
        assert not set(old.values()) & set(new.values())
    counts = {name: len(rows) for name, rows in before.items()}
    assert counts["ecoreport_publishedreport"] == 2
    assert counts["ecoreport_auditentry"] >= 1 and counts["indicators_airdailyrecord"] > 1000
    with sqlite3.connect(source) as connection:
        published = connection.execute(
            "SELECT version, pdf, sha256, data_fingerprint FROM ecoreport_publishedreport ORDER BY version"
        ).fetchall()
    with sqlite3.connect(target) as connection:
        events = connection.execute("SELECT count(*) FROM ecoreport_importevent WHERE file_name = 'correction.csv'")
        assert events.fetchone() == (1,)
        pm25 = connection.execute(
            "SELECT pm25 FROM indicators_airdailyrecord r JOIN indicators_airstation s ON s.id = r.station_id "
            "WHERE s.code = '360483-A01' AND r.date = '2022-03-01'"
        ).fetchone()[0]
    assert str(pm25).startswith("900")  # the correction came back
    assert [row[0] for row in published] == [1, 2]
    assert published[0][3] != published[1][3]  # the second version saw the corrected data
    for _, pdf, sha256, _ in published:
        assert pdf.startswith(b"%PDF") and hashlib.sha256(pdf).hexdigest() == sha256


def test_the_archive_holds_each_published_pdf_with_its_sha256(backed_up):
    source, archive = backed_up
    with sqlite3.connect(source) as connection:
        published = dict(connection.execute("SELECT version, pdf FROM ecoreport_publishedreport").fetchall())
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(io.TextIOWrapper(tar.extractfile("manifest.json"), encoding="utf-8"))
        files = {entry["version"]: tar.extractfile(entry["file"]).read() for entry in manifest["published_pdfs"]}
        names = sorted(tar.getnames())
    assert names == [
        "data.json",
        "manifest.json",
        "pdf/360483_2022-01-01_2022-06-30_v1.pdf",
        "pdf/360483_2022-01-01_2022-06-30_v2.pdf",
    ]
    assert files == published
    for entry in manifest["published_pdfs"]:
        assert entry["sha256"] == hashlib.sha256(published[entry["version"]]).hexdigest()
        assert (entry["organization"], entry["period_start"], entry["period_end"]) == (
            "360483",
            "2022-01-01",
            "2022-06-30",
        )
    assert manifest["models"]["reports.publishedreport"]["rows"] == 2


def test_restore_refuses_a_database_that_holds_rows(backed_up):
    source, archive = backed_up
    before = tables(source)

    result = manage(source, "restore", str(archive), check=False)

    assert result.returncode == 1
    assert "数据库不是空的" in result.stderr and "空数据库" in result.stderr
    assert tables(source) == before


def test_restore_refuses_an_archive_whose_pdf_was_changed(backed_up, tmp_path):
    _, archive = backed_up
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as original, tarfile.open(tampered, "w:gz") as copy:
        for member in original.getmembers():
            content = original.extractfile(member).read()
            if member.name.endswith("_v1.pdf"):
                content = content.replace(b"%PDF", b"%PDX", 1)
            member.size = len(content)
            copy.addfile(member, io.BytesIO(content))
    target = tmp_path / "never.sqlite3"

    result = manage(target, "restore", str(tampered), check=False)

    assert result.returncode == 1
    assert "_v1.pdf 与清单记录的 SHA-256 不符" in result.stderr
    assert not target.exists() or tables(target) == {}
