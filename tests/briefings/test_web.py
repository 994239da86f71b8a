"""The briefing pages as the demo uses them: the overseer records a briefing and turns its conclusion into
directives for NCT and CTD, NCT's administrator reports progress with evidence and reports it done, the
overseer accepts it; what is overdue stands out on the board and on "my directives". Refused forms change
nothing; another association's assignment is not found. (Assertions are on data, classes and the services'
Vietnamese messages, not on the English msgids that the catalogue translates.)"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from quanlyhoi.briefings.models import Assignment, Briefing, Directive, Evidence, State, Update
from quanlyhoi.core.dates import today
from quanlyhoi.orgs.models import Association
from quanlyhoi.reporting.models import Period

TITLE = "Giao ban 6 tháng cuối năm 2025"


def vn(day: datetime.date) -> str:
    return day.strftime("%d/%m/%Y")


def record(client) -> Briefing:
    ids = list(Association.objects.filter(code__in=["NCT", "CTD"]).values_list("pk", flat=True))
    form = {
        "kind": "semiannual", "title": TITLE, "held_on": "15/01/2026", "place": "Hà Nội", "chair": "Phó Chủ tịch",
        "associations": ids, "participants": "Đại diện NCT\nĐại diện CTD", "agenda": "Đánh giá kết quả",
        "period": "2025-h2", "minutes": "Biên bản", "conclusion": "1. Phát triển hội viên.\n2. Tuyên truyền.",
    }  # fmt: skip
    response = client.post(reverse("briefings:new"), form)
    briefing = Briefing.objects.get(title=TITLE)
    assert response.status_code == 302 and response["Location"] == reverse("briefings:detail", args=[briefing.pk])
    return briefing


def assign(client, briefing, title, due, assignees, **more):
    form = {"d-title": title, "d-assignees": assignees, "d-due_on": vn(due), "d-priority": "normal", **more}
    response = client.post(reverse("briefings:directive_new", args=[briefing.pk]), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Directive.objects.get(briefing=briefing, title=title)


def test_overseer_assigns_association_reports_overseer_accepts(login_client):
    overseer, nct_admin = login_client("overseer"), login_client("assoc_admin")
    assert overseer.get(reverse("briefings:new")).status_code == 200
    briefing = record(overseer)
    assert briefing.period.code == "2025-H2" and set(briefing.associations.values_list("code", flat=True)) == {
        "NCT",
        "CTD",
    }
    day = today()
    directive = assign(overseer, briefing, "Phát triển hội viên mới", day + datetime.timedelta(days=60), "NCT, CTD",
                       **{"d-indicators": "HV_MOI", "d-departments": "Ban Tuyên giáo"})  # fmt: skip
    assert sorted(a.assignee for a in directive.assignments.all())[0] == "Ban Tuyên giáo"
    assert directive.assignments.count() == 3
    late = assign(overseer, briefing, "Kiện toàn chi hội", day - datetime.timedelta(days=3), "NCT")
    page = overseer.get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert "Phát triển hội viên mới" in page and "Kiện toàn chi hội" in page and "status-overdue" in page

    nct = directive.assignments.get(unit__association__code="NCT")
    url = reverse("briefings:assignment", args=[nct.pk])
    page = nct_admin.get(url).content.decode()
    assert reverse("briefings:step", args=[nct.pk, "progress"]) in page
    assert "HV_MOI" in page  # the linked indicator's trend
    assert reverse("briefings:step", args=[nct.pk, "accept"]) not in page
    evidence = SimpleUploadedFile("ket-qua.txt", b"Da ket nap 120 hoi vien")
    sent = nct_admin.post(reverse("briefings:step", args=[nct.pk, "progress"]),
                          {"text": "Đã kết nạp 120 hội viên", "progress": "60", "link": "https://example.org/bc",
                           "version": nct.version, "files": [evidence]})  # fmt: skip
    assert sent.status_code == 302 and sent["Location"] == url
    nct.refresh_from_db()
    assert nct.state == State.IN_PROGRESS and nct.progress == 60
    stored = Evidence.objects.get(update__assignment=nct)
    download = nct_admin.get(reverse("briefings:evidence", args=[stored.pk]))
    assert download.status_code == 200 and download.content == b"Da ket nap 120 hoi vien"
    assert login_client("outsider").get(reverse("briefings:evidence", args=[stored.pk])).status_code == 404
    page = nct_admin.get(url).content.decode()
    assert "Đã kết nạp 120 hội viên" in page and "ket-qua.txt" in page

    done = nct_admin.post(reverse("briefings:step", args=[nct.pk, "done"]), {"text": "Hoàn thành", "version": 2})
    assert done.status_code == 302
    nct.refresh_from_db()
    assert nct.state == State.DONE
    waiting = overseer.get(reverse("briefings:mine")).content.decode()
    assert url in waiting  # awaiting the overseer's acceptance
    assert login_client("commune_officer").post(reverse("briefings:step", args=[nct.pk, "accept"])).status_code == 404
    accepted = overseer.post(reverse("briefings:step", args=[nct.pk, "accept"]), {"version": nct.version})
    assert accepted.status_code == 302
    nct.refresh_from_db()
    assert nct.state == State.ACCEPTED
    assert [u.step for u in nct.updates.order_by("id")] == ["progress", "done", "accept"]

    # Overdue stands out: on the board (NCT first, its overdue count linked) and on NCT's "my directives".
    board = overseer.get(reverse("briefings:board")).content.decode()
    overdue_link = "association=NCT&amp;status=overdue"
    assert overdue_link in board and "table-danger" in board and "department=Ban" in board
    assert board.index("association=NCT") < board.index("association=CTD")
    listed = overseer.get(reverse("briefings:assignments"), {"association": "NCT", "status": "overdue", "top": "1"})
    assert "Kiện toàn chi hội" in listed.content.decode() and "Phát triển hội viên mới" not in listed.content.decode()
    mine = nct_admin.get(reverse("briefings:mine")).content.decode()
    late_nct = late.assignments.get()
    assert reverse("briefings:assignment", args=[late_nct.pk]) in mine and "table-danger" in mine
    assert reverse("briefings:assignment", args=[nct.pk]) not in mine  # accepted: nothing left to do


def test_refused_forms_change_nothing(login_client):
    overseer = login_client("overseer")
    periods = Period.objects.count()
    bad = {"kind": "semiannual", "title": "", "held_on": "32/13/2025", "period": "2025-X9"}
    response = overseer.post(reverse("briefings:new"), bad)
    assert response.status_code == 422 and not Briefing.objects.exists() and Period.objects.count() == periods
    assert "2025-X9" in response.content.decode()  # what was typed stays on the form
    briefing = record(overseer)
    refused = overseer.post(reverse("briefings:directive_new", args=[briefing.pk]),
                            {"d-title": "Nhiệm vụ", "d-assignees": "NCT, KHONGCO", "d-priority": "normal"})  # fmt: skip
    assert refused.status_code == 422 and "KHONGCO" in refused.content.decode()
    assert not Directive.objects.exists() and not Assignment.objects.exists()
    directive = assign(overseer, briefing, "Tuyên truyền", today() + datetime.timedelta(days=30), "NCT")
    nct = directive.assignments.get()
    nct_admin = login_client("assoc_admin")
    empty = nct_admin.post(reverse("briefings:step", args=[nct.pk, "progress"]), {"text": " ", "progress": "30"})
    assert empty.status_code == 422 and "Cần ghi nội dung đã thực hiện." in empty.content.decode()
    too_much = nct_admin.post(reverse("briefings:step", args=[nct.pk, "progress"]), {"text": "A", "progress": "130"})
    assert too_much.status_code == 422
    stale = nct_admin.post(reverse("briefings:step", args=[nct.pk, "progress"]), {"text": "A", "version": "9"})
    assert stale.status_code == 409
    nct.refresh_from_db()
    assert nct.state == State.NOT_STARTED and nct.progress == 0 and not Update.objects.exists()
    # The assignee may not accept its own work, nor the inspector report on it.
    assert nct_admin.post(reverse("briefings:step", args=[nct.pk, "cancel"]), {"text": "x"}).status_code == 403
    assert login_client("inspector").post(reverse("briefings:step", args=[nct.pk, "progress"]),
                                          {"text": "x"}).status_code == 403  # fmt: skip
    assert overseer.get(reverse("briefings:edit", args=[briefing.pk])).status_code == 200
    changed = {"kind": "annual", "title": "Đổi tên", "held_on": "15/01/2026", "version": "7"}
    stale_edit = overseer.post(reverse("briefings:edit", args=[briefing.pk]), changed)
    briefing.refresh_from_db()
    assert stale_edit.status_code == 409 and briefing.title == TITLE


def test_outsider_does_not_find_nct_assignment(login_client):
    overseer = login_client("overseer")
    briefing = record(overseer)
    directive = assign(overseer, briefing, "Tuyên truyền", today() + datetime.timedelta(days=30), "NCT, CTD")
    nct = directive.assignments.get(unit__association__code="NCT")
    ctd = directive.assignments.get(unit__association__code="CTD")
    outsider = login_client("outsider")
    assert outsider.get(reverse("briefings:assignment", args=[nct.pk])).status_code == 404
    assert outsider.post(reverse("briefings:step", args=[nct.pk, "progress"]), {"text": "x"}).status_code == 404
    assert outsider.get(reverse("briefings:assignment", args=[ctd.pk])).status_code == 200
    page = outsider.get(reverse("briefings:detail", args=[briefing.pk])).content.decode()
    assert reverse("briefings:assignment", args=[ctd.pk]) in page
    assert reverse("briefings:assignment", args=[nct.pk]) not in page


def test_pass_down_rolls_progress_up(login_client):
    overseer, nct_admin, province = (
        login_client("overseer"),
        login_client("assoc_admin"),
        login_client("province_officer"),
    )
    briefing = record(overseer)
    directive = assign(overseer, briefing, "Tuyên truyền", today() + datetime.timedelta(days=30), "NCT")
    nct = directive.assignments.get()
    page = nct_admin.get(reverse("briefings:assignment", args=[nct.pk])).content.decode()
    assert 'value="NCT.01"' in page  # the units directly below, to pass down to
    refused = nct_admin.post(reverse("briefings:step", args=[nct.pk, "pass_down"]), {"units": ["NCT.01.00004"]})
    assert refused.status_code == 422 and not nct.children.exists()
    sent = nct_admin.post(reverse("briefings:step", args=[nct.pk, "pass_down"]), {"units": ["NCT.01", "NCT.02"]})
    assert sent.status_code == 302 and nct.children.count() == 2
    child = nct.children.get(unit__code="NCT.01")
    assert province.get(reverse("briefings:assignment", args=[nct.pk])).status_code == 404
    reported = province.post(
        reverse("briefings:step", args=[child.pk, "progress"]), {"text": "Đã họp", "progress": "80"}
    )
    assert reported.status_code == 302
    page = nct_admin.get(reverse("briefings:assignment", args=[nct.pk])).content.decode()
    assert "40%" in page  # (80 + 0) / 2 rolled up
    # NCT, which passed it down, accepts for NCT.01; the province does not accept its own.
    province.post(reverse("briefings:step", args=[child.pk, "done"]), {"text": "Xong"})
    assert province.post(reverse("briefings:step", args=[child.pk, "accept"])).status_code == 403
    assert nct_admin.post(reverse("briefings:step", args=[child.pk, "accept"])).status_code == 302
    child.refresh_from_db()
    assert child.state == State.ACCEPTED


def test_briefing_documents(login_client, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    overseer = login_client("overseer")
    briefing = record(overseer)
    upload = SimpleUploadedFile("Kết luận số 12.pdf", b"%PDF-1.4 ket luan")
    assert (
        overseer.post(
            reverse("briefings:attach", args=[briefing.pk]), {"kind": "conclusion", "files": [upload]}
        ).status_code
        == 302
    )
    made = briefing.files.get()
    got = login_client("inspector").get(reverse("briefings:file", args=[briefing.pk, made.pk]))
    assert got.status_code == 200 and got.content == b"%PDF-1.4 ket luan" and "attachment" in got["Content-Disposition"]
    assert (
        login_client("assoc_admin").post(reverse("briefings:attach", args=[briefing.pk]), {"kind": "other"}).status_code
        == 403
    )
    listing = login_client("assoc_admin").get(reverse("briefings:list")).content.decode()
    assert TITLE in listing
    assert TITLE not in login_client("commune_officer").get(reverse("briefings:list")).content.decode()


def test_unit_officer_records_internal_briefing(login_client):
    province = login_client("province_officer")
    form = {"unit": "NCT.01", "kind": "thematic", "title": "Giao ban chi hội", "held_on": "01/11/2026"}
    assert province.post(reverse("briefings:new"), form).status_code == 302
    briefing = Briefing.objects.get(title="Giao ban chi hội")
    assert briefing.unit.code == "NCT.01"
    refused = province.post(reverse("briefings:new"), {**form, "unit": "NCT.02", "title": "Khác"})
    assert refused.status_code == 422 and not Briefing.objects.filter(title="Khác").exists()  # NCT.02: not its own
    assign(province, briefing, "Sinh hoạt chi hội", today() + datetime.timedelta(days=10), "NCT.01.00004")
    upward = province.post(reverse("briefings:directive_new", args=[briefing.pk]),
                           {"d-title": "Lên trên", "d-assignees": "NCT.02", "d-priority": "normal"})  # fmt: skip
    assert upward.status_code == 422
    mine = login_client("commune_officer").get(reverse("briefings:mine")).content.decode()
    assert "Sinh hoạt chi hội" in mine


def test_pages_render_without_inline_code(login_client):
    from tests.web.pages import assert_csp_clean

    overseer, nct_admin = login_client("overseer"), login_client("assoc_admin")
    briefing = record(overseer)
    directive = assign(overseer, briefing, "Tuyên truyền", today() - datetime.timedelta(days=1), "NCT",
                       **{"d-indicators": "TT_BUOI, HV_MOI"})  # fmt: skip
    nct = directive.assignments.get()
    nct_admin.post(reverse("briefings:step", args=[nct.pk, "pass_down"]), {"units": ["NCT.01"]})
    nct_admin.post(reverse("briefings:step", args=[nct.pk, "done"]), {"text": "Xong", "link": "javascript:alert(1)"})
    pages = [
        (overseer, reverse("briefings:list")),
        (overseer, reverse("briefings:new")),
        (overseer, reverse("briefings:edit", args=[briefing.pk])),
        (overseer, reverse("briefings:detail", args=[briefing.pk])),
        (overseer, reverse("briefings:directive_new", args=[briefing.pk])),
        (overseer, reverse("briefings:assignment", args=[nct.pk])),
        (nct_admin, reverse("briefings:assignment", args=[nct.children.get().pk])),
        (overseer, reverse("briefings:mine")),
        (nct_admin, reverse("briefings:mine")),
        (overseer, reverse("briefings:board")),
        (overseer, reverse("briefings:assignments") + "?status=done&top=1"),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_csp_clean(response)
    page = overseer.get(reverse("briefings:assignment", args=[nct.pk])).content.decode()
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page  # shown, never followed


def test_the_briefing_links_the_consolidated_report_it_reviewed(login_client, personas, settings, tmp_path):
    from quanlyhoi.reporting.services.documents import consolidated_report
    from quanlyhoi.reporting.services.periods import period_for

    settings.DATA_DIR = tmp_path
    issued = consolidated_report(actor=personas["overseer"], period=period_for("2025-H2"), issue=True).registered
    client = login_client("overseer")
    form = client.get("/briefings/new/").content.decode()
    assert issued.reference in form  # offered among the reports that can be reviewed
    done = client.post("/briefings/new/", {"kind": "semiannual", "title": "Giao ban 6 tháng cuối năm 2025",
                                           "held_on": "15/01/2026", "period": "2025-H2", "report": issued.pk},
                       follow=True)  # fmt: skip
    assert done.status_code == 200 and issued.reference in done.content.decode()
    assert login_client("assoc_admin").get("/briefings/new/").content.decode().count(issued.reference) == 0
