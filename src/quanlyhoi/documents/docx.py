"""An OfficialDocument (documents.content) as a DOCX in the issuing body's format (DOMAIN.md §6): A4 portrait,
margins 20/20/30/15 mm, Times New Roman; the header (governing and issuing body over the number on the left,
the national name or "ĐẢNG CỘNG SẢN VIỆT NAM" over the date line on the right), the type name and summary,
justified body with a first-line indent, tables, the recipients and signature block, page numbers at the top
centre from the second page. Built with python-docx; tables are filled row by row (never cell lookups by
index, which python-docx does in linear time)."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt

from quanlyhoi.documents.content import Heading, OfficialDocument, Paragraph, Table, figure
from quanlyhoi.documents.layout import SIZES, date_line, number_line, reference
from quanlyhoi.documents.models import Style

FONT = "Times New Roman"
CENTER, JUSTIFY = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.JUSTIFY
RIGHT, LEFT = WD_ALIGN_PARAGRAPH.RIGHT, WD_ALIGN_PARAGRAPH.LEFT
CONTENT_WIDTH_MM = 210 - 30 - 15
HEADER_LEFT_MM = 62
# The short rule under the issuing body and under the summary: ND30 wants a third to a half of the line above.
RULE = "\u00a0" * 18


def _run(paragraph, text: str, size: float, *, bold=False, italic=False, underline=False):
    """A run in `size` points; only the properties that are on are written (off is the style's default)."""
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    for name, on in (("bold", bold), ("italic", italic), ("underline", underline)):
        if on:
            setattr(run.font, name, True)
    return run


def _para(container, text: str = "", size: float = 14, *, align=CENTER, bold=False, italic=False, underline=False,
          after: float = 0, indent: bool = False):  # fmt: skip
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.alignment, fmt.space_after, fmt.space_before = align, Pt(after), Pt(0)
    if indent:
        fmt.first_line_indent = Cm(1.27)
    if text:
        _run(p, text, size, bold=bold, italic=italic, underline=underline)
    return p


def _cell_paragraph(cell):
    """The cell's first (empty) paragraph, then new ones."""
    first = cell.paragraphs[0]
    return first if not first.text and not first.runs else cell.add_paragraph()


def _fixed_table(container, columns: int, widths_mm: list[float], *, grid: bool):
    table = container.add_table(rows=0, cols=columns)
    if grid:
        table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    return table


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    # Page numbers at the top centre, none on the first page.
    section.different_first_page_header_footer = True
    header = section.header.paragraphs[0]
    header.paragraph_format.alignment = CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    header._p.append(field)


def _header(document, doc: OfficialDocument) -> None:
    issuer, sizes = doc.issuer, SIZES[doc.issuer.style]
    # The national name needs about 100 mm at 12 pt bold; the issuing body may take two lines.
    table = _fixed_table(document, 2, [HEADER_LEFT_MM, CONTENT_WIDTH_MM - HEADER_LEFT_MM], grid=False)
    left, right = table.add_row().cells
    for cell, width in ((left, HEADER_LEFT_MM), (right, CONTENT_WIDTH_MM - HEADER_LEFT_MM)):
        cell.width = Mm(width)
    party = issuer.style == Style.PARTY
    if issuer.parent_name:
        _run(_cell_paragraph(left), issuer.parent_name.upper(), sizes.header, bold=party)
        left.paragraphs[-1].alignment = CENTER
    p = _cell_paragraph(left)
    p.alignment = CENTER
    _run(p, issuer.name.upper(), sizes.header, bold=True)
    p = _cell_paragraph(left)
    p.alignment = CENTER
    if party:
        _run(p, "*", sizes.header)
    else:
        _run(p, RULE, sizes.header, underline=True)
    p = _cell_paragraph(left)
    p.alignment = CENTER
    _run(p, number_line(issuer.style, reference(issuer.style, doc.number, doc.doc_type, issuer.abbreviation)),
         sizes.number)  # fmt: skip
    if party:
        p = _cell_paragraph(right)
        p.alignment = RIGHT
        _run(p, "ĐẢNG CỘNG SẢN VIỆT NAM", sizes.motto, bold=True, underline=True)
    else:
        p = _cell_paragraph(right)
        p.alignment = CENTER
        _run(p, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", sizes.motto, bold=True)
        p = _cell_paragraph(right)
        p.alignment = CENTER
        _run(p, "Độc lập - Tự do - Hạnh phúc", sizes.motto_line2, bold=True, underline=True)
    _cell_paragraph(right)
    p = _cell_paragraph(right)
    p.alignment = RIGHT if party else CENTER
    _run(p, date_line(issuer.place, doc.issued_on), sizes.date, italic=True)

    _para(document, "", after=6)
    _para(document, doc.type_name.upper(), sizes.doc_type, bold=True)
    _para(document, doc.summary, sizes.doc_type, bold=True)
    if party:
        _para(document, "-----", sizes.body, after=12)
    else:
        _para(document, RULE, sizes.body, underline=True, after=12)


def _block(document, block, body_size: float) -> None:
    if isinstance(block, Heading):
        p = _para(document, "", align=JUSTIFY, after=6, indent=True)
        p.paragraph_format.keep_with_next = True
        _run(p, block.text, body_size, bold=True)
    elif isinstance(block, Paragraph):
        for i, part in enumerate(t.strip() for t in block.text.split("\n") if t.strip()):
            p = _para(document, "", align=JUSTIFY, after=6, indent=True)
            if block.source and i == 0:
                _run(p, f"{block.source}: ", body_size, bold=True, italic=True)
            _run(p, part, body_size, italic=block.italic)
    elif isinstance(block, Table):
        _table(document, block)


def _cell_xml(text: str, width_twips: int, align: str, size: float, bold: bool) -> str:
    bold_xml = "<w:b/>" if bold else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width_twips}" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:jc w:val="{align}"/>'
        f'</w:pPr><w:r><w:rPr>{bold_xml}<w:sz w:val="{int(size * 2)}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
    )


