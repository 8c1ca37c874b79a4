"""An .xlsx is checked before anything builds its grid.

A workbook is a zip of XML parts. A spreadsheet reader builds a dense grid
from the cells' references, so one cell at XFD1048576 asks for 17 billion
cells, and a small zip can unpack to gigabytes. Before the reader runs we
read the zip's directory (declared uncompressed sizes), then stream the
first sheet's XML through a bounded decompressor and look at its declared
dimension and at every cell reference: more rows, columns or bytes than the
caps allow answer a problem of the file, and no grid is built.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from posixpath import join, normpath

MAX_COLUMNS = 64  # the template has 11 columns; a card list never needs 64
CHUNK = 64 * 1024
DIMENSION = re.compile(rb'<(?:\w+:)?dimension[^>]*\bref="([A-Z]+)?([0-9]+)?(?::([A-Z]+)([0-9]+))?"')
CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})([0-9]{1,7})"')
FIRST_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\br:id="([^"]+)"')
RELATIONSHIP = re.compile(rb"<Relationship\b[^>]*>")
ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
ATTRIBUTE = re.compile(rb'(\w+)="([^"]*)"')


class WorkbookTooLarge(ValueError):
    """The message says which cap, in words for the school's staff."""


@dataclass(frozen=True)
class Caps:
    rows: int  # data rows, the header not counted
    uncompressed_bytes: int


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def check(content: bytes, caps: Caps) -> None:
    """WorkbookTooLarge when the workbook would unpack or spread beyond the caps; ValueError if it is no workbook."""
    try:
        archive = zipfile.ZipFile(BytesIO(content))
    except zipfile.BadZipFile as error:
        raise ValueError("not a zip") from error
    with archive:
        declared = sum(info.file_size for info in archive.infolist())
        if declared > caps.uncompressed_bytes:
            raise WorkbookTooLarge(f"the workbook unpacks to more than {caps.uncompressed_bytes // 2**20} MB")
        sheet = _first_sheet(archive)
        _scan_sheet(archive, sheet, caps)


def _first_sheet(archive: zipfile.ZipFile) -> str:
    """The part of the workbook's first sheet, as the reader will take it (workbook order, through the rels)."""
    names = set(archive.namelist())
    try:
        workbook = _read_bounded(archive, "xl/workbook.xml", 2**20)
        rels = _read_bounded(archive, "xl/_rels/workbook.xml.rels", 2**20)
    except KeyError:
        raise ValueError("no workbook part") from None
    first = FIRST_SHEET.search(workbook)
    if first is None:
        raise ValueError("no sheet")
    for relationship in RELATIONSHIP.findall(rels):
        attributes = dict(ATTRIBUTE.findall(relationship))
        if attributes.get(b"Id") == first[1]:
            target = attributes.get(b"Target", b"").decode()
            part = normpath(target.lstrip("/") if target.startswith("/") else join("xl", target))
            if part in names:
                return part
    candidates = sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml"))
    if not candidates:
        raise ValueError("no sheet part")
    return candidates[0]


def _read_bounded(archive: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with archive.open(name) as part:
        data = part.read(limit + 1)
    if len(data) > limit:
        raise WorkbookTooLarge("a part of the workbook is too large")
    return data


def _scan_sheet(archive: zipfile.ZipFile, name: str, caps: Caps) -> None:
    """Stream the sheet's XML (never more than the byte cap, whatever the zip declares) and bound its extent."""
    max_row, max_column = caps.rows + 1, MAX_COLUMNS  # + the header row
    read = rows_seen = 0
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(CHUNK):
            read += len(chunk)
            if read > caps.uncompressed_bytes:
                raise WorkbookTooLarge(f"the sheet unpacks to more than {caps.uncompressed_bytes // 2**20} MB")
            window = tail + chunk
            if (dimension := DIMENSION.search(window)) is not None and dimension[4] is not None:
                _bound(column_number(dimension[3]), int(dimension[4]), max_column, max_row)
            for letters, row in CELL_REF.findall(window):
                _bound(column_number(letters), int(row), max_column, max_row)
            rows_seen += len(ROW_TAG.findall(chunk))  # rows without a reference still take a line each
            if rows_seen > max_row:
                raise WorkbookTooLarge(f"the sheet has more than {max_row - 1:,} rows")
            tail = window[-256:]  # a reference cut by the chunk boundary is seen whole in the next window


def _bound(column: int, row: int, max_column: int, max_row: int) -> None:
    if row > max_row:
        raise WorkbookTooLarge(f"the sheet reaches row {row:,}: a list holds at most {max_row - 1:,} rows")
    if column > max_column:
        raise WorkbookTooLarge(f"the sheet reaches column {column:,}: the template has far fewer columns")
