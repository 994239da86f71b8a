"""The errors file (the officer's own file with a "Lỗi" column, read back with python-calamine) and the template."""

import datetime

import pytest
from python_calamine import CalamineWorkbook

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.imports import errorfile, template
from quanlyhoi.members.services import imports
from tests.members_imports.conftest import HEADER, csv_bytes, person, run, upload, xlsx_bytes

pytestmark = pytest.mark.django_db

TITLES = [["DANH SÁCH HỘI VIÊN"], ["Chi hội số 1"]]
ROWS = [
    person("Phạm Văn Năm", "05/01/1950", "Nam", "001050009001", n=1),
    person("Lý Văn Bảy", "31/02/1950", "Nam", "001050009002", "12345", n=2),
    person("Đỗ Thị Sáu", "1948", "Nữ", n=3),
]


def sheet_rows(path) -> list[list]:
    return list(CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).iter_rows())


@pytest.fixture
def checked(operator):
    job = upload(operator, "NCT.01.00004", csv_bytes(ROWS, before=TITLES))
    run(operator, job, dry_run=True)
    return job


def test_every_row_with_the_error_column(operator, checked, tmp_path):
    out = tmp_path / "loi.xlsx"
    assert imports.import_errors_file(actor=operator, job=checked, target=out) == 1
    rows = sheet_rows(out)
    assert rows[0][0] == "DANH SÁCH HỘI VIÊN" and rows[1][0] == "Chi hội số 1"  # titles kept
    assert rows[2] == [*HEADER, "Lỗi"]
    assert [r[1] for r in rows[3:]] == ["Phạm Văn Năm", "Lý Văn Bảy", "Đỗ Thị Sáu"]
    assert rows[3][-1] == "" and rows[5][-1] == ""
    error = rows[4][-1]
    assert error.startswith("Cột Ngày sinh: ") and "; Cột Số điện thoại: " in error and error.endswith(".")


def test_only_the_rows_with_problems(operator, checked, tmp_path):
    out = tmp_path / "loi.xlsx"
    imports.import_errors_file(actor=operator, job=checked, target=out, only_invalid=True)
    rows = sheet_rows(out)
    assert len(rows) == 4 and rows[3][1] == "Lý Văn Bảy" and rows[3][-1]


def test_cells_keep_their_text(operator, checked, tmp_path):
    out = tmp_path / "loi.xlsx"
    imports.import_errors_file(actor=operator, job=checked, target=out)
    assert sheet_rows(out)[3][4] == "001050009001"  # leading zeros kept: text stays text


def test_csv_errors_file(operator, checked, tmp_path):
    out = tmp_path / "loi.csv"
    imports.import_errors_file(actor=operator, job=checked, target=out, only_invalid=True, file_format="csv")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[2].endswith(",Lỗi") and "Lý Văn Bảy" in lines[3] and "Cột Ngày sinh" in lines[3]


def test_an_xlsx_upload_keeps_its_date_and_number_cells(operator, tmp_path):
    rows = [[1, "Lý Văn Bảy", datetime.date(1950, 1, 5), "Nam", 1050009001, "12345"]]
    job = upload(operator, "NCT.01.00004", xlsx_bytes(rows), "a.xlsx")
    run(operator, job, dry_run=True)
    out = tmp_path / "loi.xlsx"
    imports.import_errors_file(actor=operator, job=job, target=out)
    row = sheet_rows(out)[1]
    assert row[2] == datetime.date(1950, 1, 5) and row[4] == 1050009001 and "Số điện thoại" in row[-1]


def test_a_possible_duplicate_is_flagged_in_the_file(operator, tmp_path):
    rows = [person("Mai Văn Tám", "1950", n=1), person("Mai Văn Tám", "1950", n=2)]
    job = upload(operator, "NCT.01.00004", csv_bytes(rows))
    run(operator, job, dry_run=True)
    out = tmp_path / "loi.xlsx"
    imports.import_errors_file(actor=operator, job=job, target=out, only_invalid=True)
    assert "Có thể trùng với dòng 2" in sheet_rows(out)[1][-1]


def test_the_errors_file_is_audited(personas, checked, tmp_path):
    imports.import_errors_file(actor=personas["commune_officer"], job=checked, target=tmp_path / "loi.xlsx")
    record = AuditRecord.objects.get(action="member.import_errors")
    assert record.actor == personas["commune_officer"] and record.changes["rows_with_problems"] == 1


def test_the_errors_file_needs_the_personal_data_right(personas, checked, tmp_path):
    from quanlyhoi.core.errors import Forbidden

    with pytest.raises(Forbidden):
        imports.import_errors_file(actor=personas["inspector"], job=checked, target=tmp_path / "loi.xlsx")


def test_download_name():
    class Job:
        file_name = "Danh sách T3.xlsx"

    assert errorfile.download_name(Job(), "xlsx") == "Danh sách T3-loi.xlsx"


# --- the template ------------------------------------------------------------------------------------------


def test_template_has_the_headers_an_example_and_a_guide(tmp_path):
    out = tmp_path / "mau.xlsx"
    out.write_bytes(template.template_xlsx())
    book = CalamineWorkbook.from_path(str(out))
    assert book.sheet_names == ["Danh sách", "Hướng dẫn"]
    rows = list(book.get_sheet_by_index(0).iter_rows())
    assert rows[0] == template.headers() and rows[0][:3] == ["Họ và tên", "Ngày sinh", "Giới tính"]
    assert rows[1][3] == "001050001234" and rows[1][1] == "05/01/1950"  # text cells: zeros and dates as typed
    guide = [r for r in book.get_sheet_by_index(1).iter_rows() if r and r[0] == "Số CCCD"]
    assert "12 chữ số" in guide[0][2]


def test_the_template_example_imports_cleanly(operator):
    job = upload(operator, "NCT.01.00004", template.template_xlsx(), "mau.xlsx")
    counts = run(operator, job, dry_run=True)
    assert (counts["rows"], counts["invalid"], counts["new"]) == (1, 0, 1)


def test_template_as_csv():
    text = template.template_csv().decode("utf-8")
    assert text.startswith("\ufeffHọ và tên,Ngày sinh,") and "001050001234" in text
