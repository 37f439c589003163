"""Reading an uploaded spreadsheet into a header and rows of plain values, safely.

Cells come back as ``str`` (stripped, ``""`` for empty), ``Decimal`` for Excel number cells and
``datetime.date`` for Excel date cells. Nothing here knows what the columns mean.

Exact numbers from Excel: openpyxl returns a numeric cell as a Python float. ``Decimal(value)``
would expose the binary expansion (0.1 → 0.1000000000000000055511…), and ``Decimal(str(value))`` is
only as good as ``str``. We use ``repr(float)``, Python's shortest string that reads back to the
same float: for a number a person typed into Excel (at most 15 significant digits) that is exactly
the decimal Excel shows, so 0.047 stays 0.047. A cell that holds the result of a formula such as
``=0.1+0.2`` keeps its binary noise (0.30000000000000004); validation then rejects it for having
too many decimal places instead of silently rounding it.

A CSV may be UTF-8 (with or without a BOM), GBK, or UTF-16 with its BOM, which is what Excel's
"Unicode 文本" writes, separated by tabs; the header line says whether commas or tabs separate cells.

Hostile files are refused with a ``SpreadsheetRefused`` carrying a Chinese message: too large,
not a spreadsheet, a zip bomb (checked on the zip directory before openpyxl opens anything), too
many columns or rows. These guards stand in front of django-import-export: ``read_dataset`` is the
only way a file becomes the ``tablib.Dataset`` that the resources import.
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import tablib
from django.conf import settings

from indicators.cells import is_empty

MAX_COLUMNS = 200
MAX_ROWS = 200_000
# Longer than any text staff type (a rectification item's description); a longer cell is refused unread,
# as a row error (``resources.base``).
CELL_MAX_CHARS = 10_000
# All the text of a file, each cell counted up to CELL_MAX_CHARS. An .xlsx stores a repeated string once,
# so a small file can name 10,000 characters in every one of 200,000 rows: 2 billion characters to
# check, store and keep in the history. An honest file of the largest size holds about a tenth of this.
TEXT_MAX_CHARS = 20_000_000
# An honest 200,000-row sheet unpacks to well under this; a zip bomb unpacks to gigabytes.
MAX_XLSX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_XLSX_MEMBERS = 2_000
MAX_XLSX_RATIO = 200

CSV_ENCODINGS = ("utf-8-sig", "gb18030")
# The csv module refuses a cell over 131,072 characters with an error for the whole file. A cell is
# bounded by the upload's size anyway, and one over CELL_MAX_CHARS is a problem of its row and column
# (``resources.base``), as in an .xlsx; so the module's own limit is lifted (2**31 - 1 fits every C long).
csv.field_size_limit(2**31 - 1)
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


class SpreadsheetRefused(Exception):
    """The file cannot be read as a spreadsheet; ``str(error)`` is the Chinese message for staff."""


@dataclass
class Table:
    headers: list[str]
    rows: list[list[object]]
    encoding: str = ""
    # The row number the spreadsheet program shows for each of ``rows`` (the header is row 1);
    # blank lines are skipped, so the numbers may leap.
    numbers: list[int] = field(default_factory=list)
    # The file as uploaded: which file made a change, and a re-import of the same file, are told by these.
    sha256: str = ""
    byte_size: int = 0


def max_upload_bytes() -> int:
    return getattr(settings, "ECOREPORT_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)


def read_bytes(source, limit: int | None = None) -> bytes:
    """The file's bytes from a path, bytes or a file object, refusing anything over the limit."""
    limit = max_upload_bytes() if limit is None else limit
    if isinstance(source, bytes):
        data = source
    elif isinstance(source, str | Path):
        path = Path(source)
        if path.stat().st_size > limit:
            raise SpreadsheetRefused(_too_large(limit))
        data = path.read_bytes()
    else:
        size = getattr(source, "size", None)
        if size is not None and size > limit:
            raise SpreadsheetRefused(_too_large(limit))
        if hasattr(source, "seek"):
            source.seek(0)
        data = source.read(limit + 1)
    if len(data) > limit:
        raise SpreadsheetRefused(_too_large(limit))
    return data


