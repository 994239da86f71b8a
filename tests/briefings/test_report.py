"""The follow-up report ("báo cáo kết quả thực hiện kết luận giao ban"): the DOCX read back (header, number line,
type and summary, a directive's table with statuses and rolled-up progress, the summary by association, the
annex), the XLSX figures, numbering in the convener's register, who may draft and issue, and the web, API and
CLI entry points."""

import datetime
import io
import json

import pytest
from django.urls import reverse
from docx import Document
from python_calamine import CalamineWorkbook

from quanlyhoi.briefings.services.directives import create_directive, pass_down
from quanlyhoi.briefings.services.follow_up import step
from quanlyhoi.briefings.services.meetings import create_briefing
from quanlyhoi.briefings.services.report import follow_up_report
from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.documents.models import IssuingBody, RegisteredDocument
from quanlyhoi.orgs.models import Association, Unit
from tests.reporting.test_document import header_lines, rows, table_titled

pytestmark = pytest.mark.django_db
TITLE = "Hội nghị giao ban 6 tháng cuối năm 2025"


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


@pytest.fixture
def meeting(personas, operator):
    """The overseer's briefing: "Tuyên truyền" overdue (NCT passed it down to NCT.01 and NCT.02; CTD reports it
    done; a department has not started), "Kiện toàn" due in a month (NCT in progress, CTD cancelled)."""
    overseer = personas["overseer"]
    briefing = create_briefing(
        actor=overseer, title=TITLE, held_on=datetime.date(2026, 1, 15), chair="Phó Chủ tịch Ủy ban",
        associations=list(Association.objects.filter(code__in=["NCT", "CTD"])),
    )  # fmt: skip
    late = create_directive(actor=overseer, briefing=briefing, title="Tăng cường tuyên truyền", content="Tuyên "
                            "truyền chính sách tới hội viên.", due_on=today() - datetime.timedelta(days=10),
                            assignees=["NCT", "CTD"], departments=["Ban Dân chủ - Pháp luật"])  # fmt: skip
    nct = late.assignments.get(unit__code="NCT")
    kids = pass_down(actor=personas["assoc_admin"], assignment=nct, codes=["NCT.01", "NCT.02"])
    step(actor=personas["province_officer"], assignment=next(k for k in kids if k.unit.code == "NCT.01"),
         step="progress", text="Đã tổ chức 5 hội nghị.", progress=50)  # fmt: skip
    step(actor=personas["outsider"], assignment=late.assignments.get(unit__code="CTD"), step="done",
         text="Đã hoàn thành tuyên truyền ở 34 tỉnh.")  # fmt: skip
    later = create_directive(actor=overseer, briefing=briefing, title="Kiện toàn tổ chức, cán bộ",
                             due_on=today() + datetime.timedelta(days=30), assignees=["NCT", "CTD"])  # fmt: skip
    step(actor=personas["assoc_admin"], assignment=later.assignments.get(unit__code="NCT"), step="progress",
         text="Đã kiện toàn 20 tỉnh hội.", progress=40)  # fmt: skip
    step(actor=overseer, assignment=later.assignments.get(unit__code="CTD"), step="cancel",
         text="Đã thực hiện tại đại hội.")  # fmt: skip
    return briefing


def read(made) -> Document:
    return Document(io.BytesIO(made.data))


