"""`quanlyhoi briefings ...`: a briefing with its conclusion, a directive for NCT and CTD, NCT's progress with
evidence, done and accepted; passing down; refusals print a Vietnamese message and exit 1 (usage errors 2)."""

import datetime

import pytest

from quanlyhoi.briefings.models import Assignment, Briefing, State
from quanlyhoi.core.dates import today
from tests.cli.conftest import cli  # noqa: F401 - the CLI run in-process


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "data"


def vn_due(days: int) -> str:
    return (today() + datetime.timedelta(days=days)).strftime("%d/%m/%Y")


@pytest.fixture
def given(cli, tmp_path):  # noqa: F811
    """The overseer's briefing and one directive for NCT and CTD: {"briefing": id, "nct": id, "ctd": id}."""
    conclusion = tmp_path / "ket-luan.txt"
    conclusion.write_bytes("Thông báo kết luận".encode())
    made = cli("--as", "overseer", "briefings", "create", "--title", "Giao ban 6 tháng cuối năm 2025", "--date",
               "15/01/2026", "--association", "NCT", "CTD", "--period", "2025-H2", "--place", "Hà Nội",
               "--conclusion-file", str(conclusion), "--json")  # fmt: skip
    assert made.code == 0, made.err
    b = made.json()
    assert b["period"] == "2025-H2" and [f["kind"] for f in b["files"]] == ["conclusion"]
    directive = cli("--as", "overseer", "briefings", "directive", "--briefing", str(b["id"]), "--title",
                    "Tăng cường tuyên truyền", "--due", vn_due(30), "--priority", "high", "--assign", "NCT", "CTD",
                    "--indicator", "TT_BUOI", "--json")  # fmt: skip
    assert directive.code == 0, directive.err
    by = {a["unit"]: a["id"] for a in directive.json()["assignments"]}
    return {"briefing": b["id"], "nct": by["NCT"], "ctd": by["CTD"]}


def test_follow_up_from_the_command_line(cli, given, tmp_path):  # noqa: F811
    mine = cli("--as", "assoc_admin", "briefings", "assignments", "--mine", "--json")
    assert mine.code == 0 and [a["id"] for a in mine.json()] == [given["nct"]]
    evidence = tmp_path / "bao-cao.txt"
    evidence.write_bytes(b"Ket qua")
    nct = str(given["nct"])
    progress = cli("--as", "assoc_admin", "briefings", "step", nct, "progress", "--text", "Đã tổ chức 12 buổi",
                   "--progress", "60", "--file", str(evidence))  # fmt: skip
    assert progress.code == 0, progress.err
    assert "đang thực hiện" in progress.out and "60%" in progress.out
    assert cli("--as", "assoc_admin", "briefings", "step", nct, "done", "--text", "Xong").code == 0
    accepted = cli("--as", "overseer", "briefings", "step", nct, "accept", "--version", "3")
    assert accepted.code == 0, accepted.err
    assert Assignment.objects.get(pk=given["nct"]).state == State.ACCEPTED

    shown = cli("--as", "assoc_admin", "briefings", "assignment", nct)
    assert shown.code == 0
    assert "báo cáo tiến độ 60%" in shown.out and "minh chứng" in shown.out and "bao-cao.txt" in shown.out
    assert "nghiệm thu" in shown.out
    briefing = cli("--as", "assoc_admin", "briefings", "show", str(given["briefing"]))
    assert briefing.code == 0 and "Tăng cường tuyên truyền" in briefing.out and "CTD" not in briefing.out.split(
        "Nhiệm vụ")[-1]  # fmt: skip
    listed = cli("--as", "outsider", "briefings", "list", "--json")
    assert [b["id"] for b in listed.json()] == [given["briefing"]]
    board = cli("--as", "overseer", "briefings", "board", "--json")
    assert {r["key"]: r["completion"] for r in board.json()} == {"NCT": 100, "CTD": 0}
    assert "Đã nghiệm thu" in cli("briefings", "board").out


def test_pass_down_and_overdue(cli, given):  # noqa: F811
    passed = cli("--as", "assoc_admin", "briefings", "pass-down", str(given["nct"]), "--unit", "NCT.01", "NCT.08",
                 "--due", vn_due(10), "--json")  # fmt: skip
    assert passed.code == 0, passed.err
    assert sorted(a["unit"] for a in passed.json()) == ["NCT.01", "NCT.08"]
    mine = cli("--as", "province_officer", "briefings", "assignments", "--mine", "--json").json()
    assert [a["unit"] for a in mine] == ["NCT.01"]
    Assignment.objects.filter(unit__code="NCT.08").update(due_on=today() - datetime.timedelta(days=2))
    overdue = cli("--as", "assoc_admin", "briefings", "assignments", "--status", "overdue")
    assert overdue.code == 0 and "NCT.08" in overdue.out and "quá hạn" in overdue.out and "NCT.01 " not in overdue.out


def test_refusals_exit_with_a_vietnamese_message(cli, given, tmp_path):  # noqa: F811
    nct = str(given["nct"])
    hidden = cli("--as", "outsider", "briefings", "step", nct, "progress", "--text", "x")
    assert hidden.code == 1 and "Không tìm thấy nhiệm vụ được giao" in hidden.err
    no_text = cli("--as", "assoc_admin", "briefings", "step", nct, "done")
    assert no_text.code == 1 and "Cần ghi nội dung" in no_text.err
    assert cli("--as", "assoc_admin", "briefings", "step", nct, "accept").code == 1  # the assigner's step
    assert cli("briefings", "step", nct, "sing").code == 2
    stale = cli("--as", "overseer", "briefings", "step", nct, "cancel", "--text", "Thôi", "--version", "7")
    assert stale.code == 1 and "tải lại" in stale.err
    missing = cli("--as", "assoc_admin", "briefings", "step", nct, "progress", "--text", "x", "--file", "khong-co.pdf")
    assert missing.code == 1 and "Không có tệp khong-co.pdf" in missing.err
    assert cli("briefings", "show", "999999").code == 1
    assert cli("--as", "outsider", "briefings", "assignment", nct).code == 1
    bad_date = cli("--as", "overseer", "briefings", "create", "--title", "Họp", "--date", "32/01/2026")
    assert bad_date.code == 1 and "dd/mm/yyyy" in bad_date.err
    assert cli("--as", "overseer", "briefings", "create", "--date", "15/01/2026").code == 2  # --title is required
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    before = Briefing.objects.count()
    refused = cli("--as", "overseer", "briefings", "create", "--title", "Họp", "--date", "15/01/2026",
                  "--minutes-file", str(empty))  # fmt: skip
    assert refused.code == 1 and "rỗng" in refused.err and Briefing.objects.count() == before
    forbidden = cli("--as", "assoc_admin", "briefings", "directive", "--briefing", str(given["briefing"]), "--title",
                    "Việc", "--assign", "NCT")  # fmt: skip
    assert forbidden.code == 1 and "không có quyền" in forbidden.err
    assert cli("briefings", "assignments", "--status", "lost").code == 1


@pytest.mark.parametrize("action", ["list", "show", "create", "attach", "directive", "assignments", "assignment",
                                    "step", "pass-down", "board"])  # fmt: skip
def test_every_command_has_help_with_examples(cli, action):  # noqa: F811
    shown = cli("briefings", action, "--help")
    assert shown.code == 0 and "ví dụ:" in shown.out and "quanlyhoi" in shown.out
