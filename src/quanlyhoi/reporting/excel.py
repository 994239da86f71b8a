"""The Excel round trip of a report: the unit's form as an .xlsx (registry figures filled in and locked, the cells
to fill unlocked), filled in offline, uploaded back through the same save and checks as the web form.

The form names its report in a header block (report id, unit, period, template, version) sealed with an HMAC of
those values under the installation's secret key: an upload whose header was edited, or that belongs to
another unit or report, is refused before anything is read from it. A form downloaded before someone else
changed the report is refused as stale (409), like a stale web form. Many files can be uploaded at once; each
is its own transaction and gets its own answer."""

from __future__ import annotations

import hashlib
import hmac
import io
from dataclasses import dataclass

import xlsxwriter
from django.conf import settings
from django.http import HttpResponse

from quanlyhoi.core.errors import DomainError
from quanlyhoi.members.imports.reader import guess_format
from quanlyhoi.reporting.models import IndicatorKind, Submission

SHEET = "Báo cáo"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD = 5 * 1024 * 1024  # a report form is a few tens of kilobytes
# Header block: label in column A, value in column B, rows 1-7 (0-based 0-6).
HEADER = ("report", "unit", "period", "template", "version", "seal")
FIRST_ROW = 9  # 0-based row of the first indicator line
TAMPERED = "Tệp không đúng mẫu tải về từ hệ thống hoặc đã bị sửa phần thông tin báo cáo; hãy tải lại mẫu."


def _seal(report_id, unit, period, template, version) -> str:
    message = f"{report_id}|{unit}|{period}|{template}|{version}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()[:20]