def test_the_draft_read_back(meeting, personas):
    made = follow_up_report(actor=personas["overseer"], briefing=meeting)
    assert made.file_name.endswith("-du-thao.docx") and made.registered is None
    doc = read(made)
    header = header_lines(doc)
    assert "MẶT TRẬN TỔ QUỐC VIỆT NAM" in header and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header
    number = next(line for line in header if line.startswith("Số:"))
    assert number.endswith("/BC-MTTW-BTT") and not any(ch.isdigit() for ch in number)  # a draft: blank number
    texts = [p.text for p in doc.paragraphs]
    assert "BÁO CÁO" in texts
    assert f"Kết quả thực hiện kết luận {TITLE}" in texts
    intro = next(t for t in texts if t.startswith(f"Thực hiện kết luận {TITLE} ngày 15/01/2026"))
    assert "do Phó Chủ tịch Ủy ban chủ trì, 2 nhiệm vụ" in intro and "2 quá hạn" in intro and "1 đã huỷ" in intro
    assert "1. Tăng cường tuyên truyền" in texts and "I. KẾT QUẢ THỰC HIỆN TỪNG NHIỆM VỤ" in texts

    first = rows(table_titled(doc, "Bảng 1. Kết quả thực hiện nhiệm vụ “Tăng cường tuyên truyền”"))
    assert first[0] == ["STT", "Nơi được giao", "Trạng thái", "Hạn", "Kết quả thực hiện mới nhất", "Tiến độ (%)",
                        "Tiến độ cấp dưới (%)"]  # fmt: skip
    by_name = {r[1]: r for r in first[1:]}
    nct = by_name["Trung ương Hội Người cao tuổi Việt Nam"]
    assert nct[2] == "Quá hạn (đang thực hiện)"  # passed down: in progress, and past its due date
    assert nct[3] == (today() - datetime.timedelta(days=10)).strftime("%d/%m/%Y")
    assert nct[4].endswith("Đã giao tiếp cho cấp dưới: NCT.01, NCT.02") and nct[5:] == ["0", "25"]
    assert by_name["Trung ương Hội Chữ thập đỏ Việt Nam"][2:3] == ["Hoàn thành, chờ nghiệm thu"]
    assert by_name["Trung ương Hội Chữ thập đỏ Việt Nam"][4].endswith("Đã hoàn thành tuyên truyền ở 34 tỉnh.")
    assert by_name["Trung ương Hội Chữ thập đỏ Việt Nam"][5] == "100"
    assert by_name["Ban Dân chủ - Pháp luật"][2] == "Quá hạn (chưa thực hiện)"
    assert len(first) == 4  # the pass-downs are in the annex, not here

    second = {r[1]: r for r in rows(table_titled(doc, "Bảng 2. Kết quả thực hiện nhiệm vụ “Kiện toàn"))[1:]}
    assert second["Trung ương Hội Người cao tuổi Việt Nam"][2] == "Đang thực hiện"
    assert second["Trung ương Hội Chữ thập đỏ Việt Nam"][2] == "Đã huỷ"
    assert second["Trung ương Hội Chữ thập đỏ Việt Nam"][4].endswith("Huỷ: Đã thực hiện tại đại hội.")

    summary = rows(table_titled(doc, "Bảng 3. Tổng hợp kết quả thực hiện theo hội"))
    assert summary[0][:4] == ["STT", "Hội", "Số nhiệm vụ", "Chưa thực hiện"]
    by_association = {r[1]: r[2:] for r in summary[1:]}
    # total, not started, in progress, overdue, done, accepted, cancelled, completion
    assert by_association["Hội Người cao tuổi"] == ["2", "0", "1", "1", "0", "0", "0", "0"]
    assert by_association["Hội Chữ thập đỏ"] == ["2", "0", "0", "0", "1", "0", "1", "0"]
    assert by_association["Ban Dân chủ - Pháp luật"] == ["1", "0", "0", "1", "0", "0", "0", "0"]
    assert by_association["Tổng cộng"] == ["5", "0", "1", "2", "1", "0", "1", "0"]
    assert any(t.startswith("Trung ương Hội Người cao tuổi Việt Nam: “Tăng cường tuyên truyền”") for t in texts)

    annex = rows(table_titled(doc, "Biểu 1. Danh mục nhiệm vụ"))
    assert [r[0] for r in annex[1:]] == ["1.1", "1.1.1", "1.1.2", "1.2", "1.3", "2.1", "2.2"]
    below = {r[2]: r for r in annex[1:]}
    assert below["– Hội Người cao tuổi tỉnh Hà Nội"][3] == "Quá hạn (đang thực hiện)"
    assert below["– Hội Người cao tuổi tỉnh Hà Nội"][6] == "50"
    assert below["– Hội Người cao tuổi tỉnh Hà Giang"][3] == "Quá hạn (chưa thực hiện)"
    assert RegisteredDocument.objects.count() == 0 and IssuingBody.objects.count() == 0


