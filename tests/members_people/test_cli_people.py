"""`quanlyhoi members show | join | transfer | status | erase | personal-data`."""

import json

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.models import Membership


def test_show_masks_personal_data(cli, member):
    result = cli("members", "show", "NCT-BD-001", "--association", "NCT")
    assert result.code == 0
    assert "Nguyễn Văn An" in result.out and "********1234" in result.out and "001050001234" not in result.out


def test_show_by_membership_id(cli, member):
    result = cli("members", "show", str(member("NCT-BD-001").pk), "--association", "nct", "--json")
    assert result.json()["member_number"] == "NCT-BD-001"


def test_show_personal_shows_it_and_records_the_viewing(cli, member):
    result = cli("members", "show", "NCT-BD-001", "--association", "NCT", "--personal", "--json")
    assert result.json()["id_number"] == "001050001234"
    assert AuditRecord.objects.get(action="member.view_personal").source == "cli"


def test_show_personal_as_the_inspector_is_refused(cli, member):
    result = cli("--as", "inspector", "members", "show", "NCT-BD-001", "--association", "NCT", "--personal")
    assert result.code == 1 and "001050001234" not in result.out


def test_show_by_the_outsider_is_not_found(cli, member):
    result = cli("--as", "outsider", "members", "show", "NCT-BD-001", "--association", "NCT")
    assert result.code == 1 and "Không tìm thấy" in result.err


def test_join_admits_with_the_import_rules(cli, world_members):
    result = cli("members", "join", "--unit", "NCT.01.00004", "--name", "phạm thị lan", "--birth", "1950",
                 "--sex", "nữ", "--phone", "912345679", "--joined", "01/10/2025", "--json")  # fmt: skip
    assert result.code == 0, result.err
    data = result.json()
    assert (data["full_name"], data["sex"], data["birth_year"]) == ("Phạm Thị Lan", "F", 1950)
    assert Membership.objects.get(pk=data["id"]).person.phone == "0912345679"


def test_join_with_a_bad_cccd_fails_with_the_reason(cli, world_members):
    result = cli("members", "join", "--unit", "NCT.01.00004", "--name", "Phạm Văn Hải", "--birth", "1951",
                 "--sex", "nam", "--cccd", "001060009876")  # fmt: skip
    assert result.code == 1 and "CCCD" in result.err


def test_transfer_moves_the_member(cli, member):
    result = cli("members", "transfer", "NCT-BD-001", "--association", "NCT", "--to", "NCT.01.00008",
                 "--date", "10/01/2026")  # fmt: skip
    assert result.code == 0, result.err
    assert member("NCT-BD-001").unit.code == "NCT.01.00008"


def test_commune_officer_cannot_transfer_out_of_its_scope(cli, member):
    result = cli("--as", "commune_officer", "members", "transfer", "NCT-BD-001", "--association", "NCT",
                 "--to", "NCT.01.00008", "--date", "10/01/2026")  # fmt: skip
    assert result.code == 1
    assert member("NCT-BD-001").unit.code == "NCT.01.00004"


def test_status_sets_the_status(cli, member):
    result = cli("members", "status", "NCT-BD-001", "--association", "NCT", "--set", "suspended",
                 "--date", "10/01/2026", "--reason", "Ốm", "--json")  # fmt: skip
    assert result.json()["status"] == "suspended"


def test_status_refused_transition_exits_1(cli, member):
    result = cli("members", "status", "NCT-BD-001", "--association", "NCT", "--set", "active", "--date", "10/01/2026")
    assert result.code == 1 and "Không thể chuyển trạng thái" in result.err


def test_erase_needs_yes(cli, member):
    result = cli("members", "erase", "NCT-BD-001", "--association", "NCT")
    assert result.code == 1 and "--yes" in result.err
    assert member("NCT-BD-001").person.erased_at is None


def test_erase_with_yes_erases(cli, member):
    assert cli("members", "erase", "NCT-BD-001", "--association", "NCT", "--yes").code == 0
    assert member("NCT-BD-001").person.full_name == "Đã xoá dữ liệu"


def test_erase_as_an_officer_is_refused(cli, member):
    result = cli("--as", "province_officer", "members", "erase", "NCT-BD-001", "--association", "NCT", "--yes")
    assert result.code == 1
    assert member("NCT-BD-001").person.erased_at is None


def test_personal_data_writes_the_export_file(cli, member, tmp_path):
    out = tmp_path / "an.json"
    result = cli("members", "personal-data", "NCT-BD-001", "--association", "NCT", "-o", str(out))
    assert result.code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["person"]["id_number"] == "001050001234"