def form_workbook(report: Submission) -> bytes:
    """The report's form as .xlsx bytes."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(SHEET)
    bold = book.add_format({"bold": True})
    title = book.add_format({"bold": True, "font_size": 13})
    locked = book.add_format({"bg_color": "#EEEEEE", "text_wrap": True, "valign": "top"})
    fill = book.add_format({"locked": False, "bg_color": "#FFF9DB", "border": 1})
    fill_text = book.add_format(
        {"locked": False, "bg_color": "#FFF9DB", "border": 1, "text_wrap": True, "valign": "top"}
    )
    sheet.set_column(0, 0, 18)
    sheet.set_column(1, 1, 60)
    sheet.set_column(2, 3, 14)
    sheet.set_column(4, 4, 60)
    identity = (report.pk, report.unit.code, report.period.code, report.template_code, report.version)
    labels = ("Mã báo cáo", "Đơn vị", "Kỳ báo cáo", "Mẫu báo cáo", "Phiên bản", "Mã kiểm tra")
    for row, (label, value) in enumerate(zip(labels, [*identity, _seal(*identity)], strict=True)):
        sheet.write(row, 0, label, bold)
        sheet.write_string(row, 1, str(value))
    sheet.write(0, 2, report.unit.name, title)
    sheet.write(1, 2, f"{report.template.name} (phiên bản mẫu {report.template.version})")
    sheet.write(2, 2, f"Số liệu từ {report.period.starts_on:%d/%m/%Y} đến {report.period.ends_on:%d/%m/%Y}")
    sheet.write(3, 2, "Chỉ nhập vào các ô màu vàng; ô xám tính từ dữ liệu hội viên.")
    sheet.write_row(FIRST_ROW - 1, 0, ["Mã chỉ tiêu", "Chỉ tiêu", "Phân tổ", "Đơn vị tính", "Số liệu"], bold)
    values = {(v.indicator_id, v.key): v for v in report.values.all()}
    row = FIRST_ROW
    for item in report.template.items.select_related("indicator").order_by("position"):
        ind = item.indicator
        dims = ind.breakdowns or []
        keys = [""] + ([c[0] for c in dims[0].get("choices", [])] if len(dims) == 1 else [])
        names = dict(dims[0].get("choices", [])) if len(dims) == 1 else {}
        for key in keys:
            stored = values.get((ind.pk, key))
            value = (stored.text if ind.kind == IndicatorKind.TEXT else stored.number) if stored else None
            sheet.write_string(row, 0, ind.code)
            sheet.write(row, 1, ind.name if not key else f"   {ind.name}: {names.get(key, key)}", locked)
            sheet.write_string(row, 2, key)
            sheet.write(row, 3, ind.unit_of_measure)
            cell = locked if ind.source else fill
            if value is None:
                sheet.write_blank(row, 4, None, cell)
            elif ind.kind == IndicatorKind.TEXT:
                sheet.write_string(row, 4, value, cell)
            else:
                sheet.write_number(row, 4, float(value), cell)
            row += 1
    row += 1
    sheet.write_row(row, 1, ["Phần viết (mã phần ở cột A, sau dấu #)", "", "", "Nội dung"], bold)
    written = {n.section_id: n.text for n in report.narratives.all()}
    for section in report.template.sections.order_by("position"):
        row += 1
        sheet.write_string(row, 0, f"#{section.code}")
        sheet.write(row, 1, section.title + (" (bắt buộc)" if section.required else ""), locked)
        sheet.write_string(row, 4, written.get(section.pk, ""), fill_text)
        sheet.set_row(row, 90)
    sheet.protect("", {"format_columns": True, "format_rows": True})
    book.close()
    return out.getvalue()


@dataclass
class FormData:
    report_id: int
    unit: str
    version: int
    values: dict
    narratives: dict


def _cell(rows: list[list], r: int, c: int):
    return rows[r][c] if r < len(rows) and c < len(rows[r]) else ""


def read_form(name: str, content: bytes) -> FormData:
    """What an uploaded form holds; DomainError when it is not a form of this system or its header was edited."""
    from python_calamine import CalamineError, CalamineWorkbook

    if guess_format(name, content[:8]) != "xlsx":
        raise DomainError("wrong_file_type", "Chỉ nhận tệp Excel (.xlsx) tải về từ trang báo cáo.", status=422)
    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(content))
        rows = book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, KeyError) as exc:
        raise DomainError("bad_form", TAMPERED, status=422) from exc
    head = [str(_cell(rows, r, 1)).strip() for r in range(len(HEADER))]
    try:
        identity = (int(float(head[0])), head[1], head[2], head[3], int(float(head[4])))
    except ValueError as exc:
        raise DomainError("bad_form", TAMPERED, status=422) from exc
    if not hmac.compare_digest(_seal(*identity), head[5]):
        raise DomainError("tampered", TAMPERED, status=422)
    values, narratives = {}, {}
    for r in range(FIRST_ROW, len(rows)):
        code = str(_cell(rows, r, 0)).strip()
        if code.startswith("#"):
            narratives[code[1:]] = str(_cell(rows, r, 4) or "")
        elif code:
            values[(code, str(_cell(rows, r, 2)).strip())] = _cell(rows, r, 4)
    return FormData(identity[0], identity[1], identity[4], values, narratives)


def upload(*, actor, name: str, content: bytes, expected: Submission | None = None) -> Submission:
    """Save one filled-in form into its report (the same checks as the web form); refused when the file is
    not a form of a report the actor may fill in, is another report's than `expected` (the page it was
    uploaded on), or was downloaded before a later change."""
    from quanlyhoi.reporting.services import submissions

    data = read_form(name, content)
    if expected is not None and data.report_id != expected.pk:
        raise DomainError(
            "wrong_unit",
            f"Tệp {name} là báo cáo của {data.unit} (số {data.report_id}), không phải báo cáo đang mở "
            f"của {expected.unit.code}.",
            status=422,
        )
    report = (
        Submission.objects.restrict(actor, "view")
        .select_related("unit", "period", "template")
        .filter(pk=data.report_id)
        .first()
    )
    if report is None:
        raise DomainError("unknown_report", f"Tệp {name}: không tìm thấy báo cáo số {data.report_id}.", status=404)
    if report.unit.code != data.unit:
        raise DomainError(
            "wrong_unit", f"Tệp {name} là báo cáo của {data.unit}, không phải của {report.unit.code}.", status=422
        )
    computed = {i.indicator.code for i in report.template.items.select_related("indicator") if i.indicator.source}
    values = {key: value for key, value in data.values.items() if key[0] not in computed}
    return submissions.save(
        actor=actor, submission=report, version=data.version, values=values, narratives=data.narratives
    )


def upload_many(*, actor, files: list[tuple[str, bytes]]) -> list[dict]:
    """Each file into its own report, each in its own transaction: [{file, ok, report, unit, message}]."""
    out = []
    for name, content in files:
        try:
            report = upload(actor=actor, name=name, content=content)
            out.append({"file": name, "ok": True, "report": report.pk, "unit": report.unit.code, "message": ""})
        except DomainError as exc:
            out.append({"file": name, "ok": False, "report": None, "unit": "", "message": exc.message})
    return out


def download(report: Submission) -> HttpResponse:
    """The form as a download (web page and API alike)."""
    response = HttpResponse(form_workbook(report), content_type=XLSX)
    name = f"bao-cao-{report.unit.code}-{report.period.code}-v{report.version}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def uploaded(files) -> list[tuple[str, bytes]]:
    """(name, content) of uploaded files (Django's or ninja's), refusing any too large for a report form."""
    too_big = [f.name for f in files if f.size > MAX_UPLOAD]
    if too_big:
        raise DomainError("too_big", f"Tệp quá lớn so với một mẫu báo cáo: {', '.join(too_big)}", status=422)
    return [(f.name, f.read()) for f in files]
