"""units restructure create | rename | move | merge | split | dissolve."""

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import RestructuringEvent, Unit, UnitPeriod

R = ("units", "restructure")


def _state():
    return (
        RestructuringEvent.objects.count(),
        UnitPeriod.objects.count(),
        Unit.objects.count(),
        AuditRecord.objects.count(),
    )


def test_create(cli):
    result = cli(*R, "create", "--parent", "NCT.01", "--level", "commune", "--name", "Hội NCT phường Giảng Võ",
                 "--area", "00025", "--date", "01/09/2025", "--decision-number", "7/QĐ")  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith("Đã ghi sự kiện số ")
    unit = Unit.objects.get(code="NCT.01.00025")
    assert unit.area.code == "00025" and unit.parent.code == "NCT.01"
    event = RestructuringEvent.objects.get(pk=unit.event_links.get().event_id)
    assert event.decision_number == "7/QĐ"
    records = AuditRecord.objects.filter(object_type="orgs.unit", object_id=str(unit.pk), action="restructure.create")
    assert records.get().source == "cli"


def test_create_needs_association_or_parent(cli):
    result = cli(*R, "create", "--level", "commune", "--name", "X", "--date", "01/09/2025")
    assert result.code == 2 and "cần --association" in result.err


def test_create_with_association_and_explicit_code(cli):
    data = cli(*R, "create", "--association", "NCT", "--parent", "NCT.01", "--level", "branch", "--name",
               "Chi hội thử", "--code", "NCT.01.TEST", "--date", "01/09/2025", "--json").json()  # fmt: skip
    assert data["unit_codes"] == ["NCT.01.TEST"] and data["preview"] is False


def test_create_refusals(cli):
    wrong_level = cli(*R, "create", "--parent", "NCT.01", "--level", "xyz", "--name", "X", "--date", "01/09/2025")
    assert wrong_level.code == 1 and "không có cấp 'xyz'" in wrong_level.err
    wrong_area = cli(*R, "create", "--parent", "NCT.01", "--level", "commune", "--name", "X", "--area", "99999",
                     "--date", "01/09/2025")  # fmt: skip
    assert wrong_area.code == 1 and "Không có địa bàn hiện hành mã '99999'" in wrong_area.err
    mismatch = cli(*R, "create", "--association", "CTD", "--parent", "NCT.01", "--level", "commune", "--name", "X",
                   "--date", "01/09/2025")  # fmt: skip
    assert mismatch.code == 1 and "không thuộc hội CTD" in mismatch.err


def test_preview_writes_nothing(cli):
    before = _state()
    result = cli(*R, "create", "--parent", "NCT.01", "--level", "commune", "--name", "Hội NCT phường Giảng Võ",
                 "--area", "00025", "--date", "01/09/2025", "--preview")  # fmt: skip
    assert result.code == 0, result.err
    assert result.out.startswith("XEM TRƯỚC (chưa ghi gì vào cơ sở dữ liệu):")
    assert "Thành lập NCT.01.00025" in result.out
    data = cli(*R, "dissolve", "NCT.01.00004.001", "--date", "01/01/2026", "--preview", "--json").json()
    assert data["preview"] is True and data["event_id"] is None
    assert _state() == before
    assert Unit.objects.get(code="NCT.01.00004.001").valid_to is None


def test_rename_with_legacy_area(cli):
    result = cli(*R, "rename", "NCT.02", "--name", "Hội NCT tỉnh Hà Giang (mới)", "--area", "legacy:02",
                 "--date", "01/01/2025")  # fmt: skip
    assert result.code == 0, result.err
    assert "Hội NCT tỉnh Hà Giang (mới)" in result.out
    unit = Unit.objects.get(code="NCT.02")
    assert unit.name == "Hội NCT tỉnh Hà Giang (mới)"
    assert unit.area.generation == AdminArea.Generation.LEGACY and unit.area.code == "02"


def test_rename_keeps_the_area_when_not_given(cli):
    assert cli(*R, "rename", "NCT.01.00004", "--name", "Tên mới", "--date", "01/12/2025").code == 0
    assert Unit.objects.get(code="NCT.01.00004").area.code == "00004"


def test_rename_refusals(cli):
    bad_date = cli(*R, "rename", "NCT.01.00004", "--name", "X", "--date", "2025-13-01")
    assert bad_date.code == 1 and bad_date.err.startswith("Lỗi: Ngày '2025-13-01' không hợp lệ")
    overlap = cli(*R, "rename", "NCT.01.00004", "--name", "X", "--date", "01/07/2025")
    assert overlap.code == 1 and "trước ngày đơn vị NCT.01.00004 được thành lập" in overlap.err
    current_area_code = cli(*R, "rename", "NCT.02", "--name", "X", "--area", "02", "--date", "01/01/2025")
    assert current_area_code.code == 1 and "thêm tiền tố legacy:" in current_area_code.err
    assert cli(*R, "rename", "NCT.01.00004", "--date", "01/12/2025").code == 2


def test_move(cli):
    result = cli(*R, "move", "NCT.01.00004.001", "--to", "NCT.01.00008", "--date", "01/12/2025")
    assert result.code == 0, result.err
    assert Unit.objects.get(code="NCT.01.00004.001").parent.code == "NCT.01.00008"
    missing = cli(*R, "move", "NCT.01.00004.001", "--to", "NCT.77", "--date", "01/01/2026")
    assert missing.err == "Lỗi: Không tìm thấy đơn vị cấp trên NCT.77.\n"


