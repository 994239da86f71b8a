"""The errors file: the officer's own uploaded file, row for row, with one more column "Lỗi" holding each row's
problems ("Cột Ngày sinh: ...; Cột Số CCCD: ..."), so that they fix it where they know it and upload it again.

Rows above the header (titles) are kept as they were. Written as XLSX (xlsxwriter, constant memory: rows go
out as they are read) whatever the uploaded format, or as CSV. Cells keep their types; text stays text, so a
cell that looks like a formula is never turned into one."""

from __future__ import annotations

import csv
import datetime
from collections.abc import Iterator
from pathlib import Path

from quanlyhoi.members import cleaning
from quanlyhoi.members.imports import files, reader
from quanlyhoi.members.models import ImportJob, ImportRowError

ERROR_HEADER = "Lỗi"
FORMATS = ("xlsx", "csv")


def download_name(job: ImportJob, file_format: str) -> str:
    return f"{Path(job.file_name).stem or 'hoi-vien'}-loi.{file_format}"


def row_messages(job: ImportJob) -> Iterator[tuple[int, str]]:
    """(row number, "Cột X: lý do; Cột Y: lý do.") per row with problems, in row order."""
    current, parts = None, []
    rows = ImportRowError.objects.filter(job=job).order_by("row", "id").values_list("row", "column", "message")
    for row, column, message in rows.iterator(chunk_size=5000):
        if row != current:
            if parts:
                yield current, "; ".join(parts) + "."
            current, parts = row, []
        message = message.rstrip(".")  # joined with "; " below
        parts.append(f"Cột {column}: {message}" if column else message)
    if parts:
        yield current, "; ".join(parts) + "."


def _trimmed(cells: list) -> list:
    end = len(cells)
    while end and cells[end - 1] in (None, ""):
        end -= 1
    return cells[:end]


def _width(path: Path, file_format: str) -> int:
    """The widest row: the error column goes right of every cell the officer wrote."""
    return max((len(_trimmed(cells)) for cells in reader.rows(path, file_format)), default=0)


class _Xlsx:
    def __init__(self, path: Path):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
        self.sheet = self.book.add_worksheet("Lỗi nhập")
        self.date = self.book.add_format({"num_format": "dd/mm/yyyy"})
        self.stamp = self.book.add_format({"num_format": "dd/mm/yyyy hh:mm"})
        self.time = self.book.add_format({"num_format": "hh:mm:ss"})
        self.error = self.book.add_format({"font_color": "#C00000", "text_wrap": True})
        self.error_head = self.book.add_format({"bold": True, "font_color": "#C00000"})
        self.row = 0

    def start(self, error_col: int) -> None:
        self.sheet.set_column(error_col, error_col, 70)

    def write(self, cells: list, error: tuple[int, str] | None = None, *, header: bool = False) -> None:
        sheet, r = self.sheet, self.row
        for c, value in enumerate(cells):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(r, c, value)
            elif isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            elif isinstance(value, datetime.datetime):
                sheet.write_datetime(r, c, value, self.stamp if value.time() != datetime.time() else self.date)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(r, c, datetime.datetime.combine(value, datetime.time()), self.date)
            elif isinstance(value, datetime.time):
                sheet.write_datetime(r, c, value, self.time)
            elif isinstance(value, datetime.timedelta):
                sheet.write_number(r, c, value.total_seconds() / 86400)
            else:
                sheet.write_string(r, c, str(value))
        if error and error[1]:
            sheet.write_string(r, error[0], error[1], self.error_head if header else self.error)
        self.row += 1

    def close(self) -> None:
        self.book.close()


class _Csv:
    def __init__(self, path: Path):
        self.handle = path.open("w", encoding="utf-8-sig", newline="")
        self.out = csv.writer(self.handle)

    def start(self, error_col: int) -> None:
        pass

    def write(self, cells: list, error: tuple[int, str] | None = None, *, header: bool = False) -> None:
        line = [cleaning.text(c) if not isinstance(c, str) else c for c in cells]
        if error:
            line = _trimmed(line) + [""] * (error[0] - len(_trimmed(line))) + [error[1]]
        self.out.writerow(line)

    def close(self) -> None:
        self.handle.close()


def write_errors_file(job: ImportJob, target: Path, *, only_invalid: bool = False, file_format: str = "xlsx") -> int:
    """Write the errors file of the job's last run to `target`; returns the number of rows with problems.
    only_invalid: the titles, the header and the rows with problems; otherwise every row."""
    files.verify(job)
    source = files.stored_path(job)
    error_col = _width(source, job.file_format)
    header_index = job.header_row - 1
    messages = row_messages(job)
    pending = next(messages, None)
    out = _Xlsx(target) if file_format == "xlsx" else _Csv(target)
    out.start(error_col)
    flagged = 0
    try:
        for index, cells in enumerate(reader.rows(source, job.file_format)):
            if index < header_index:
                out.write(cells)
                continue
            if index == header_index:
                out.write(cells, (error_col, ERROR_HEADER), header=True)
                continue
            number = index + 1
            while pending is not None and pending[0] < number:
                pending = next(messages, None)
            message = ""
            if pending is not None and pending[0] == number:
                message, pending = pending[1], next(messages, None)
                flagged += 1
            if only_invalid and not message:
                continue
            out.write(cells, (error_col, message))
    finally:
        out.close()
    return flagged
