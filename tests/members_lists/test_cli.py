"""`quanlyhoi members search` and `quanlyhoi members export`, run in-process."""

import csv

import pytest
from python_calamine import CalamineWorkbook

from quanlyhoi.core.models import AuditRecord

pytestmark = pytest.mark.django_db


def read_csv(path):
    with open(path, encoding="utf-8-sig", newline="") as f:
        return list(csv.reader(f))


def numbers(rows):
    index = rows[0].index("Số thẻ hội viên")
    return sorted(r[index] for r in rows[1:])


def test_search_prints_a_table(world_members, cli):
    result = cli("members", "search", "nguyen van a")
    assert result.code == 0 and "NCT-BD-001" in result.out and "Nguyễn Văn An" in result.out


def test_search_as_json(world_members, cli):
    data = cli("members", "search", "bui van hung", "--json").json()
    assert sorted(i["member_number"] for i in data["items"]) == ["CTD-BD-001", "NCT-BD-003"]


def test_search_within_a_unit(world_members, cli):
    data = cli("members", "search", "bui van hung", "--unit", "CTD", "--json").json()
    assert [i["phone"] for i in data["items"]] == ["0901234567"]


def test_search_by_cccd(world_members, cli):
    data = cli("members", "search", "1148002345", "--json").json()
    assert [i["full_name"] for i in data["items"]] == ["Trần Thị Bình"]


def test_search_limit_says_there_is_more(world_members, cli):
    data = cli("members", "search", "van", "--limit", "1", "--json").json()
    assert data["count"] == 1 and data["more"] is True


def test_search_finding_nothing_says_so(world_members, cli):
    result = cli("members", "search", "khong co ai")
    assert result.code == 0 and "Không tìm thấy" in result.out


def test_operator_sees_personal_data_and_is_audited(world_members, cli):
    data = cli("members", "search", "NCT-BD-001", "--json").json()
    assert data["items"][0]["id_number"] == "001050001234"
    assert AuditRecord.objects.filter(action="member.view_personal", source="cli").count() == 1


def test_search_as_the_inspector_is_masked(world_members, cli):
    data = cli("--as", "inspector", "members", "search", "NCT-BD-001", "--json").json()
    assert data["items"][0]["id_number"] == "********1234"


def test_search_as_the_outsider_does_not_find_nct(world_members, cli):
    data = cli("--as", "outsider", "members", "search", "nguyen van an", "--json").json()
    assert data["items"] == []


def test_search_in_an_unseen_unit_is_refused(world_members, cli):
    result = cli("--as", "outsider", "members", "search", "an", "--unit", "NCT.01")
    assert result.code == 1 and "Không tìm thấy đơn vị NCT.01" in result.err


def test_export_csv(world_members, cli, tmp_path):
    out = tmp_path / "hoi-vien.csv"
    result = cli("members", "export", "--unit", "NCT.01.00004", "-o", str(out))
    assert result.code == 0 and [r[1] for r in read_csv(out)[1:]] == ["Nguyễn Văn An", "Trần Thị Bình", "Bùi Văn Hùng"]


def test_export_xlsx(world_members, cli, tmp_path):
    out = tmp_path / "hoi-vien.xlsx"
    cli("members", "export", "--unit", "NCT.01", "-o", str(out))
    rows = CalamineWorkbook.from_path(str(out)).get_sheet_by_index(0).to_python()
    assert len(rows) == 5 and rows[0][1] == "Họ và tên"


def test_export_refuses_other_formats(world_members, cli, tmp_path):
    result = cli("members", "export", "-o", str(tmp_path / "hoi-vien.pdf"))
    assert result.code == 1 and "phải có đuôi .csv hoặc .xlsx" in result.err


def test_export_applies_filters(world_members, cli, tmp_path):
    out = tmp_path / "f.csv"
    cli(
        "members",
        "export",
        "--sex",
        "nữ",
        "--status",
        "active",
        "--type",
        "official",
        "-q",
        "thi",
        "--unit",
        "NCT.01.00004",
        "-o",
        str(out),
    )
    assert [r[1] for r in read_csv(out)[1:]] == ["Trần Thị Bình"]


def test_export_by_joined_dates(world_members, cli, tmp_path):
    out = tmp_path / "f.csv"
    cli("members", "export", "--joined-from", "15/09/2025", "--joined-to", "30/09/2025", "-o", str(out))
    assert numbers(read_csv(out)) == ["NCT-BD-001", "NCT-BD-002"]


def test_export_refuses_an_invalid_filter(world_members, cli, tmp_path):
    result = cli("members", "export", "--status", "alive", "-o", str(tmp_path / "f.csv"))
    assert result.code == 1 and "status" in result.err


def test_export_refuses_an_unknown_sex(world_members, cli, tmp_path):
    assert cli("members", "export", "--sex", "x", "-o", str(tmp_path / "f.csv")).code == 1


def test_operator_export_is_unmasked_and_audited(world_members, cli, tmp_path):
    out = tmp_path / "f.csv"
    result = cli("members", "export", "--unit", "NCT.01.00004", "-o", str(out), "--json")
    record = AuditRecord.objects.get(action="member.export")
    assert result.json()["personal_rows"] == 3 and (record.source, record.changes["rows"]) == ("cli", 3)
    assert "001050001234" in read_csv(out)[1]


def test_export_as_the_inspector_is_masked_and_not_audited(world_members, cli, tmp_path):
    out = tmp_path / "f.csv"
    cli("--as", "inspector", "members", "export", "-o", str(out))
    assert "********1234" in read_csv(out)[1] and not AuditRecord.objects.filter(action="member.export").exists()


def test_export_as_the_commune_officer_takes_its_subtree(world_members, cli, tmp_path):
    out = tmp_path / "f.csv"
    cli("--as", "commune_officer", "members", "export", "-o", str(out))
    assert numbers(read_csv(out)) == ["NCT-BD-001", "NCT-BD-002", "NCT-BD-003"]


def test_export_as_the_outsider_refuses_an_nct_unit(world_members, cli, tmp_path):
    result = cli("--as", "outsider", "members", "export", "--unit", "NCT.01", "-o", str(tmp_path / "f.csv"))
    assert result.code == 1 and not (tmp_path / "f.csv").exists()