def test_xlsx_keeps_the_figures_as_numbers(meeting, personas):
    made = follow_up_report(actor=personas["overseer"], briefing=meeting, fmt="xlsx")
    assert made.file_name.endswith(".xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(made.data))
    assert book.sheet_names == ["Biểu 1", "Biểu 2", "Biểu 3", "Biểu 4"]

    def sheet(name):
        return book.get_sheet_by_name(name).to_python(skip_empty_area=False)

    summary = sheet("Biểu 3")
    assert summary[2][0] == "Bảng 3. Tổng hợp kết quả thực hiện theo hội"
    total = next(r for r in summary if r[1] == "Tổng cộng")
    assert total[2:9] == [5, 0, 1, 2, 1, 0, 1]
    assert {r[1]: r[5] for r in sheet("Biểu 1")[4:]}["Trung ương Hội Chữ thập đỏ Việt Nam"] == 100


def test_issued_numbers_run_in_the_conveners_register(meeting, personas):
    audits = AuditRecord.objects.filter(action="document.issue").count()
    first = follow_up_report(actor=personas["overseer"], briefing=meeting, issue=True)
    second = follow_up_report(actor=personas["sysadmin"], briefing=meeting, issue=True, fmt="xlsx")
    assert (first.registered.number, second.registered.number) == (1, 2)
    assert first.registered.reference == "01/BC-MTTW-BTT" and first.registered.doc_type == "BC"
    assert first.registered.subject == f"briefing:{meeting.pk}" and first.registered.body.overseer_id
    assert "Số: 01/BC-MTTW-BTT" in header_lines(read(first))
    assert second.file_name.endswith(".xlsx")
    assert AuditRecord.objects.filter(action="document.issue").count() == audits + 2


def test_who_may_draft_and_issue(meeting, personas, operator):
    # Who sees the briefing drafts it, with the rows of its own scope.
    doc = read(follow_up_report(actor=personas["assoc_admin"], briefing=meeting))
    names = [r[1] for r in rows(table_titled(doc, "Bảng 1."))[1:]]
    assert names == ["Trung ương Hội Người cao tuổi Việt Nam"]
    doc = read(follow_up_report(actor=personas["province_officer"], briefing=meeting))
    assert [r[1] for r in rows(table_titled(doc, "Bảng 1."))[1:]] == ["Hội Người cao tuổi tỉnh Hà Nội"]
    read(follow_up_report(actor=personas["inspector"], briefing=meeting))
    # Only the convener's register numbers it.
    for persona in ("assoc_admin", "province_officer", "inspector", "outsider"):
        with pytest.raises(Forbidden):
            follow_up_report(actor=personas[persona], briefing=meeting, issue=True)
    nct_only = create_briefing(actor=personas["overseer"], title="Giao ban chuyên đề", held_on=today(),
                               associations=list(Association.objects.filter(code="NCT")))  # fmt: skip
    with pytest.raises(NotFound):
        follow_up_report(actor=personas["outsider"], briefing=nct_only)
    # An internal briefing of NCT.01 is numbered in NCT.01's register; the overseer reads it but may not issue.
    internal = create_briefing(actor=personas["province_officer"], unit=Unit.objects.get(code="NCT.01"),
                               title="Giao ban tháng 3", held_on=today())  # fmt: skip
    create_directive(actor=personas["province_officer"], briefing=internal, title="Phát triển hội viên",
                     due_on=today(), assignees=["NCT.01.00004", "NCT.01.00008"])  # fmt: skip
    made = follow_up_report(actor=personas["province_officer"], briefing=internal, issue=True)
    assert made.registered.body.unit.code == "NCT.01" and made.registered.reference.startswith("01/BC-")
    summary = rows(table_titled(read(made), "Bảng 2. Tổng hợp kết quả thực hiện theo đơn vị"))
    assert [r[1] for r in summary[1:]] == ["Hội NCT phường Ba Đình", "Hội NCT phường Ngọc Hà", "Tổng cộng"]
    read(follow_up_report(actor=personas["overseer"], briefing=internal))
    with pytest.raises(Forbidden):
        follow_up_report(actor=personas["overseer"], briefing=internal, issue=True)
    with pytest.raises(DomainError):
        follow_up_report(actor=operator, briefing=meeting, fmt="pdf")


def test_web_draft_and_issue(meeting, login_client):
    client = login_client("overseer")
    page = client.get(reverse("briefings:detail", kwargs={"pk": meeting.pk})).content.decode()
    assert reverse("briefings:report", kwargs={"pk": meeting.pk}) in page
    assert reverse("briefings:report_issue", kwargs={"pk": meeting.pk}) in page
    response = client.get(reverse("briefings:report", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200 and response["Content-Disposition"].endswith('-du-thao.docx"')
    response = client.get(reverse("briefings:report", kwargs={"pk": meeting.pk}), {"format": "xlsx"})
    assert response["Content-Type"].endswith("spreadsheetml.sheet")
    response = client.post(reverse("briefings:report_issue", kwargs={"pk": meeting.pk}))
    assert response.status_code == 302 and response["Location"] == reverse(
        "briefings:detail", kwargs={"pk": meeting.pk}
    )
    assert RegisteredDocument.objects.get().reference == "01/BC-MTTW-BTT"
    assert (
        login_client("assoc_admin").post(reverse("briefings:report_issue", kwargs={"pk": meeting.pk})).status_code
        == 403
    )
    response = login_client("overseer").get(reverse("briefings:report", kwargs={"pk": meeting.pk}), {"format": "pdf"})
    assert response.status_code == 302  # back to the briefing with the error shown


def test_api_draft_and_issue(meeting, personas):
    from django.test import Client

    from quanlyhoi.accounts.services import token_create

    _token, secret = token_create(user=personas["overseer"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    response = client.get(f"/api/v1/briefings/{meeting.pk}/report", {"format": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].endswith("spreadsheetml.sheet")
    response = client.post(f"/api/v1/briefings/{meeting.pk}/report", content_type="application/json")
    assert response.status_code == 201 and response.json()["reference"] == "01/BC-MTTW-BTT"
    assert client.get("/api/v1/briefings/999999/report").status_code == 404


@pytest.fixture
def cli(capsys):
    from quanlyhoi.cli import main

    def run(*argv: str):
        capsys.readouterr()
        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out

    return run


def test_cli_report(cli, meeting, tmp_path):
    out = tmp_path / "kq.docx"
    code, out_text = cli("briefings", "report", "--briefing", str(meeting.pk), "-o", str(out))
    assert code == 0 and "dự thảo" in out_text and out.read_bytes()[:2] == b"PK"
    code, out_text = cli("--as", "overseer", "briefings", "report", "--briefing", str(meeting.pk), "--issue", "-o",
                         str(out), "--json")  # fmt: skip
    assert code == 0 and json.loads(out_text)["reference"] == "01/BC-MTTW-BTT"
    code, _out = cli("--as", "outsider", "briefings", "report", "--briefing", str(meeting.pk), "--issue", "-o",
                     str(out))  # fmt: skip
    assert code != 0  # CTD took part, so sees it and drafts it; the overseer's register is not its own


def test_all_the_briefings_of_a_period(cli, personas, tmp_path):
    from quanlyhoi.reporting.services.periods import period_for

    period = period_for("2025-H2")
    for n, held in enumerate((datetime.date(2026, 1, 10), datetime.date(2026, 1, 20)), start=1):
        b = create_briefing(actor=personas["overseer"], title=f"Giao ban đợt {n}", held_on=held, period=period,
                            associations=list(Association.objects.filter(code="NCT")))  # fmt: skip
        create_directive(actor=personas["overseer"], briefing=b, title=f"Nhiệm vụ đợt {n}", due_on=today(),
                         assignees=["NCT"])  # fmt: skip
    doc = read(follow_up_report(actor=personas["overseer"], period=period))
    texts = [p.text for p in doc.paragraphs]
    assert "Kết quả thực hiện kết luận các cuộc giao ban 6 tháng cuối năm 2025" in texts
    assert any(t.startswith("Thực hiện kết luận các cuộc giao ban 6 tháng cuối năm 2025 (Giao ban đợt 1 (10/01/2026)")
               for t in texts)  # fmt: skip
    assert "1. Nhiệm vụ đợt 1" in texts and "2. Nhiệm vụ đợt 2" in texts
    out = tmp_path / "ky.docx"
    code, text = cli("--as", "overseer", "briefings", "report", "--period", "2025-H2", "--issue", "-o", str(out),
                     "--json")  # fmt: skip
    assert code == 0 and json.loads(text)["reference"] == "01/BC-MTTW-BTT"
    assert RegisteredDocument.objects.get().subject == "briefings:2025-H2:*"
    with pytest.raises(NotFound):
        follow_up_report(actor=personas["overseer"], period=period_for("2024-H1"))
