"""The consolidated report: figures equal to the live roll-ups and compared with the previous period, the
tables by unit and by association, narratives (own text or passages from below with their source), drafts
that write nothing, numbers from the register per issuing body and year, the overseer's format, scope."""

import datetime
import io

import pytest
from docx import Document

from quanlyhoi.core.errors import DomainError, Forbidden
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.documents import services as register
from quanlyhoi.documents.models import IssuingBody, RegisteredDocument
from quanlyhoi.reporting.rollup import RolledFigure, Rollup, combine
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.documents import consolidated_report
from quanlyhoi.reporting.services.periods import period_for
from tests.reporting.conftest import NARRATIVES, approve_all


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def read(made) -> Document:
    return Document(io.BytesIO(made.data))


def rows(table) -> list[list[str]]:
    return [[c.text for c in r.cells] for r in table.rows]


def table_titled(doc, start: str):
    """The table after the caption paragraph starting with `start`."""
    body = doc.element.body
    caption = next(p for p in doc.paragraphs if p.text.startswith(start))
    node = caption._p.getnext()
    while node is not None and node.tag.rsplit("}", 1)[1] != "tbl":
        node = node.getnext()
    return next(t for t in doc.tables if t._tbl is node) if node is not None and node.getparent() is body else None


def header_lines(doc) -> list[str]:
    return [p.text for c in doc.tables[0].rows[0].cells for p in c.paragraphs if p.text.strip()]


def test_unit_report_figures_tables_and_previous_period(reports, unit, operator, personas, h2):
    approve_all(reports, operator)
    h1 = submissions.start(actor=operator, unit=unit("NCT.01"), period=period_for("2025-H1"))
    h1 = submissions.save(actor=operator, submission=h1, version=h1.version, values={"TT_BUOI": 50},
                          narratives=NARRATIVES)  # fmt: skip
    submissions.approve(actor=operator, submission=submissions.submit(actor=operator, submission=h1))
    doc = read(consolidated_report(actor=personas["province_officer"], period=h2, unit=unit("NCT.01")))
    summary = rows(table_titled(doc, "Số liệu chủ yếu 6 tháng cuối năm 2025"))
    assert summary[0][:4] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kỳ này"]
    by_name = {r[1]: r for r in summary}
    talks = by_name["Buổi tuyên truyền, phổ biến chủ trương, chính sách, pháp luật"]
    assert talks[3:] == ["110", "50", "60"]  # this period, the previous one, the change
    assert by_name["trong đó: Nữ"][3] == "40" and by_name["trong đó: Nam"][3] == "20"
    assert by_name["Tỷ lệ hội viên tham gia sinh hoạt thường xuyên"][3] == "50"  # the average of 80, 60 and 10
    sent = rows(table_titled(doc, "Biểu 1. Tình hình gửi báo cáo"))
    assert [r[1] for r in sent[1:]] == [unit("NCT.01.00004").name, unit("NCT.01.00008").name, "Tổng cộng"]
    assert sent[1][2:4] == ["2", "2"] and sent[2][2:4] == ["1", "1"]  # expected, received (the branch included)
    figures = rows(table_titled(doc, "Biểu 4. Số liệu 6 tháng cuối năm 2025 theo đơn vị"))
    column = figures[0].index("Buổi tuyên truyền, phổ biến chủ trương, chính sách, pháp luật (buổi)")
    assert [r[column] for r in figures[1:]] == ["10", "100", "110"]


def test_narratives_own_text_else_the_passages_below_with_their_source(reports, unit, operator, personas, h2):
    approve_all(reports, operator)
    doc = read(consolidated_report(actor=personas["province_officer"], period=h2, unit=unit("NCT.01")))
    texts = [p.text for p in doc.paragraphs]
    assert f"{unit('NCT.01.00004').name}: {NARRATIVES['ket_qua']}" in texts
    assert f"{unit('NCT.01.00008').name}: {NARRATIVES['han_che']}" in texts
    assert any(t.startswith("III. NHIỆM VỤ TRỌNG TÂM KỲ TỚI (6 THÁNG ĐẦU NĂM 2026)") for t in texts)
    own = submissions.start(actor=operator, unit=unit("NCT.01"), period=h2)
    submissions.save(actor=operator, submission=own, version=own.version, narratives={"ket_qua": "Văn bản của tỉnh."})
    texts = [p.text for p in read(consolidated_report(actor=operator, period=h2, unit=unit("NCT.01"))).paragraphs]
    assert "Văn bản của tỉnh." in texts and f"{unit('NCT.01.00004').name}: {NARRATIVES['ket_qua']}" not in texts
    assert f"{unit('NCT.01.00008').name}: {NARRATIVES['han_che']}" in texts  # other sections still from below


