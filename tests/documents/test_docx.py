"""The official layouts read back from the files: number and date lines, header, type and summary, body,
tables, recipients and signature, page set-up (Nghị định 30/2020 and Hướng dẫn 36-HD/VPTW, DOMAIN.md §6)."""

import datetime
import io
from decimal import Decimal

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from python_calamine import CalamineWorkbook

from quanlyhoi.documents import docx, xlsx
from quanlyhoi.documents.content import Heading, Issuer, OfficialDocument, Paragraph, Table, figure
from quanlyhoi.documents.layout import date_line, number_line, reference


@pytest.mark.parametrize(
    ("style", "number", "expected"),
    [("state", 5, "Số: 05/BC-TWH"), ("state", 127, "Số: 127/BC-TWH"), ("party", 127, "Số 127-BC/TW"),
     ("party", 3, "Số 03-BC/TW")],
)  # fmt: skip
def test_number_line(style, number, expected):
    abbreviation = "TW" if style == "party" else "TWH"
    assert number_line(style, reference(style, number, "BC", abbreviation)) == expected


def test_a_draft_leaves_the_number_blank():
    assert reference("state", None, "BC", "TWH").endswith("/BC-TWH")
    assert not any(ch.isdigit() for ch in reference("state", None, "BC", "TWH"))


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (datetime.date(2026, 1, 5), "Hà Nội, ngày 05 tháng 01 năm 2026"),
        (datetime.date(2026, 2, 28), "Hà Nội, ngày 28 tháng 02 năm 2026"),
        (datetime.date(2026, 3, 9), "Hà Nội, ngày 09 tháng 3 năm 2026"),  # only January and February are padded
        (datetime.date(2025, 12, 31), "Hà Nội, ngày 31 tháng 12 năm 2025"),
    ],
)
def test_date_line(day, expected):
    assert date_line("Hà Nội", day) == expected


@pytest.mark.parametrize(
    ("value", "text"),
    [(1234567, "1.234.567"), (Decimal("73.08"), "73,08"), (Decimal("-12"), "-12"), (Decimal("5.50"), "5,5"),
     (None, ""), ("x", "x"), (Decimal("1000.5"), "1.000,5")],
)  # fmt: skip
def test_figures_are_written_the_vietnamese_way(value, text):
    assert figure(value) == text


def issuer(style="state"):
    return Issuer(
        style=style, parent_name="Hội Người cao tuổi Việt Nam", name="Hội Người cao tuổi thành phố Hà Nội",
        abbreviation="HNCT", place="Hà Nội", signer_authority="TM. Ban Thường vụ", signer_title="Chủ tịch",
        signer_name="Nguyễn Văn An", recipients=["- Trung ương Hội (để báo cáo);", "- Lưu: VT."],
    )  # fmt: skip


def sample(style="state", number=5):
    table = Table("Biểu 1. Số liệu", ["STT", "Chỉ tiêu", "Kỳ này"], [[1, "Hội viên", 1234567], ["", "Tổng", 1234567]],
                  total_last=True)  # fmt: skip
    return OfficialDocument(
        issuer(style), "BC", "Báo cáo", "Kết quả công tác hội 6 tháng cuối năm 2025", datetime.date(2026, 1, 5),
        number, [Heading("I. KẾT QUẢ"), Paragraph("Đoạn một.\nĐoạn hai.", source="Hội phường Ba Đình"), table],
        [Table("Biểu 2. Theo đơn vị", ["STT", "Đơn vị", "Hội viên"], [[1, "Ba Đình", Decimal("12.5")]])],
    )  # fmt: skip


def read(doc) -> Document:
    return Document(io.BytesIO(docx.render(doc)))


def cell_lines(cell):
    return [p for p in cell.paragraphs if p.text.strip()]


def test_state_header_number_and_date_lines():
    d = read(sample())
    left, right = d.tables[0].rows[0].cells
    lines = cell_lines(left)
    assert [p.text for p in lines] == [
        "HỘI NGƯỜI CAO TUỔI VIỆT NAM", "HỘI NGƯỜI CAO TUỔI THÀNH PHỐ HÀ NỘI", "Số: 05/BC-HNCT"
    ]  # fmt: skip
    assert not lines[0].runs[0].bold and lines[1].runs[0].bold  # the governing body plain, the issuer bold
    rule = [p for p in left.paragraphs if p.runs and p.runs[0].underline and not p.text.strip()]
    assert rule, "a short rule under the issuing body"
    nation, motto, date = cell_lines(right)
    assert nation.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and nation.runs[0].bold
    assert motto.text == "Độc lập - Tự do - Hạnh phúc" and motto.runs[0].bold and motto.runs[0].underline
    assert date.text == "Hà Nội, ngày 05 tháng 01 năm 2026" and date.runs[0].italic
    assert date.runs[0].font.size == Pt(14) and nation.runs[0].font.size in (Pt(12), Pt(13))


