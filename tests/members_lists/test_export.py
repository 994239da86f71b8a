"""Exports: Vietnamese headers the import reads back, formula-injection-safe cells in CSV and XLSX, personal
data masked per row and audited when in clear, and only the rows in scope."""

import csv
import datetime
import io
import zipfile

import pytest
from python_calamine import CalamineWorkbook

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members import export
from quanlyhoi.members.imports.columns import find_header

pytestmark = pytest.mark.django_db
URL = "/members/export/"
HOSTILE = {
    "occupation": '=HYPERLINK("http://x","bấm")',
    "religion": "+SUM(A1:A2)",
    "ethnicity": "-2+3",
    "notes": "@cmd",
    "address": "\t=1+1",
}


def download(client, **params) -> bytes:
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return b"".join(response.streaming_content) if response.streaming else response.content


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def xlsx_rows(data: bytes) -> list[list]:
    return CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()


def column(rows, header):
    index = rows[0].index(header)
    return [r[index] for r in rows[1:]]


@pytest.fixture
def hostile(join):
    return join("NCT.01.00008", "Nguyễn Văn An", number="=1+2", id_number="001050001234", **HOSTILE)


def test_safe_text_neutralises_every_formula_start():
    assert [export.safe_text(v) for v in ("=1", "+1", "-1", "@1", "\t1", "\r1", "a=1")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@1",
        "'\t1",
        "'\r1",
        "a=1",
    ]


def test_csv_starts_with_a_byte_order_mark(world_members, login_client):
    assert download(login_client("assoc_admin"), format="csv").startswith(b"\xef\xbb\xbf")


def test_csv_headers_are_vietnamese(world_members, login_client):
    rows = csv_rows(download(login_client("assoc_admin"), format="csv"))
    assert rows[0] == export.HEADERS and "Họ và tên" in rows[0]


def test_export_headers_are_read_by_the_import():
    _index, mapping = find_header([export.HEADERS])
    expected = {"full_name", "birth", "sex", "id_number", "phone", "address", "commune", "province", "ethnicity",
                "religion", "occupation", "joined_on", "member_number", "type", "unit", "notes"}  # fmt: skip
    assert set(mapping) == expected


def test_csv_neutralises_formulas(hostile, login_client):
    rows = csv_rows(download(login_client("assoc_admin"), format="csv", unit="NCT.01.00008"))
    cells = {h: column(rows, h)[0] for h in ("Nghề nghiệp", "Tôn giáo", "Dân tộc", "Ghi chú", "Địa chỉ")}
    assert all(value.startswith("'") for value in cells.values()), cells


def test_csv_neutralises_a_formula_member_number(hostile, login_client):
    rows = csv_rows(download(login_client("assoc_admin"), format="csv", unit="NCT.01.00008"))
    assert column(rows, "Số thẻ hội viên") == ["'=1+2"]


def test_xlsx_neutralises_formulas(hostile, login_client):
    rows = xlsx_rows(download(login_client("assoc_admin"), format="xlsx", unit="NCT.01.00008"))
    assert column(rows, "Nghề nghiệp") == ["'" + HOSTILE["occupation"]]
    assert column(rows, "Tôn giáo") == ["'+SUM(A1:A2)"]


def test_xlsx_holds_no_formula_at_all(hostile, login_client):
    data = download(login_client("assoc_admin"), format="xlsx", unit="NCT.01.00008")
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet


def test_xlsx_keeps_identity_numbers_as_text(hostile, login_client):
    rows = xlsx_rows(download(login_client("assoc_admin"), format="xlsx", unit="NCT.01.00008"))
    assert column(rows, "Số CCCD") == ["001050001234"]


def test_xlsx_writes_dates_as_dates(world_members, login_client):
    rows = xlsx_rows(download(login_client("assoc_admin"), format="xlsx", unit="NCT.01.00004"))
    assert column(rows, "Ngày sinh")[0] == datetime.date(1950, 1, 5)


def test_csv_writes_dates_day_first(world_members, login_client):
    rows = csv_rows(download(login_client("assoc_admin"), format="csv", unit="NCT.01.00004"))
    assert column(rows, "Ngày sinh")[0] == "05/01/1950" and column(rows, "Ngày vào hội")[0] == "15/09/2025"