def test_a_draft_writes_nothing_and_leaves_the_number_blank(reports, unit, operator, h2):
    audits = AuditRecord.objects.count()
    made = consolidated_report(actor=operator, period=h2, unit=unit("NCT.01"))
    assert made.registered is None and made.file_name.endswith("du-thao.docx")
    number = next(line for line in header_lines(read(made)) if line.startswith("Số:"))
    assert number.endswith("/BC-HNCT") and not any(ch.isdigit() for ch in number)
    assert RegisteredDocument.objects.count() == 0 and IssuingBody.objects.count() == 0
    assert AuditRecord.objects.count() == audits


def test_numbers_run_per_issuing_body_and_restart_each_year(reports, unit, operator, h2, monkeypatch):
    first = consolidated_report(actor=operator, period=h2, unit=unit("NCT.01"), issue=True)
    second = consolidated_report(actor=operator, period=h2, unit=unit("NCT.01"), issue=True, fmt="xlsx")
    other = consolidated_report(actor=operator, period=h2, unit=unit("NCT.01.00004"), issue=True)
    assert [first.registered.reference, second.registered.reference] == ["01/BC-HNCT", "02/BC-HNCT"]
    assert other.registered.reference == "01/BC-HNCT" and other.registered.body != first.registered.body
    assert "Số: 01/BC-HNCT" in header_lines(read(first))
    assert register.stored(first.registered) == first.data  # kept as issued
    assert register.stored(second.registered, "xlsx") == second.data
    record = AuditRecord.objects.get(action="document.issue", object_id=str(first.registered.pk))
    assert record.changes["reference"] == "01/BC-HNCT" and record.unit_path == unit("NCT.01").path
    monkeypatch.setattr("quanlyhoi.documents.services.today", lambda: datetime.date(2027, 1, 4))
    monkeypatch.setattr("quanlyhoi.reporting.services.documents.today", lambda: datetime.date(2027, 1, 4))
    again = consolidated_report(actor=operator, period=h2, unit=unit("NCT.01"), issue=True)
    assert (again.registered.year, again.registered.reference) == (2027, "01/BC-HNCT")
    assert "Hà Nội, ngày 04 tháng 01 năm 2027" in header_lines(read(again))


def test_the_overseers_report_by_association_in_its_chosen_format(reports, unit, operator, personas, h2):
    approve_all(reports, operator)
    overseer = personas["overseer"]
    doc = read(consolidated_report(actor=overseer, period=h2))
    header = header_lines(doc)
    assert "MẶT TRẬN TỔ QUỐC VIỆT NAM" in header and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    summary = "Tổng hợp kết quả hoạt động 6 tháng cuối năm 2025 của các hội"
    assert any(p.text.startswith(summary) for p in doc.paragraphs)
    figures = rows(table_titled(doc, "Biểu 4. Số liệu 6 tháng cuối năm 2025 theo hội"))
    column = figures[0].index("Buổi tuyên truyền, phổ biến chủ trương, chính sách, pháp luật (buổi)")
    by_name = {r[1]: r[column] for r in figures[1:]}
    assert len(figures) == 1 + 29 + 1 and by_name["Hội Người cao tuổi"] == "110" and by_name["Tổng cộng"] == "110"
    assert by_name["Hội Chữ thập đỏ"] == ""
    body = register.body_of(overseer=register.overseer_on(datetime.date.today()))
    register.update_body(actor=overseer, body=body, style="party", abbreviation="MTTW")
    made = consolidated_report(actor=overseer, period=h2, issue=True)
    header = header_lines(read(made))
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in header and "Số 01-BC/MTTW" in header
    assert made.registered.body.overseer_id is not None


def test_who_may_draft_and_issue(reports, unit, personas, h2):
    with pytest.raises(Forbidden):  # an association is not the overseer
        consolidated_report(actor=personas["assoc_admin"], period=h2)
    consolidated_report(actor=personas["inspector"], period=h2, unit=unit("NCT"))  # may read the draft
    for persona in ("inspector", "overseer"):  # the overseer issues under its own letterhead only
        with pytest.raises(Forbidden):
            consolidated_report(actor=personas[persona], period=h2, unit=unit("NCT"), issue=True)
    with pytest.raises(Forbidden):
        register.update_body(actor=personas["assoc_admin"], body=register.body_of(
            overseer=register.overseer_on(datetime.date.today())), name="X")  # fmt: skip
    assert RegisteredDocument.objects.count() == 0