def test_merge_into_existing(cli):
    result = cli(*R, "merge", "NCT.02", "--into", "NCT.08", "--name", "Hội NCT tỉnh Tuyên Quang", "--area", "08",
                 "--date", "01/07/2025", "--json")  # fmt: skip
    assert result.code == 0, result.err
    data = result.json()
    assert data["kind"] == "merge" and set(data["unit_codes"]) == {"NCT.02", "NCT.08"}
    assert Unit.objects.get(code="NCT.02").valid_to is not None
    target = Unit.objects.get(code="NCT.08")
    assert target.area.generation == "2025" and target.name == "Hội NCT tỉnh Tuyên Quang"
    assert Unit.objects.get(code="NCT.08.02269").parent == target


def test_merge_into_new(cli):
    result = cli(*R, "merge", "NCT.01.00004", "NCT.01.00008", "--new-name", "Hội NCT phường Ba Đình mới",
                 "--new-area", "00004", "--date", "01/12/2025")  # fmt: skip
    assert result.code == 0, result.err
    assert "Lập đơn vị mới NCT.01.00004-2" in result.out
    assert Unit.objects.get(code="NCT.01.00004.001").parent.code == "NCT.01.00004-2"


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--into", "NCT.08", "--new-area", "08"], "chỉ dùng với --new-name"),
        (["--new-name", "X", "--name", "Y"], "chỉ dùng với --into"),
        (["--into", "NCT.08", "--new-name", "X"], "không dùng được cùng với --into"),
        ([], "cần một trong các tham số --into --new-name"),
    ],
)
def test_merge_usage_errors(cli, extra, message):
    result = cli(*R, "merge", "NCT.02", *extra, "--date", "01/07/2025")
    assert result.code == 2
    assert message in result.err


def test_merge_refused_by_the_service(cli):
    before = _state()
    result = cli(*R, "merge", "NCT.02", "--into", "NCT.01.00004", "--date", "01/09/2025")
    assert result.code == 1 and "khác cấp" in result.err
    assert _state() == before


def test_split(cli):
    result = cli(*R, "split", "NCT.01.00004", "--part", "Hội NCT phường Ba Đình A:00004", "--part",
                 "Hội NCT phường Ba Đình B", "--assign", "NCT.01.00004.001=2", "--date", "01/12/2025")  # fmt: skip
    assert result.code == 0, result.err
    assert Unit.objects.get(code="NCT.01.00004").valid_to is not None
    a = Unit.objects.get(name="Hội NCT phường Ba Đình A")
    b = Unit.objects.get(name="Hội NCT phường Ba Đình B")
    assert a.area.code == "00004" and b.area is None
    assert Unit.objects.get(code="NCT.01.00004.001").parent == b


@pytest.mark.parametrize(
    "extra, code, message",
    [
        (["--part", "A", "--part", "B"], 1, "Cần chỉ rõ đơn vị mới tiếp nhận"),
        (["--part", "A", "--part", "B", "--assign", "NCT.01.00004.001=3"], 1, "Không có phần số 3"),
        (["--part", "A", "--part", "B", "--assign", "NCT.01.00004.001"], 2, "không đúng dạng"),
        (["--part", "A", "--part", "B", "--assign", "NCT.01.00004.001=0"], 2, "không đúng dạng"),
        (["--part", ":00004", "--part", "B"], 2, "thiếu tên"),
        (["--part", "A"], 1, "Cần ít nhất hai đơn vị mới"),
        ([], 2, "thiếu tham số bắt buộc: --part"),
    ],
)
def test_split_errors(cli, extra, code, message):
    before = _state()
    result = cli(*R, "split", "NCT.01.00004", *extra, "--date", "01/12/2025")
    assert result.code == code
    assert message in result.err
    assert _state() == before


def test_dissolve(cli):
    assert cli(*R, "dissolve", "NCT.01.00004.001", "--date", "01/01/2026").code == 0
    assert Unit.objects.get(code="NCT.01.00004.001").valid_to.isoformat() == "2026-01-01"
    has_children = cli(*R, "dissolve", "NCT.01", "--date", "01/01/2026")
    assert has_children.code == 1 and "còn 2 đơn vị trực thuộc (NCT.01.00004, NCT.01.00008)" in has_children.err


def test_scope_applies_with_as(cli):
    before = _state()
    hidden = cli("--as", "commune_officer", *R, "dissolve", "NCT.01.00008", "--date", "01/01/2026")
    assert hidden.err == "Lỗi: Không tìm thấy đơn vị NCT.01.00008.\n"
    own_root = cli("--as", "commune_officer", *R, "dissolve", "NCT.01.00004", "--date", "01/01/2026")
    assert own_root.code == 1 and "không có quyền" in own_root.err
    read_only = cli("--as", "inspector", *R, "dissolve", "NCT.01.00004.001", "--date", "01/01/2026")
    assert read_only.code == 1 and "không có quyền" in read_only.err
    assert _state() == before
    ok = cli("--as", "commune_officer", *R, "dissolve", "NCT.01.00004.001", "--date", "01/01/2026")
    assert ok.code == 0, ok.err
    record = AuditRecord.objects.filter(action="restructure.dissolve").first()
    assert record.actor.username == "commune_officer" and record.source == "cli"


def test_each_command_has_its_own_request_id(cli):
    cli(*R, "rename", "NCT.01.00004", "--name", "Tên 1", "--date", "01/12/2025")
    cli(*R, "rename", "NCT.01.00008", "--name", "Tên 2", "--date", "01/12/2025")
    records = AuditRecord.objects.filter(action="restructure.rename")
    assert records.count() == 4  # the event and the unit, per command
    assert records.values("request_id").distinct().count() == 2
    assert set(records.values_list("source", flat=True)) == {"cli"}
    assert set(records.values_list("actor_name", flat=True)) != {""}
