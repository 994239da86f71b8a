"""`quanlyhoi members import` and `members template` in-process: counts, errors, the errors file, exit codes."""

import pytest
from python_calamine import CalamineWorkbook

from quanlyhoi.cli.members_imports import EXIT_DUPLICATES, EXIT_INVALID
from quanlyhoi.members.models import Person
from tests.members_imports.conftest import csv_bytes, person

pytestmark = pytest.mark.django_db

GOOD = [
    person("Phạm Văn Năm", "05/01/1950", "Nam", "001050009001", n=1),
    person("Đỗ Thị Sáu", "1948", "Nữ", "001148009002", n=2),
]
BAD = person("Lý Văn Bảy", "31/02/1950", "Nam", n=3)


@pytest.fixture
def sheet(tmp_path):
    def write(rows, name="hoi_vien.csv"):
        path = tmp_path / name
        path.write_bytes(csv_bytes(rows))
        return str(path)

    return write


def test_everything_imported_exits_0(cli, sheet):
    result = cli("members", "import", sheet(GOOD), "--unit", "NCT.01.00004")
    assert result.code == 0, result.err
    assert "thêm mới: 2" in result.out and "Đã ghi 2 hội viên." in result.out
    assert Person.objects.filter(full_name="Phạm Văn Năm").exists()


def test_the_same_file_again_exits_0_and_creates_nothing(cli, sheet):
    cli("members", "import", sheet(GOOD), "--unit", "NCT.01.00004")
    result = cli("members", "import", sheet(GOOD), "--unit", "NCT.01.00004", "--json")
    assert result.code == 0 and result.json()["counts"]["new"] == 0 and result.json()["counts"]["unchanged"] == 2


def test_invalid_rows_exit_3_and_write_nothing(cli, sheet):
    result = cli("members", "import", sheet([*GOOD, BAD]), "--unit", "NCT.01.00004")
    assert result.code == EXIT_INVALID == 3
    assert "Không ghi dòng nào" in result.out and "31/02/1950" in result.out
    assert not Person.objects.filter(full_name="Phạm Văn Năm").exists()


def test_skip_invalid_writes_the_valid_rows_and_still_exits_3(cli, sheet):
    result = cli("members", "import", sheet([*GOOD, BAD]), "--unit", "NCT.01.00004", "--skip-invalid")
    assert result.code == 3 and Person.objects.filter(full_name="Phạm Văn Năm").exists()


def test_held_back_duplicates_exit_4(cli, sheet):
    rows = [person("Mai Văn Tám", "1950", n=1), person("Mai Văn Tám", "1950", n=2)]
    result = cli("members", "import", sheet(rows), "--unit", "NCT.01.00004")
    assert result.code == EXIT_DUPLICATES == 4 and "--accept-duplicates" in result.out
    accepted = cli("members", "import", sheet(rows, "b.csv"), "--unit", "NCT.01.00008", "--accept-duplicates")
    assert accepted.code == 0


def test_dry_run_writes_nothing_and_exits_like_the_import_would(cli, sheet):
    assert cli("members", "import", sheet(GOOD), "--unit", "NCT.01.00004", "--dry-run").code == 0
    assert cli("members", "import", sheet([*GOOD, BAD]), "--unit", "NCT.01.00004", "--dry-run").code == 3
    assert not Person.objects.filter(full_name="Phạm Văn Năm").exists()


def test_json_lists_every_error(cli, sheet):
    bad = [person(f"Lý Văn Bảy {chr(65 + i)}", "31/02/1950", "Nam", n=i) for i in range(25)]
    result = cli("members", "import", sheet(bad), "--unit", "NCT.01.00004", "--dry-run", "--json")
    data = result.json()
    assert result.code == 3 and len(data["errors"]) == 25 and data["exit_code"] == 3
    text = cli("members", "import", sheet(bad), "--unit", "NCT.01.00004", "--dry-run")
    assert "… và 5 lỗi nữa" in text.out


def test_errors_file_is_written(cli, sheet, tmp_path):
    out = tmp_path / "loi.xlsx"
    result = cli("members", "import", sheet([*GOOD, BAD]), "--unit", "NCT.01.00004", "--dry-run", "--errors", str(out),
                 "--only-invalid")  # fmt: skip
    assert result.code == 3 and f"Tệp lỗi: {out}" in result.out
    rows = list(CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).iter_rows())
    assert rows[0][-1] == "Lỗi" and len(rows) == 2 and rows[1][1] == "Lý Văn Bảy"


def test_progress_bar_on_request(cli, sheet):
    result = cli("members", "import", sheet(GOOD), "--unit", "NCT.01.00004", "--progress")
    assert "Đang nhập: [" in result.err and "100%" in result.err


def test_refusals_exit_1(cli, sheet, tmp_path):
    assert cli("members", "import", str(tmp_path / "khong_co.csv"), "--unit", "NCT.01.00004").code == 1
    out_of_scope = cli("--as", "commune_officer", "members", "import", sheet(GOOD), "--unit", "NCT.01")
    assert out_of_scope.code == 1 and "Không tìm thấy đơn vị NCT.01" in out_of_scope.err
    empty = tmp_path / "rong.csv"
    empty.write_bytes(b"")
    assert "Tệp rỗng" in cli("members", "import", str(empty), "--unit", "NCT.01.00004").err


def test_usage_errors_exit_2(cli, sheet):
    assert cli("members", "import", sheet(GOOD)).code == 2  # --unit is required


def test_help_documents_the_exit_codes(cli):
    result = cli("members", "import", "--help")
    assert result.code == 0 and "mã thoát" in result.out and "--accept-duplicates" in result.out


@pytest.mark.parametrize("name", ["mau.xlsx", "mau.csv"])
def test_template_command(cli, tmp_path, name):
    result = cli("members", "template", "-o", str(tmp_path / name))
    assert result.code == 0 and (tmp_path / name).stat().st_size > 100