def _table(document, block: Table) -> None:
    """The rows are written as OOXML text and parsed once each: python-docx's per-property setters cost about a
    millisecond a cell, which a table of the country's units would feel."""
    size = 11 if len(block.columns) <= 7 else 10
    caption = _para(document, block.title, 13, bold=True, after=0)
    caption.paragraph_format.keep_with_next = True
    if block.note:
        note = _para(document, block.note, 12, italic=True, after=3)
        note.paragraph_format.keep_with_next = True
    weights = block.widths or [1] * len(block.columns)
    widths = [CONTENT_WIDTH_MM * w / sum(weights) for w in weights]
    table = _fixed_table(document, len(block.columns), widths, grid=True)
    twips = [int(Mm(w).twips) for w in widths]
    # The header row repeats on every page (w:tblHeader).
    header = "".join(_cell_xml(t, w, "center", size, True) for t, w in zip(block.columns, twips, strict=True))
    rows = [f"<w:tr {nsdecls('w')}><w:trPr><w:tblHeader/></w:trPr>{header}</w:tr>"]
    last = len(block.rows) - 1
    for r, values in enumerate(block.rows):
        bold = block.total_last and r == last
        aligns = ["center"] + ["left"] * (block.numeric_from - 1) + ["right"] * len(values)  # STT, text, figures
        cells = "".join(
            _cell_xml(figure(v), w, align, size, bold) for v, w, align in zip(values, twips, aligns, strict=False)
        )
        rows.append(f"<w:tr {nsdecls('w')}>{cells}</w:tr>")
    for row in rows:
        table._tbl.append(parse_xml(row))
    _para(document, "", after=6)


def _signature(document, doc: OfficialDocument) -> None:
    issuer, sizes = doc.issuer, SIZES[doc.issuer.style]
    table = _fixed_table(document, 2, [80, CONTENT_WIDTH_MM - 80], grid=False)
    left, right = table.add_row().cells
    left.width, right.width = Mm(80), Mm(CONTENT_WIDTH_MM - 80)
    p = _cell_paragraph(left)
    p.alignment = LEFT
    _run(p, "Nơi nhận:", sizes.recipients_label, bold=True, italic=True)
    for line in issuer.recipients:
        p = _cell_paragraph(left)
        p.alignment = LEFT
        _run(p, line, sizes.recipients)
    for text in (issuer.signer_authority, issuer.signer_title):
        if text:
            p = _cell_paragraph(right)
            p.alignment = CENTER
            _run(p, text.upper(), sizes.body, bold=True)
    for _i in range(3):  # room for the signature and the seal
        _cell_paragraph(right)
    if issuer.signer_name:
        p = _cell_paragraph(right)
        p.alignment = CENTER
        _run(p, issuer.signer_name, sizes.body, bold=True)


def render(doc: OfficialDocument) -> bytes:
    document = Document()
    _setup(document)
    _header(document, doc)
    body_size = SIZES[doc.issuer.style].body
    for block in doc.body:
        _block(document, block, body_size)
    _signature(document, doc)
    if doc.annex:
        document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _para(document, "PHỤ LỤC", body_size, bold=True)
        ref = reference(doc.issuer.style, doc.number, doc.doc_type, doc.issuer.abbreviation)
        _para(document, f"(Kèm theo {doc.type_name.lower()} số {ref.strip()} {date_line('', doc.issued_on)[2:]})",
              body_size - 1, italic=True, after=12)  # fmt: skip
        for block in doc.annex:
            _block(document, block, body_size)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
