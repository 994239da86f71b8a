"""Rows of an uploaded spreadsheet, streamed: CSV (UTF-8 with or without BOM, UTF-16, Windows-1258 from old
Excel; comma, semicolon or tab) and XLSX read with python-calamine."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from quanlyhoi.core.errors import DomainError

FORMATS = ("csv", "xlsx")
# What an upload may be called: a spreadsheet saved as .xlsx, or text (.csv, and what tools name their CSV).
EXTENSIONS = (".xlsx", ".xlsm", ".csv", ".txt", ".tsv")
WRONG_TYPE = "Chỉ nhận tệp Excel (.xlsx) hoặc CSV (.csv); hãy dùng tệp mẫu."


def guess_format(file_name: str, head: bytes) -> str:
    name = file_name.lower()
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise DomainError("xls_unsupported", "Tệp .xls (Excel 97-2003) chưa được hỗ trợ; hãy lưu lại dạng .xlsx.")
    if "." in name and not name.endswith(EXTENSIONS):
        raise DomainError("wrong_file_type", WRONG_TYPE)
    if head.startswith(b"PK\x03\x04"):
        if not name.endswith((".xlsx", ".xlsm")) and "." in name:
            raise DomainError("wrong_file_type", WRONG_TYPE)  # a .docx or .zip renamed .csv
        return "xlsx"
    if name.endswith((".xlsx", ".xlsm")):
        raise DomainError("bad_xlsx", "Tệp không phải là tệp Excel .xlsx hợp lệ.")
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DomainError("wrong_file_type", WRONG_TYPE)  # binary content (an image, a PDF) named .csv
    return "csv"


def _encoding(head: bytes) -> str:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.start > len(head) - 4:  # cut inside a multi-byte character at the end of the sample
            return "utf-8-sig"
        return "cp1258"


def _csv_rows(path: Path) -> Iterator[list]:
    with path.open("rb") as raw:
        head = raw.read(65536)
    encoding = _encoding(head)
    sample = head.decode(encoding, errors="ignore")
    try:
        dialect = csv.Sniffer().sniff(sample[:20000], delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    with path.open(encoding=encoding, newline="", errors="strict") as handle:
        lines = csv.reader(handle, delimiter=delimiter)
        try:
            yield from lines
        except UnicodeDecodeError as exc:
            raise DomainError("bad_encoding", "Tệp CSV có ký tự không đọc được; hãy lưu lại với mã hoá UTF-8.") from exc
        except csv.Error as exc:
            raise DomainError(
                "bad_csv", f"Tệp CSV hỏng ở dòng {lines.line_num} (dấu ngoặc kép không đóng hoặc ký tự lạ)."
            ) from exc


def _xlsx_sheet(path: Path):
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        return CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
    except (CalamineError, ValueError, OSError) as exc:
        raise DomainError("bad_xlsx", f"Không đọc được tệp Excel: {exc}.") from exc


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as raw:
        while block := raw.read(1 << 20):
            count += block.count(b"\n")
    return count


def _sheet_rows(sheet) -> Iterator[list]:
    # calamine starts rows at the sheet's first row but columns at the first used column: put the empty columns
    # back, so that column indexes (and the errors file) match what the officer sees in Excel.
    start = sheet.start
    pad = [""] * start[1] if start and start[1] else []
    for row in sheet.iter_rows():
        yield pad + row if pad else row


def open_rows(path: Path, file_format: str) -> tuple[int, Iterator[list]]:
    """(number of rows, near enough for a progress bar; every row as a list of cell values) of the first sheet
    (XLSX) or of the file (CSV)."""
    if file_format == "xlsx":
        sheet = _xlsx_sheet(path)
        start = sheet.start
        return sheet.height + (start[0] if start else 0), _sheet_rows(sheet)
    return _count_lines(path), _csv_rows(path)


def rows(path: Path, file_format: str) -> Iterator[list]:
    return open_rows(path, file_format)[1]


def head_rows(path: Path, file_format: str, count: int = 15) -> list[list]:
    out = []
    for row in rows(path, file_format):
        out.append(row)
        if len(out) >= count:
            break
    return out
