"""Member exports to CSV and XLSX: any filtered list within the actor's scope, streamed in chunks.

The columns carry the import's Vietnamese headers (members.imports.columns), so an exported file can be
edited and imported again. Personal columns are masked on rows whose personal data the actor may not see;
an export that holds any personal data in clear writes one audit record.

Spreadsheet formula injection: a text cell that starts with = + - @ (or a tab or carriage return) would be
taken for a formula by Excel or LibreOffice. Such cells get a leading apostrophe, in CSV (where it is the only
defence) and in XLSX alike. XLSX cells are always written as strings, never as formulas; the apostrophe is
kept there too so that a cell edited and confirmed in Excel (which re-parses its text) stays text, and so
that both formats read the same.
"""

from __future__ import annotations

import csv
import datetime
import io
import os
import tempfile
from collections.abc import Iterable, Iterator

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse

from quanlyhoi.core.dates import today
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.members.imports.columns import BY_KEY
from quanlyhoi.members.masking import audit_personal_access, personal_annotation, personal_fields

FORMATS = ("csv", "xlsx")
CHUNK = 2000  # rows fetched per query while streaming
CSV_BATCH = 500  # rows per chunk written to the response

# (key, header) in column order; headers shared with the import where the column is the same.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("index", "STT"),
    *((key, BY_KEY[key].header) for key in ("full_name", "birth", "sex", "id_number", "phone", "address")),
    ("commune", BY_KEY["commune"].header),
    ("province", BY_KEY["province"].header),
    *((key, BY_KEY[key].header) for key in ("ethnicity", "religion", "occupation", "joined_on", "member_number")),
    ("type", BY_KEY["type"].header),
    ("unit", BY_KEY["unit"].header),
    ("unit_name", "Tên đơn vị"),
    ("status", "Trạng thái"),
    ("notes", BY_KEY["notes"].header),
)
HEADERS = [header for _key, header in COLUMNS]

# The file is Vietnamese whatever the user's language, like its headers (and the import reads these words).
SEX_VI = {"M": "Nam", "F": "Nữ"}
STATUS_VI = {
    "active": "Đang sinh hoạt",
    "suspended": "Tạm ngừng sinh hoạt",
    "left": "Đã ra hội",
    "deceased": "Đã từ trần",
    "transferred": "Đã chuyển đi",
}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_text(value: str) -> str:
    """A text cell that no spreadsheet will take for a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


# Read as plain values, not model instances: building five objects per row would cost most of the time.
VALUES = ("member_number", "joined_on", "status", "person__full_name", "person__sex", "person__birth_date",
          "person__birth_year", "person__id_number", "person__phone", "person__address", "person__ethnicity",
          "person__religion", "person__occupation", "person__notes", "person__area__name", "person__area__level",
          "person__area__parent__name", "type__name", "unit__code", "unit__name", "personal_visible")  # fmt: skip


def rows(queryset, actor) -> Iterator[list]:
    """One list of cells per membership (str, int, date or None), fetched CHUNK rows at a time."""
    marked = queryset.annotate(personal_visible=personal_annotation(actor)).values_list(*VALUES)
    for index, row in enumerate(marked.iterator(chunk_size=CHUNK), start=1):
        (number, joined_on, status, full_name, sex, birth_date, birth_year, id_number, phone, address, ethnicity,
         religion, occupation, notes, area_name, area_level, parent_name, type_name, unit_code, unit_name,
         clear) = row  # fmt: skip
        id_number, phone, address, birth = personal_fields(
            id_number=id_number, phone=phone, address=address, area_name=area_name, birth_date=birth_date,
            birth_year=birth_year, unmasked=clear,
        )  # fmt: skip
        if area_level == AdminArea.Level.COMMUNE:
            commune, province = area_name, parent_name or ""
        else:
            commune, province = "", area_name or ""
        yield [
            index, full_name, birth, SEX_VI.get(sex, ""), id_number, phone, address, commune, province, ethnicity,
            religion, occupation, joined_on, number, type_name, unit_code, unit_name, STATUS_VI.get(status, status),
            # Free text about a person may hold anything: shown only where personal data is.
            notes if clear else "",
        ]  # fmt: skip


def audit_export(actor, queryset, *, fmt: str, filters: dict, unit=None) -> int:
    """Write the audit record of an export that shows personal data in clear (before the first byte leaves);
    returns how many rows do. No record when every row is masked."""
    clear = queryset.annotate(personal_visible=personal_annotation(actor)).filter(personal_visible=True).count()
    if clear:
        audit_personal_access(
            actor,
            action="member.export",
            rows=clear,
            filters=filters,
            unit=unit,
            format=fmt,
            message=f"Xuất {clear} hội viên kèm dữ liệu cá nhân ra tệp {fmt.upper()}",
        )
    return clear


# --- CSV ----------------------------------------------------------------------------------------------------------


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str):
        return safe_text(value)
    return str(value)


def csv_chunks(data: Iterable[list]) -> Iterator[str]:
    """The CSV text in chunks: a byte-order mark first (Excel then reads UTF-8, so Vietnamese shows right),
    the header row, then the rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(HEADERS)
    for count, row in enumerate(data, start=1):
        writer.writerow([_csv_cell(v) for v in row])
        if count % CSV_BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def write_csv(data: Iterable[list], path) -> None:
    with open(path, "w", encoding="utf-8", newline="") as out:
        for chunk in csv_chunks(data):
            out.write(chunk)


# --- XLSX ---------------------------------------------------------------------------------------------------------

WIDTHS = {"index": 6, "full_name": 28, "address": 40, "unit_name": 36, "type": 22, "notes": 30}


def write_xlsx(data: Iterable[list], path) -> None:
    """An XLSX workbook written row by row (`constant_memory`: memory does not grow with the list)."""
    workbook = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    sheet = workbook.add_worksheet("Hội viên")
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "dd/mm/yyyy"})
    for col, (key, header) in enumerate(COLUMNS):
        sheet.set_column(col, col, WIDTHS.get(key, 14))
        sheet.write_string(0, col, header, bold)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(data, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, col, datetime.datetime.combine(value, datetime.time()), day)
            elif isinstance(value, int):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, safe_text(str(value)))
    workbook.close()


# --- HTTP responses (web and API) ---------------------------------------------------------------------------------


def file_name(fmt: str, unit=None) -> str:
    scope = unit.code if unit is not None else "tat-ca"
    return f"hoi-vien-{scope}-{today():%Y%m%d}.{fmt}"


def response(actor, queryset, *, fmt: str, filters: dict, unit=None):
    """The export as a download: CSV streamed as it is read, XLSX built in a temporary file first (a zip
    archive cannot be streamed before it is complete). Audited first when it holds personal data."""
    audit_export(actor, queryset, fmt=fmt, filters=filters, unit=unit)
    name = file_name(fmt, unit)
    if fmt == "csv":
        stream = (chunk.encode("utf-8") for chunk in csv_chunks(rows(queryset, actor)))
        resp = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
        resp["Content-Disposition"] = f'attachment; filename="{name}"'
        return resp
    handle, path = tempfile.mkstemp(suffix=".xlsx")
    os.close(handle)
    try:
        write_xlsx(rows(queryset, actor), path)
        out = open(path, "rb")  # noqa: SIM115 - FileResponse closes it when sent
    finally:
        os.unlink(path)  # the open handle keeps the data until the response is sent
    return FileResponse(
        out,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