@pytest.mark.parametrize(
    ("change", "code"),
    [({"style": "html"}, "bad_style"), ({"name": " "}, "required"), ({"abbreviation": "BC/X"}, "bad_abbreviation"),
     ({"place": ""}, "required"), ({"sha256": "x"}, "bad_field")],
)  # fmt: skip
def test_a_refused_letterhead_changes_nothing(unit, operator, change, code):
    audits = AuditRecord.objects.count()
    with pytest.raises(DomainError) as refused:
        register.update_body(actor=operator, body=register.body_of(unit=unit("NCT.01")), **change)
    assert refused.value.code == code and refused.value.message
    assert IssuingBody.objects.count() == 0 and AuditRecord.objects.count() == audits


def test_a_wrong_format_is_refused(unit, operator, h2):
    with pytest.raises(DomainError) as refused:
        consolidated_report(actor=operator, period=h2, unit=unit("NCT.01"), fmt="pdf")
    assert refused.value.status == 422


def figure(code, aggregation, key, value, reports):
    return RolledFigure(code, code, "", aggregation, key, value, reports)


def test_combine_adds_maxes_and_weights_averages():
    a = Rollup(
        None,
        None,
        None,
        3,
        [
            figure("S", "sum", "", 5, 3),
            figure("S", "sum", "F", 2, 1),
            figure("M", "maximum", "", 7, 3),
            figure("A", "average", "", 80, 1),
        ],
    )
    b = Rollup(None, None, None, 2, [figure("S", "sum", "", 4, 2), figure("M", "maximum", "", 9, 2),
                                     figure("A", "average", "", 50, 2), figure("N", "none", "", None, 0)])  # fmt: skip
    got = {(f.code, f.key): f.value for f in combine([a, b])}
    assert got == {("S", ""): 9, ("S", "F"): 2, ("M", ""): 9, ("A", ""): 60, ("N", ""): None}
    assert [(f.code, f.key) for f in combine([a, b])][:2] == [("S", ""), ("S", "F")]


def test_cli_document(cli, reports, operator, tmp_path):
    out = tmp_path / "bc.docx"
    done = cli("reports", "document", "--unit", "NCT.01", "--period", "2025-H2", "-o", str(out))
    assert done.code == 0 and "dự thảo" in done.out and Document(str(out)).paragraphs
    issued = cli("reports", "document", "--unit", "NCT.01", "--period", "2025-H2", "--issue", "--json", "-o",
                 str(tmp_path / "so.docx"))  # fmt: skip
    assert issued.code == 0 and '"reference": "01/BC-HNCT"' in issued.out
    refused = cli("--as", "assoc_admin", "reports", "document", "--associations", "--period", "2025-H2", "-o",
                  str(tmp_path / "x.docx"))  # fmt: skip
    assert refused.code == 1 and "cơ quan theo dõi" in refused.err
    unknown = cli("--as", "outsider", "reports", "document", "--unit", "NCT.01", "--period", "2025-H2", "-o",
                  str(tmp_path / "y.docx"))  # fmt: skip
    assert unknown.code == 1 and "NCT.01" in unknown.err and not (tmp_path / "y.docx").exists()


def test_web_page_issues_and_lists_the_register(reports, login_client):
    client = login_client("province_officer")
    page = client.get("/reports/document/", {"unit": "NCT.01", "period": "2025-H2"})
    assert page.status_code == 200 and "HNCT" in page.content.decode()
    done = client.post("/reports/document/issue/", {"unit": "NCT.01", "period": "2025-H2"}, follow=True)
    html = done.content.decode()
    assert "01/BC-HNCT" in html and RegisteredDocument.objects.get().summary in html
    registered = RegisteredDocument.objects.get()
    assert client.get(f"/documents/{registered.pk}.docx").content == register.stored(registered)
    assert login_client("outsider").get(f"/documents/{registered.pk}.docx").status_code == 404
    bad = client.get("/reports/document/file/", {"unit": "NCT.01", "period": "2025-H2", "format": "pdf"}, follow=True)
    assert "docx hoặc xlsx" in bad.content.decode()


def test_the_letterhead_page_saves_or_shows_why_not(db, login_client):
    client = login_client("province_officer")
    form = {"style": "state", "parent_name": "Hội NCT Việt Nam", "name": "Hội NCT tỉnh Hà Nội", "abbreviation": "H NCT",
            "place": "Hà Nội", "signer_authority": "TM. Ban Thường vụ", "signer_title": "Chủ tịch",
            "signer_name": "Nguyễn Văn An", "recipients": "- Lưu: VT."}  # fmt: skip
    refused = client.post("/documents/body/?unit=NCT.01", form)
    assert refused.status_code == 422 and "Chữ viết tắt" in refused.content.decode()
    assert IssuingBody.objects.count() == 0
    saved = client.post("/documents/body/?unit=NCT.01", {**form, "abbreviation": "HNCTHN"})
    assert saved.status_code == 302
    body = IssuingBody.objects.get(unit__code="NCT.01")
    assert body.abbreviation == "HNCTHN" and AuditRecord.objects.filter(action="document.body_change").exists()
