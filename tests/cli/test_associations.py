"""associations levels | level-set | level-delete | levels-reorder."""

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import UnitLevel

DEFAULT = ["central", "province", "commune", "branch", "group"]


def level(code: str) -> UnitLevel:
    return UnitLevel.objects.get(association__code="NCT", code=code)


def test_levels_lists_ranks_names_areas_and_current_units(cli):
    result = cli("associations", "levels", "nct")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Các cấp của hội NCT Hội Người cao tuổi Việt Nam:"
    assert lines[1].split() == ["Thứ", "bậc", "Mã", "Tên", "Địa", "bàn", "Đơn", "vị", "hiện", "có"]
    assert lines[4].split()[:2] == ["2", "province"] and lines[4].split()[-1] == "4"
    data = cli("associations", "levels", "NCT", "--json").json()
    assert data["association"] == "NCT"
    assert [lvl["code"] for lvl in data["levels"]] == DEFAULT
    assert data["levels"][2] == {
        "code": "commune",
        "name": "Xã, phường, đặc khu",
        "rank": 3,
        "has_area": "commune",
        "units": 3,
    }


def test_levels_as_a_scoped_user_counts_only_visible_units(cli):
    data = cli("--as", "commune_officer", "associations", "levels", "NCT", "--json").json()
    assert {lvl["code"]: lvl["units"] for lvl in data["levels"]} == {
        "central": 0,
        "province": 0,
        "commune": 1,
        "branch": 1,
        "group": 0,
    }
    hidden = cli("--as", "outsider", "associations", "levels", "NCT")
    assert hidden.code == 1 and hidden.err == "Lỗi: Không tìm thấy hội NCT.\n"


def test_level_set_creates_then_edits(cli):
    created = cli("associations", "level-set", "NCT", "Nhom", "--name", "Nhóm hội viên", "--area", "none")
    assert created.code == 0, created.err
    assert created.out == "Đã thêm cấp nhom (Nhóm hội viên) cho hội NCT, thứ bậc 6.\n"
    edited = cli("associations", "level-set", "NCT", "nhom", "--rank", "9", "--area", "commune", "--json")
    assert edited.code == 0, edited.err
    assert edited.json() == {"code": "nhom", "name": "Nhóm hội viên", "rank": 9, "has_area": "commune"}
    records = AuditRecord.objects.filter(object_type="orgs.unitlevel").order_by("id")
    assert [(r.action, r.source) for r in records] == [("create", "cli"), ("update", "cli")]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["NCT", "moi"], "Hội NCT chưa có cấp moi: ghi --name để thêm."),
        (["NCT", "group"], "Không có gì để sửa: ghi --name, --rank hoặc --area."),
        (["NCT", "group", "--rank", "1"], "Thứ bậc 1 đã là của cấp Trung ương (central)"),
        (["NCT", "commune", "--rank", "9"], "Không đổi được thứ bậc: đơn vị NCT.01.00004.001"),
        (["NCT", "commune", "--area", "province"], "Không đổi được cấp địa bàn của cấp Xã, phường, đặc khu"),
        (["NCT", "tổ", "--name", "Tổ"], "Mã cấp 'tổ' không hợp lệ"),
        (["KHONGCO", "group", "--name", "X"], "Không tìm thấy hội KHONGCO."),
    ],
)
def test_level_set_refusals_exit_1(cli, argv, message):
    before = list(UnitLevel.objects.values_list("pk", "code", "name", "rank", "has_area"))
    result = cli("associations", "level-set", *argv)
    assert result.code == 1
    assert result.err.startswith("Lỗi: ") and message in result.err
    assert list(UnitLevel.objects.values_list("pk", "code", "name", "rank", "has_area")) == before


def test_level_set_usage_error_exits_2(cli):
    result = cli("associations", "level-set", "NCT", "group", "--area", "district")
    assert result.code == 2 and "giá trị 'district' không hợp lệ" in result.err


def test_only_administrators_configure_levels(cli):
    refused = cli("--as", "inspector", "associations", "level-set", "NCT", "group", "--name", "X")
    assert refused.code == 1
    assert refused.err == "Lỗi: Chỉ quản trị hệ thống và quản trị của hội mới được sửa các cấp của hội.\n"
    hidden = cli("associations", "level-set", "NCT", "group", "--name", "X", "--as", "outsider")
    assert hidden.code == 1 and hidden.err == "Lỗi: Không tìm thấy hội NCT.\n"
    allowed = cli("--as", "assoc_admin", "associations", "level-set", "NCT", "group", "--name", "Tổ hội viên")
    assert allowed.code == 0, allowed.err
    assert level("group").name == "Tổ hội viên"
    assert AuditRecord.objects.get(object_type="orgs.unitlevel").actor.username == "assoc_admin"


def test_level_delete(cli):
    used = cli("associations", "level-delete", "NCT", "branch")
    assert used.code == 1 and "Không xoá được cấp Chi hội: có 1 đơn vị" in used.err
    missing = cli("associations", "level-delete", "NCT", "khong_co")
    assert missing.code == 1 and missing.err == "Lỗi: Hội NCT không có cấp khong_co.\n"
    done = cli("associations", "level-delete", "NCT", "group")
    assert done.code == 0 and done.out == "Đã xoá cấp group (Tổ hội) của hội NCT.\n"
    assert not UnitLevel.objects.filter(association__code="NCT", code="group").exists()


def test_levels_reorder(cli):
    swapped = cli(
        "associations", "levels-reorder", "NCT", "central", "province", "commune", "group", "branch", "--json"
    )
    assert swapped.code == 0, swapped.err
    assert [(lvl["code"], lvl["rank"]) for lvl in swapped.json()["levels"]][3:] == [("group", 4), ("branch", 5)]
    broken = cli("associations", "levels-reorder", "NCT", "central", "commune", "province", "branch", "group")
    assert broken.code == 1 and "Không đổi được thứ bậc" in broken.err
    partial = cli("associations", "levels-reorder", "NCT", "central")
    assert partial.code == 1 and "thiếu province, commune, group, branch" in partial.err
    assert level("group").rank == 4