def test_export_is_in_official_order(world_members, login_client):
    rows = csv_rows(download(login_client("assoc_admin"), format="csv", unit="NCT.01.00004"))
    assert column(rows, "Họ và tên") == ["Nguyễn Văn An", "Trần Thị Bình", "Bùi Văn Hùng"]


def test_export_applies_the_filters(world_members, login_client):
    rows = csv_rows(download(login_client("assoc_admin"), format="csv", q="binh"))
    assert column(rows, "Họ và tên") == ["Trần Thị Bình"]


def test_csv_is_streamed(world_members, login_client):
    assert login_client("assoc_admin").get(URL, {"format": "csv"}).streaming


@pytest.mark.parametrize("persona", ["overseer", "inspector"])
def test_export_masks_personal_data_without_the_permission(world_members, login_client, persona):
    rows = csv_rows(download(login_client(persona), format="csv", unit="NCT.01.00004"))
    assert column(rows, "Số CCCD")[0] == "********1234" and column(rows, "Số điện thoại")[0] == "091****678"
    assert column(rows, "Ngày sinh")[0] == "1950"


def test_masked_export_is_not_audited(world_members, login_client):
    download(login_client("inspector"), format="csv")
    assert not AuditRecord.objects.filter(action="member.export").exists()


def test_export_shows_personal_data_with_the_permission(world_members, login_client):
    rows = csv_rows(download(login_client("commune_officer"), format="csv"))
    assert column(rows, "Số CCCD")[0] == "001050001234" and column(rows, "Số điện thoại")[0] == "0912345678"


def test_export_with_personal_data_is_audited(world_members, login_client, personas):
    download(login_client("commune_officer"), format="xlsx", status="active")
    record = AuditRecord.objects.get(action="member.export")
    assert (record.actor, record.changes["rows"], record.changes["format"], record.changes["filters"]) == (
        personas["commune_officer"],
        3,
        "xlsx",
        {"status": ["active"]},
    )


def test_export_audit_lands_in_the_officers_scope(world_members, login_client, unit):
    download(login_client("commune_officer"), format="csv")
    assert AuditRecord.objects.get(action="member.export").unit_path == unit("NCT.01.00004").path


def test_outsider_exports_nothing_of_nct(world_members, login_client):
    rows = csv_rows(download(login_client("outsider"), format="csv", unit="NCT.01"))
    assert rows == [export.HEADERS]


def test_commune_officer_exports_only_its_subtree(world_members, login_client):
    rows = csv_rows(download(login_client("commune_officer"), format="csv"))
    assert sorted(column(rows, "Số thẻ hội viên")) == ["NCT-BD-001", "NCT-BD-002", "NCT-BD-003"]


def test_each_association_exports_its_own_phone_of_the_same_person(world_members, login_client):
    nct = csv_rows(download(login_client("assoc_admin"), format="csv", q="bui van hung"))
    ctd = csv_rows(download(login_client("outsider"), format="csv", q="bui van hung"))
    assert (column(nct, "Số điện thoại"), column(ctd, "Số điện thoại")) == ([""], ["0901234567"])


def test_unknown_format_is_refused(world_members, login_client):
    response = login_client("assoc_admin").get(URL, {"format": "pdf"})
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")


def test_invalid_filter_is_refused(world_members, login_client):
    response = login_client("assoc_admin").get(URL, {"format": "csv", "sex": "X"})
    assert response.status_code == 400 and "sex" in response.content.decode()


def test_export_file_is_named_after_the_unit(world_members, login_client):
    response = login_client("assoc_admin").get(URL, {"format": "xlsx", "unit": "NCT.01.00004"})
    assert "hoi-vien-NCT.01.00004-" in response["Content-Disposition"]


def test_csv_file_round_trips_through_the_writer(world_members, operator, tmp_path):
    from quanlyhoi.members.filters import MemberFilter

    path = tmp_path / "out.csv"
    export.write_csv(export.rows(MemberFilter({"unit": "NCT.01.00004"}, actor=operator).qs, operator), path)
    assert csv_rows(path.read_bytes())[1][1] == "Nguyễn Văn An"
