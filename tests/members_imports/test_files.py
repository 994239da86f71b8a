"""What an upload may be: XLSX (date and number cells) or CSV, header rows under titles, the mapping step, and the
refusals (wrong type, empty, no header) that store nothing."""

import datetime
import unicodedata

import pytest

from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.members.imports import files
from quanlyhoi.members.models import ImportJob, Person
from quanlyhoi.members.services import imports
from tests.members_imports.conftest import HEADER, csv_bytes, person, run, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


def stored_files() -> set[str]:
    return {p.name for p in files.imports_dir().iterdir()}


def test_xlsx_with_date_cells_and_numeric_cccd(operator):
    born, joined = datetime.date(1950, 1, 5), datetime.date(2015, 3, 15)
    rows = [[1, "Phạm Văn Năm", born, "Nam", 1050009001, 912000001.0, "", joined]]
    job = upload(operator, "NCT.01.00004", xlsx_bytes(rows), "hoi_vien.xlsx")
    assert job.file_format == "xlsx"
    counts = run(operator, job)
    assert counts["written"] == 1
    stored = Person.objects.get(import_job=job)
    assert stored.birth_date == datetime.date(1950, 1, 5) and stored.id_number == "001050009001"
    assert stored.phone == "0912000001"


def test_xlsx_year_alone_as_a_number(operator):
    job = upload(operator, "NCT.01.00004", xlsx_bytes([[1, "Vũ Văn Chín", 1938, "Nam"]]), "a.xlsx")
    run(operator, job)
    assert Person.objects.get(import_job=job).birth_year == 1938


def test_header_found_below_title_rows(operator):
    before = [["HỘI NGƯỜI CAO TUỔI PHƯỜNG BA ĐÌNH"], ["DANH SÁCH HỘI VIÊN NĂM 2026"], []]
    job = upload(operator, "NCT.01.00004", csv_bytes([person()], before=before))
    assert job.header_row == 4 and job.mapping["full_name"] == 1 and job.mapping["id_number"] == 4
    assert run(operator, job)["new"] == 1


def test_header_found_below_titles_in_xlsx_starting_in_column_b(operator):
    before = [["", "DANH SÁCH HỘI VIÊN"], []]
    rows = [["", *person()]]
    job = upload(operator, "NCT.01.00004", xlsx_bytes(rows, header=["", *HEADER], before=before), "b.xlsx")
    assert job.header_row == 3 and job.mapping["full_name"] == 2  # column C, as Excel shows it


def test_usual_header_variants_are_recognised(operator):
    header = ["TT", "Họ tên", "Năm sinh", "Nam/Nữ", "Số CMND", "SĐT", "Nơi ở hiện nay", "Ngày kết nạp"]
    job = upload(operator, "NCT.01.00004", csv_bytes([person()], header=header))
    assert job.mapping == {"full_name": 1, "birth": 2, "sex": 3, "id_number": 4, "phone": 5, "address": 6,
                           "joined_on": 7}  # fmt: skip


def test_mapping_adjusted_by_the_officer(operator):
    header = ["STT", "Họ và tên", "Ngày sinh", "Cột lạ"]
    job = upload(operator, "NCT.01.00004", csv_bytes([[1, "Vũ Văn Chín", "1938", "0912000009"]], header=header))
    imports.import_set_mapping(actor=operator, job=job, mapping={"full_name": 1, "birth": 2, "phone": 3})
    run(operator, job)
    assert Person.objects.get(import_job=job).phone == "0912000009"


def test_a_new_header_row_detects_the_columns_again(operator):
    before = [["Họ và tên"]]  # a title that looks like a one-column header
    job = upload(operator, "NCT.01.00004", csv_bytes([person()], before=before))
    job = imports.import_set_mapping(actor=operator, job=job, mapping=None, header_row=2)
    assert job.header_row == 2 and job.mapping["birth"] == 2


@pytest.mark.parametrize(
    ("mapping", "text"),
    [
        ({"birth": 2}, "cột họ và tên"),
        ({"full_name": 1, "birth": 1}, "hai trường"),
        ({"full_name": 40}, "không tồn tại"),
    ],
)
def test_an_unusable_mapping_is_refused(operator, mapping, text):
    job = upload(operator, "NCT.01.00004", csv_bytes([person()]))
    with pytest.raises(DomainError) as exc:
        imports.import_set_mapping(actor=operator, job=job, mapping=mapping)
    assert text in exc.value.message


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("danh_sach.pdf", b"%PDF-1.4 ...", "wrong_file_type"),
        ("anh.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "wrong_file_type"),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, "xls_unsupported"),
        ("hong.xlsx", b"not a zip file at all", "bad_xlsx"),
        ("rong.csv", b"", "empty_file"),
        ("khong_tieu_de.csv", "Nguyễn Văn An,1950\nTrần Thị Bình,1948\n".encode(), "no_header"),
    ],
)
def test_refused_uploads_store_nothing(operator, name, content, code):
    before = stored_files()
    with pytest.raises(DomainError) as exc:
        upload(operator, "NCT.01.00004", content, name)
    assert exc.value.code == code and exc.value.message
    assert not ImportJob.objects.exists() and stored_files() == before


def cp1258(text: str) -> bytes:
    """As old Vietnamese Windows saved it: a letter cp1258 lacks is written as its base letter and a tone mark."""
    out = b""
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            decomposed = unicodedata.normalize("NFD", ch)
            out += unicodedata.normalize("NFC", decomposed[:-1]).encode("cp1258") + decomposed[-1].encode("cp1258")
    return out


def test_csv_in_windows_1258_with_semicolons(operator):
    content = cp1258("Họ và tên;Năm sinh\nVũ Văn Chín;1938\n")
    job = upload(operator, "NCT.01.00004", content)
    run(operator, job)
    assert Person.objects.get(import_job=job).full_name == "Vũ Văn Chín"


def test_a_commune_officer_cannot_import_into_the_province(personas):
    with pytest.raises(NotFound):  # NCT.01 is above its scope: as if it did not exist
        upload(personas["commune_officer"], "NCT.01", csv_bytes([person()]))


def test_an_inspector_cannot_import(personas):
    with pytest.raises(Forbidden):
        upload(personas["inspector"], "NCT.01.00004", csv_bytes([person()]))


def test_a_file_changed_on_the_server_is_not_run(operator):
    job = upload(operator, "NCT.01.00004", csv_bytes([person()]))
    files.stored_path(job).write_bytes(csv_bytes([person("Kẻ Lạ")]))
    with pytest.raises(DomainError) as exc:
        run(operator, job)
    assert exc.value.code == "file_changed"


def test_formula_like_text_cells_of_an_xlsx_stay_text(operator):
    rows = [[1, "Vũ Văn Chín", 1938, "Nam", "=1+1", "@SUM(A1)"]]
    header = ["STT", "Họ và tên", "Năm sinh", "Giới tính", "Ghi chú", "Nghề nghiệp"]
    job = upload(operator, "NCT.01.00004", xlsx_bytes(rows, header=header), "a.xlsx")
    run(operator, job)
    stored = Person.objects.get(import_job=job)
    assert (stored.notes, stored.occupation) == ("=1+1", "@SUM(A1)")