def check_upload_size(upload) -> None:
    """Refuse an upload by the size the browser sent, before anything reads it into memory."""
    limit = max_upload_bytes()
    if (getattr(upload, "size", None) or 0) > limit:
        raise SpreadsheetRefused(_too_large(limit))


def _too_large(limit: int) -> str:
    size = f"{limit / 1024 / 1024:.0f} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
    return f"文件太大：上限为 {size}，请拆分后分批导入。"


def read_table(source, file_name: str = "") -> Table:
    data = read_bytes(source)
    if not data:
        raise SpreadsheetRefused("文件是空的。")
    is_zip = data[:4] == b"PK\x03\x04"
    suffix = Path(file_name).suffix.lower()
    if is_zip:
        table = _read_xlsx(data)
    elif suffix in {".xlsx", ".xlsm", ".xls"} or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SpreadsheetRefused("无法读取该文件：请另存为 .xlsx 或 .csv 格式后再导入（不支持旧版 .xls）。")
    else:
        table = _read_csv(data)
    _check_shape(table)
    table.sha256, table.byte_size = hashlib.sha256(data).hexdigest(), len(data)
    return table


def read_dataset(source, file_name: str = "") -> tablib.Dataset:
    """The file as a ``tablib.Dataset`` of plain cell values, for a resource's ``import_data``.

    Every row gets the header's width: a short CSV line is padded with empty cells (missing values),
    and cells beyond the last header are cut off; the columns of those that held something are
    kept in ``dataset.unheaded`` (data row number → 1-based column numbers) for the resource to
    report, since data without a header cannot be placed. ``dataset.sheet_rows`` holds the
    spreadsheet's row number of each data row, which is what every problem names.
    ``dataset.sha256`` and ``dataset.byte_size`` are the SHA-256 (hex) and the size of the file's
    bytes, for the import event.
    """
    table = read_table(source, file_name)
    width = len(table.headers)
    rows, unheaded = [], {}
    for number, raw in enumerate(table.rows, start=1):
        extra = [index + 1 for index in range(width, len(raw)) if not is_empty(raw[index])]
        if extra:
            unheaded[number] = extra
        rows.append(list(raw[:width]) + [""] * (width - len(raw)))
    dataset = tablib.Dataset(*rows, headers=table.headers)
    dataset.unheaded = unheaded
    dataset.sheet_rows = table.numbers
    dataset.sha256, dataset.byte_size = table.sha256, table.byte_size
    return dataset


class _TextBudget:
    """Counts the text of the rows read so far; refuses the file once it passes TEXT_MAX_CHARS."""

    def __init__(self):
        self.used = 0

    def spend(self, cells: list) -> None:
        self.used += sum(min(len(cell), CELL_MAX_CHARS) for cell in cells if isinstance(cell, str))
        if self.used > TEXT_MAX_CHARS:
            raise SpreadsheetRefused(f"文件中的文字过多（超过 {TEXT_MAX_CHARS // 10_000} 万字），请拆分后分批导入。")


def _check_shape(table: Table) -> None:
    if not table.headers or not any(table.headers):
        raise SpreadsheetRefused("文件没有表头：第一行应为列名。")
    if len(table.headers) > MAX_COLUMNS:
        raise SpreadsheetRefused(f"列数过多（{len(table.headers)} 列），上限为 {MAX_COLUMNS} 列。")
    if len(table.rows) > MAX_ROWS:
        raise SpreadsheetRefused(f"行数过多，上限为 {MAX_ROWS} 行，请拆分后分批导入。")


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith(UTF16_BOMS):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise SpreadsheetRefused("无法识别文件编码：文件以 UTF-16 标记开头，但内容不是 UTF-16 文本。") from None
    if b"\x00" in data[:4096]:
        raise SpreadsheetRefused("无法读取该文件：它不是 .xlsx 或 .csv 表格。")
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8-sig":
            encoding = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return text, encoding
    raise SpreadsheetRefused("无法识别文件编码：CSV 应为 UTF-8、GBK 或 UTF-16（Excel 的“Unicode 文本”）编码。")


