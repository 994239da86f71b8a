"""`quanlyhoi members stats`, run in-process."""

import pytest

pytestmark = pytest.mark.django_db


def test_stats_of_a_unit_as_json(world_members, cli):
    result = cli("members", "stats", "--unit", "NCT.01", "--as-of", "01/01/2026", "--json")
    data = result.json()
    assert (result.code, data["members"], data["as_of"]) == (0, 4, "2026-01-01")


def test_stats_print_small_tables(world_members, cli):
    result = cli("members", "stats", "--unit", "NCT.01", "--as-of", "01/01/2026")
    assert result.code == 0
    assert "NCT.01 Hội Người cao tuổi tỉnh Hà Nội, tại ngày 01/01/2026" in result.out
    assert "Hội viên: 4 (tạm ngừng 0)" in result.out
    for header in ("Trạng thái", "Giới tính", "Nhóm tuổi", "Loại hội viên", "Diện hoàn cảnh", "Đơn vị"):
        assert header in result.out
    assert "NCT.01.00004" in result.out


def test_stats_with_a_period(world_members, cli):
    result = cli("members", "stats", "--unit", "NCT.01", "--from", "01/09/2025", "--to", "30/09/2025")
    assert "Từ 01/09/2025 đến 30/09/2025: vào hội 3, thôi hội 0" in result.out


def test_stats_of_a_whole_association(world_members, cli):
    data = cli("members", "stats", "--association", "NCT", "--json").json()
    assert (data["unit"], data["members"]) == (None, 5)


def test_stats_as_a_user_out_of_scope_are_refused(world_members, cli):
    result = cli("members", "stats", "--as", "commune_officer", "--unit", "NCT.01")
    assert result.code != 0 and "Không tìm thấy đơn vị NCT.01" in result.err


def test_a_period_without_its_end_is_refused(world_members, cli):
    result = cli("members", "stats", "--unit", "NCT.01", "--from", "01/09/2025")
    assert result.code != 0 and "ngày cuối" in result.err


def test_a_target_is_required(world_members, cli):
    assert cli("members", "stats").code != 0


def test_distinct_people(world_members, cli):
    data = cli("members", "stats", "--people", "--as-of", "01/01/2026", "--json").json()
    assert (data["memberships"], data["people"]) == (6, 5)


def test_distinct_people_as_text(world_members, cli):
    result = cli("members", "stats", "--people")
    assert "6 hội viên của các hội, 5 người khác nhau" in result.out


def test_distinct_people_are_refused_to_an_association_administrator(world_members, cli):
    assert cli("members", "stats", "--people", "--as", "assoc_admin").code != 0
