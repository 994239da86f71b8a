"""units tree | show | list | merger-2025."""

import datetime

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import RestructuringEvent, UnitPeriod


def test_tree_prints_the_subtree_indented(cli):
    result = cli("units", "tree", "NCT.01", "--as-of", "01/10/2025")
    assert result.code == 0, result.err
    lines = result.out.splitlines()
    assert lines[0] == "Cây tổ chức NCT.01 ngày 01/10/2025 (4 đơn vị):"
    assert lines[1].startswith("NCT.01  Hội Người cao tuổi tỉnh Hà Nội")
    assert lines[2].startswith("  NCT.01.00004  Hội NCT phường Ba Đình")
    assert lines[3].startswith("    NCT.01.00004.001  Chi hội số 1 Ba Đình")
    assert lines[4].startswith("  NCT.01.00008")


def test_tree_as_of_a_date_before_later_units(cli):
    result = cli("units", "tree", "NCT", "--as-of", "2025-01-01", "--json")
    assert result.code == 0
    data = result.json()
    assert data["as_of"] == "2025-01-01"
    assert [c["code"] for c in data["tree"]["children"]] == ["NCT.01", "NCT.02", "NCT.04", "NCT.08"]
    assert all(c["children"] == [] for c in data["tree"]["children"])  # communes came in August 2025


def test_tree_depth(cli):
    data = cli("units", "tree", "NCT", "--depth", "1", "--as-of", "01/10/2025", "--json").json()
    assert data["count"] == 5
    assert cli("units", "tree", "NCT", "--depth", "0", "--json").json()["count"] == 1


def test_tree_failures(cli):
    assert cli("units", "tree", "NCT.99").err == "Lỗi: Không tìm thấy đơn vị NCT.99.\n"
    bad = cli("units", "tree", "NCT", "--as-of", "32/01/2025")
    assert bad.code == 1 and "Ngày '32/01/2025' không hợp lệ" in bad.err
    before = cli("units", "tree", "NCT.01.00004", "--as-of", "01/01/2025")
    assert before.code == 1 and "không hoạt động vào ngày 01/01/2025" in before.err


@pytest.mark.parametrize(
    "persona, code", [("commune_officer", "NCT.01"), ("outsider", "NCT"), ("province_officer", "CTD.01")]
)
def test_tree_out_of_scope_is_not_found(cli, persona, code):
    result = cli("--as", persona, "units", "tree", code)
    assert result.code == 1
    assert result.err == f"Lỗi: Không tìm thấy đơn vị {code}.\n"


def test_tree_as_a_scoped_user_shows_only_the_scope(cli):
    data = cli("--as", "province_officer", "units", "tree", "NCT.01", "--json").json()
    assert data["tree"]["code"] == "NCT.01"


def test_show(cli):
    result = cli("units", "show", "NCT.01.00004")
    assert result.code == 0
    assert "NCT.01.00004  Hội NCT phường Ba Đình" in result.out
    assert "Trực thuộc: NCT.01 " in result.out
    data = cli("units", "show", "nct.01.00004", "--json").json()
    assert data["association"]["code"] == "NCT"
    assert data["level"]["code"] == "commune"
    assert data["area"]["code"] == "00004"
    assert data["children"] == ["NCT.01.00004.001"]
    assert len(data["periods"]) == 1 and data["periods"][0]["valid_from"] == "2025-08-01"
    assert data["predecessors"] == data["successors"] == []


def test_show_lineage_after_the_merger(cli):
    assert cli("units", "merger-2025", "NCT", "--apply").code == 0
    data = cli("units", "show", "NCT.08", "--json").json()
    assert [p["code"] for p in data["predecessors"]] == ["NCT.02"]
    assert len(data["periods"]) == 2
    gone = cli("units", "show", "NCT.02", "--json").json()
    assert gone["active"] is False and gone["valid_to"] == "2025-07-01"
    assert [s["code"] for s in gone["successors"]] == ["NCT.08"]
    text = cli("units", "show", "NCT.02").out
    assert "Kế thừa bởi: NCT.08" in text and "hợp nhất" in text