def _delimiter(text: str) -> str:
    """Tabs when the header line has more tabs than commas (Excel's text exports), else commas."""
    header = text[: text.find("\n")] if "\n" in text else text
    return "\t" if header.count("\t") > header.count(",") else ","


def _read_csv(data: bytes) -> Table:
    text, encoding = _decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    budget = _TextBudget()
    try:
        headers: list[str] = []
        rows: list[list[object]] = []
        numbers: list[int] = []
        for number, raw in enumerate(reader):
            if number == 0:
                headers = [cell.strip() for cell in raw]
                if len(headers) > MAX_COLUMNS:
                    break
                continue
            if len(rows) > MAX_ROWS:
                break
            cells = [cell.strip() for cell in raw]
            budget.spend(cells)
            if any(cells):
                rows.append(cells)
                numbers.append(number + 1)
    except csv.Error:  # the line the reader stopped on: a quoted cell may span lines, so where the cell ends
        raise SpreadsheetRefused(f"CSV 格式错误：第 {reader.line_num} 行无法解析。") from None
    return Table(_trim_headers(headers), rows, encoding, numbers)


def _trim_headers(headers: list[str]) -> list[str]:
    while headers and not headers[-1]:
        headers.pop()
    return headers


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise SpreadsheetRefused("无法读取该文件：它不是有效的 .xlsx 表格。") from None
    members = archive.infolist()
    if len(members) > MAX_XLSX_MEMBERS:
        raise SpreadsheetRefused("该 .xlsx 文件结构异常（内部文件过多），已拒绝。")
    unpacked = sum(member.file_size for member in members)
    packed = sum(member.compress_size for member in members) or 1
    if unpacked > MAX_XLSX_UNPACKED_BYTES or unpacked / packed > MAX_XLSX_RATIO and unpacked > 50 * 1024 * 1024:
        raise SpreadsheetRefused("该 .xlsx 文件解压后过大（疑似压缩炸弹），已拒绝。")
    if "xl/workbook.xml" not in {member.filename for member in members}:
        raise SpreadsheetRefused("无法读取该文件：它不是有效的 .xlsx 表格。")


def _cell_value(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # shortest round-trip form: what Excel shows (see module doc)
    if isinstance(value, datetime.time):
        return value.isoformat()
    return str(value).strip()


def _read_xlsx(data: bytes) -> Table:
    _check_zip(data)
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean the same to staff
        raise SpreadsheetRefused("无法读取该文件：它不是有效的 .xlsx 表格。") from None
    try:
        sheet = workbook.worksheets[0]
        budget = _TextBudget()
        headers: list[str] = []
        rows: list[list[object]] = []
        numbers: list[int] = []
        for number, raw in enumerate(sheet.iter_rows(values_only=True)):
            if number == 0:
                headers = _trim_headers([str(cell).strip() if cell is not None else "" for cell in raw])
                if len(headers) > MAX_COLUMNS:
                    break
                continue
            if len(rows) > MAX_ROWS:
                break
            cells = [_cell_value(cell) for cell in raw[: len(headers) + 50]]
            budget.spend(cells)
            if any(cell != "" for cell in cells):
                rows.append(cells)
                numbers.append(number + 1)
    except SpreadsheetRefused:
        raise
    except Exception:
        raise SpreadsheetRefused("无法读取该文件：表格内容已损坏。") from None
    finally:
        workbook.close()
    return Table(headers, rows, "xlsx", numbers)
