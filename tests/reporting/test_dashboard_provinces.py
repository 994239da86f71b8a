"""The dashboard by province: each association's figures added up by the area its chapters stood in at the
cut-off (the central offices on their own row), the drill-down to each association's chapter in a province,
and only the associations the caller sees as a whole."""

import pytest

from quanlyhoi.reporting.dashboard_provinces import by_province
from quanlyhoi.reporting.services import submissions
from tests.reporting.conftest import NARRATIVES

HELPED = {"NCT": 2, "NCT.01.00004": 5, "NCT.01.00008": 7, "NCT.08.02269": 11, "CTD.01.00004": 3}


@pytest.fixture
def approved(h2, unit, operator):
    for code, helped in HELPED.items():
        s = submissions.start(actor=operator, unit=unit(code), period=h2)
        s = submissions.save(actor=operator, submission=s, version=s.version, values={"AS_TROGIUP": helped},
                             narratives=NARRATIVES)  # fmt: skip
        submissions.approve(actor=operator, submission=submissions.submit(actor=operator, submission=s))


def helped(board) -> dict:
    column = [code for code, _n in board.indicators].index("AS_TROGIUP")
    return {(row.code, row.name): row.cells[column].value for row in board.rows}


def test_figures_add_up_by_province(approved, unit, personas, h2):
    board = by_province(personas["overseer"], h2)
    got = helped(board)
    hanoi_nct, tuyen_quang, hanoi_ctd = (unit(c).area for c in ("NCT.01", "NCT.08", "CTD.01"))
    assert got[("TW", "Cấp trung ương")] == 2
    assert got[(tuyen_quang.code, tuyen_quang.name)] == 11
    # NCT.01 stands in the Hà Nội of the 63 provinces, CTD.01 in today's: one row per area.
    assert hanoi_nct.code == hanoi_ctd.code and hanoi_nct != hanoi_ctd
    column = [code for code, _n in board.indicators].index("AS_TROGIUP")
    hanoi = sorted(row.cells[column].value for row in board.rows if row.code == hanoi_nct.code)
    assert hanoi == [3, 12]  # CTD's commune; NCT's two communes under NCT.01
    assert board.by == "province" and board.rows[0].code == "TW"
    tw = board.rows[0]
    assert (tw.received, tw.expected) == (1, 2)  # both central offices expected, NCT's received


def test_one_province_lists_each_associations_chapter(approved, unit, personas, h2):
    board = by_province(personas["overseer"], h2, unit("NCT.08").area.code)
    assert [row.code for row in board.rows] == ["NCT.08"] and board.by == "unit"
    assert helped(board) == {("NCT.08", unit("NCT.08").name): 11} and board.rows[0].unit == unit("NCT.08")


def test_only_whole_associations_in_scope(approved, personas, h2):
    mine = helped(by_province(personas["assoc_admin"], h2))
    assert mine[("TW", "Cấp trung ương")] == 2 and 3 not in mine.values()  # CTD's chapter is not NCT's
    assert by_province(personas["province_officer"], h2).rows == []


def test_dashboard_page_by_province_links_to_the_drill_down(approved, unit, login_client):
    html = login_client("overseer").get("/reports/dashboard/", {"period": "2025-H2", "by": "province"}).content
    code = unit("NCT.08").area.code
    assert f"?by=province&amp;province={code}&amp;period=2025-H2".encode() in html
    drill = login_client("overseer").get("/reports/dashboard/", {"period": "2025-H2", "by": "province",
                                                                  "province": code}).content  # fmt: skip
    assert b"/reports/rollup/?unit=NCT.08&amp;period=2025-H2" in drill
