"""The tables of an OfficialDocument as an XLSX workbook: one sheet per table, figures as numbers (so they can
be summed again), the title and the note above the header row."""

from __future__ import annotations

import io
from decimal import Decimal

import xlsxwriter

from quanlyhoi.documents.content import OfficialDocument
from quanlyhoi.documents.layout import date_line, number_line, reference


def render(doc: OfficialDocument) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True, "font_name": "Times New Roman"})
    italic = book.add_format({"italic": True, "font_name": "Times New Roman"})
    head = book.add_format({"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True,
                            "font_name": "Times New Roman"})  # fmt: skip
    text = book.add_format({"border": 1, "text_wrap": True, "font_name": "Times New Roman"})
    whole = book.add_format({"border": 1, "num_format": "#,##0", "font_name": "Times New Roman"})
    part = book.add_format({"border": 1, "num_format": "#,##0.##", "font_name": "Times New Roman"})
    total = {id(f): book.add_format({**props, "bold": True}) for f, props in (
        (text, {"border": 1, "font_name": "Times New Roman"}),
        (whole, {"border": 1, "num_format": "#,##0", "font_name": "Times New Roman"}),
        (part, {"border": 1, "num_format": "#,##0.##", "font_name": "Times New Roman"}),
    )}  # fmt: skip
    issuer = doc.issuer
    ref = number_line(issuer.style, reference(issuer.style, doc.number, doc.doc_type, issuer.abbreviation))
    for i, table in enumerate(doc.tables, start=1):
        sheet = book.add_worksheet(f"Biểu {i}")
        sheet.write(0, 0, issuer.name.upper(), bold)
        sheet.write(1, 0, f"{ref} — {date_line(issuer.place, doc.issued_on)}", italic)
        sheet.write(2, 0, table.title, bold)
        row = 3
        if table.note:
            sheet.write(row, 0, table.note, italic)
            row += 1
        sheet.write_row(row, 0, table.columns, head)
        sheet.freeze_panes(row + 1, 0)
        weights = table.widths or [1] * len(table.columns)
        for c, w in enumerate(weights):
            sheet.set_column(c, c, max(6, min(60, 60 * w / max(weights))))
        last = len(table.rows) - 1
        for r, values in enumerate(table.rows, start=row + 1):
            for c, value in enumerate(values):
                is_number = isinstance(value, (int, Decimal)) and not isinstance(value, bool)
                fmt = (whole if value == int(value) else part) if is_number else text
                if table.total_last and r - row - 1 == last:
                    fmt = total[id(fmt)]
                if is_number:
                    sheet.write_number(r, c, float(value), fmt)
                else:
                    sheet.write(r, c, "" if value is None else value, fmt)
    book.close()
    return out.getvalue()