def test_party_header():
    d = read(sample("party", 127))
    left, right = d.tables[0].rows[0].cells
    assert "Số 127-BC/HNCT" in [p.text for p in cell_lines(left)]
    assert "*" in [p.text for p in cell_lines(left)]
    party = cell_lines(right)[0]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and party.runs[0].bold and party.runs[0].underline
    assert party.runs[0].font.size == Pt(15)
    assert all("CỘNG HÒA" not in p.text for p in d.paragraphs)
    title = next(p for p in d.paragraphs if p.text == "BÁO CÁO")
    assert title.runs[0].font.size == Pt(16)


def test_title_body_and_sections():
    d = read(sample())
    texts = [p.text for p in d.paragraphs]
    i = texts.index("BÁO CÁO")
    assert texts[i + 1] == "Kết quả công tác hội 6 tháng cuối năm 2025"
    assert d.paragraphs[i].runs[0].bold and d.paragraphs[i + 1].runs[0].bold
    heading = d.paragraphs[texts.index("I. KẾT QUẢ")]
    assert heading.runs[0].bold
    first = d.paragraphs[texts.index("Hội phường Ba Đình: Đoạn một.")]
    assert first.runs[0].bold and first.runs[0].text == "Hội phường Ba Đình: "  # the source of the passage
    assert first.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY and first.paragraph_format.first_line_indent == Cm(1.27)
    assert "Đoạn hai." in texts  # one paragraph per line
    assert "PHỤ LỤC" in texts and any(t.startswith("(Kèm theo báo cáo số 05/BC-HNCT ngày 05 tháng 01") for t in texts)


def test_tables_with_figures_and_total():
    d = read(sample())
    table = d.tables[1]
    assert [c.text for c in table.rows[0].cells] == ["STT", "Chỉ tiêu", "Kỳ này"]
    assert table.rows[0]._tr.trPr is not None  # the header row repeats on each page
    assert [c.text for c in table.rows[1].cells] == ["1", "Hội viên", "1.234.567"]
    assert table.rows[1].cells[2].paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
    assert table.rows[2].cells[1].paragraphs[0].runs[0].bold  # the total
    assert [c.text for c in d.tables[-1].rows[1].cells] == ["1", "Ba Đình", "12,5"]  # the annex


def test_recipients_and_signature():
    d = read(sample())
    left, right = d.tables[2].rows[0].cells
    label, *recipients = cell_lines(left)
    assert label.text == "Nơi nhận:" and label.runs[0].bold and label.runs[0].italic
    assert label.runs[0].font.size == Pt(12)
    assert [p.text for p in recipients] == ["- Trung ương Hội (để báo cáo);", "- Lưu: VT."]
    assert all(p.runs[0].font.size == Pt(11) for p in recipients)
    assert [p.text for p in cell_lines(right)] == ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH", "Nguyễn Văn An"]


def test_page_setup_font_and_page_numbers():
    d = read(sample())
    section = d.sections[0]
    mm = [round(x.mm) for x in (section.page_width, section.page_height, section.top_margin, section.bottom_margin,
                                section.left_margin, section.right_margin)]  # fmt: skip
    assert mm == [210, 297, 20, 20, 30, 15]  # A4 portrait, stored in twips
    assert d.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer  # no number on the first page
    assert 'w:instr="PAGE"' in section.header._element.xml
    assert section.first_page_header.paragraphs[0].text == ""


def test_xlsx_keeps_figures_as_numbers():
    book = CalamineWorkbook.from_filelike(io.BytesIO(xlsx.render(sample())))
    assert book.sheet_names == ["Biểu 1", "Biểu 2"]
    rows = book.get_sheet_by_name("Biểu 1").to_python()
    assert rows[0][0] == "HỘI NGƯỜI CAO TUỔI THÀNH PHỐ HÀ NỘI" and "Số: 05/BC-HNCT" in rows[1][0]
    header = rows.index(["STT", "Chỉ tiêu", "Kỳ này"])
    assert rows[header + 1] == [1, "Hội viên", 1234567]
    assert book.get_sheet_by_name("Biểu 2").to_python()[-1] == [1, "Ba Đình", 12.5]