def test_show_out_of_scope(cli):
    assert cli("--as", "outsider", "units", "show", "NCT.01").err == "Lỗi: Không tìm thấy đơn vị NCT.01.\n"
    assert cli("units", "show").code == 2


def test_list_with_filters(cli):
    data = cli("units", "list", "--association", "NCT", "--level", "province", "--json").json()
    assert [u["code"] for u in data["units"]] == ["NCT.01", "NCT.02", "NCT.04", "NCT.08"]
    found = cli("units", "list", "--q", "ba dinh", "--json").json()
    assert {u["code"] for u in found["units"]} == {"NCT.01.00004", "NCT.01.00004.001", "CTD.01.00004"}
    text = cli("units", "list", "--association", "ctd")
    assert text.code == 0 and "CTD.01.00004" in text.out and "3 đơn vị." in text.out
    assert cli("units", "list", "--association", "NCT", "--limit", "2", "--json").json()["count"] == 9
    assert len(cli("units", "list", "--association", "NCT", "--limit", "2", "--json").json()["units"]) == 2


def test_list_is_scoped(cli):
    data = cli("--as", "province_officer", "units", "list", "--json").json()
    assert {u["code"] for u in data["units"]} == {"NCT.01", "NCT.01.00004", "NCT.01.00008", "NCT.01.00004.001"}
    none = cli("--as", "outsider", "units", "list", "--association", "NCT")
    assert none.code == 0 and "Không có đơn vị nào" in none.out


def test_list_hides_ended_units_unless_asked(cli):
    cli("units", "merger-2025", "NCT", "--apply")
    codes = {u["code"] for u in cli("units", "list", "--association", "NCT", "--json").json()["units"]}
    assert "NCT.02" not in codes
    codes = {
        u["code"] for u in cli("units", "list", "--association", "NCT", "--include-ended", "--json").json()["units"]
    }
    assert "NCT.02" in codes


def _counts():
    return RestructuringEvent.objects.count(), UnitPeriod.objects.count(), AuditRecord.objects.count()


def test_merger_preview_writes_nothing(cli):
    before = _counts()
    result = cli("units", "merger-2025", "NCT")
    assert result.code == 0, result.err
    assert result.out.startswith("XEM TRƯỚC (chưa ghi gì)")
    assert "NCT.02 hợp nhất vào NCT.08" in result.out
    assert "--apply" in result.out
    assert _counts() == before
    data = cli("units", "merger-2025", "NCT", "--json").json()
    assert data["applied"] is False
    assert {s["target"] for s in data["steps"]} == {"NCT.01", "NCT.04", "NCT.08"}
    assert _counts() == before


def test_merger_apply_is_audited_from_the_cli(cli):
    data = cli("units", "merger-2025", "NCT", "--apply", "--decision-number", "15/QĐ-NCT", "--json").json()
    assert data["applied"] is True
    events = RestructuringEvent.objects.filter(association__code="NCT", effective_date=datetime.date(2025, 7, 1))
    assert events.count() == 3
    assert set(events.values_list("decision_number", flat=True)) == {"15/QĐ-NCT"}
    records = AuditRecord.objects.filter(action__startswith="restructure.", source="cli")
    assert records.exists()
    assert records.values("request_id").distinct().count() == 1
    again = cli("units", "merger-2025", "NCT", "--apply")
    assert again.code == 1 and "không còn cấp tỉnh nào" in again.err


def test_merger_scope(cli):
    assert cli("--as", "outsider", "units", "merger-2025", "NCT").err == "Lỗi: Không tìm thấy hội NCT.\n"
    assert cli("--as", "commune_officer", "units", "merger-2025", "NCT").code == 1
    before = _counts()
    refused = cli("--as", "inspector", "units", "merger-2025", "NCT", "--apply")
    assert refused.code == 1 and refused.err.startswith("Lỗi: Bạn không có quyền")
    assert _counts() == before
    assert cli("units", "merger-2025", "XYZ").err == "Lỗi: Không tìm thấy hội XYZ.\n"
