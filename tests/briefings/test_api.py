"""The briefings API end to end: the overseer records a briefing and assigns a directive to NCT and CTD; each
association sees and reports on its own assignment only, with evidence; the overseer accepts or returns it.
Refusals answer 403/404/409/422 in Vietnamese and change nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from quanlyhoi.briefings.models import Assignment, Briefing, State, Update
from quanlyhoi.core.dates import today
from tests.api.conftest import BASE, api, token_for  # noqa: F401 - the JSON client of tests/api


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path


def due(days: int) -> str:
    return (today() + datetime.timedelta(days=days)).isoformat()


def upload(client, path: str, files: list[tuple[str, bytes]], **fields):
    data = {**fields, "files": [SimpleUploadedFile(name, content) for name, content in files]}
    return client.client.post(BASE + path, data, headers=client.headers)


@pytest.fixture
def made(api, db):  # noqa: F811
    """The overseer's briefing with NCT and CTD and one directive for both and for one of its departments."""
    overseer = api("overseer")
    briefing = overseer.post("/briefings", {
        "title": "Giao ban 6 tháng cuối năm 2025", "held_on": "2026-01-15", "place": "Hà Nội",
        "associations": ["NCT", "CTD"], "period": "2025-H2", "conclusion": "1. Tăng cường tuyên truyền.",
    })  # fmt: skip
    assert briefing.status_code == 201, briefing.content
    b = briefing.json()
    assert b["associations"] == ["CTD", "NCT"] and b["period"] == "2025-H2" and b["unit"] is None
    directive = overseer.post(f"/briefings/{b['id']}/directives", {
        "title": "Tăng cường tuyên truyền", "due_on": due(30), "priority": "high", "assignees": ["NCT", "CTD"],
        "departments": ["Ban Dân chủ - Pháp luật"], "indicators": ["TT_BUOI"],
    })  # fmt: skip
    assert directive.status_code == 201, directive.content
    d = directive.json()
    assert d["indicators"] == ["TT_BUOI"] and len(d["assignments"]) == 3
    by = {a["unit"] or a["department"]: a for a in d["assignments"]}
    return {"briefing": b["id"], "directive": d["id"], "nct": by["NCT"]["id"], "ctd": by["CTD"]["id"]}


def test_each_association_sees_and_reports_on_its_own(api, made):  # noqa: F811
    nct = api("assoc_admin")
    listed = nct.get("/briefings/assignments").json()
    assert [a["id"] for a in listed["items"]] == [made["nct"]]
    assert [a["id"] for a in nct.get("/briefings/assignments", {"mine": "true"}).json()["items"]] == [made["nct"]]
    shown = nct.get(f"/briefings/{made['briefing']}").json()
    assert [a["unit"] for a in shown["directives"][0]["assignments"]] == ["NCT"]
    # Someone else's assignment, out of scope: as if it did not exist.
    assert nct.get(f"/briefings/assignments/{made['ctd']}").status_code == 404
    assert api("outsider").get(f"/briefings/assignments/{made['nct']}").status_code == 404
    assert [a["unit"] for a in api("outsider").get("/briefings/assignments").json()["items"]] == ["CTD"]
    assert api("overseer").get("/briefings/assignments").json()["count"] == 3
    ban = api("overseer").get("/briefings/assignments", {"department": "Ban Dân chủ - Pháp luật"}).json()["items"]
    assert [(a["unit"], a["assignee"]) for a in ban] == [(None, "Ban Dân chủ - Pháp luật")]
    soon = nct.get("/briefings/assignments", {"status": "soon"}).json()["count"]
    assert soon == 0  # due in 30 days

    step = nct.post(f"/briefings/assignments/{made['nct']}/steps",
                    {"step": "progress", "text": "Đã tổ chức 12 buổi", "progress": 60, "version": 1})  # fmt: skip
    assert step.status_code == 200, step.content
    assert step.json()["state"] == "in_progress" and step.json()["progress"] == 60 and step.json()["version"] == 2
    done = upload(nct, f"/briefings/assignments/{made['nct']}/evidence", [("bao-cao.txt", b"Bao cao ket qua")],
                  step="done", text="Hoàn thành", link="/documents/1", version="2")  # fmt: skip
    assert done.status_code == 200, done.content
    body = done.json()
    assert body["status"] == "done" and body["progress"] == 100
    assert [u["step"] for u in body["updates"]] == ["progress", "done"]
    evidence = body["updates"][1]["evidence"][0]
    assert evidence["name"] == "bao-cao.txt" and body["updates"][1]["link"] == "/documents/1"
    path = f"/briefings/assignments/{made['nct']}/evidence/{evidence['id']}"
    got = api("overseer").get(path)
    assert got.status_code == 200 and got.content == b"Bao cao ket qua" and "bao-cao.txt" in got["Content-Disposition"]
    assert api("outsider").get(path).status_code == 404

    # The assignee does not accept its own work; a stale version is refused; the overseer accepts.
    assert nct.post(f"/briefings/assignments/{made['nct']}/steps", {"step": "accept"}).status_code == 403
    overseer = api("overseer")
    stale = overseer.post(f"/briefings/assignments/{made['nct']}/steps", {"step": "accept", "version": 2})
    assert stale.status_code == 409 and "tải lại" in stale.json()["message"]
    accepted = overseer.post(f"/briefings/assignments/{made['nct']}/steps", {"step": "accept", "version": 3})
    assert accepted.status_code == 200 and accepted.json()["state"] == "accepted"
    board = {r["key"]: r for r in overseer.get("/briefings/board").json()}
    assert board["NCT"]["completion"] == 100 and board["CTD"]["counts"] == {"not_started": 1}


def test_refused_steps_change_nothing(api, made):  # noqa: F811
    nct = api("assoc_admin")
    url = f"/briefings/assignments/{made['nct']}/steps"
    bad = nct.post(url, {"step": "sing", "text": "x"})
    assert bad.status_code == 422 and bad.json()["message"] == "Không có bước 'sing'." and bad.json()["field"] == "step"
    no_text = nct.post(url, {"step": "progress", "text": " "})
    assert no_text.status_code == 422 and no_text.json()["field"] == "text"
    assert nct.post(url, {"step": "progress", "text": "x", "progress": 150}).status_code == 422
    assert nct.post(url, {"step": "return", "text": "x"}).status_code == 403  # the assigner's step
    assert api("overseer").post(url, {"step": "return", "text": "x"}).status_code == 409  # not done yet
    assert api("inspector").post(url, {"step": "progress", "text": "x"}).status_code == 403
    empty = upload(nct, f"/briefings/assignments/{made['nct']}/evidence", [("rong.txt", b"")], text="Có tệp")
    assert empty.status_code == 422 and "rỗng" in empty.json()["message"]
    assert not Update.objects.filter(assignment_id=made["nct"]).exists()
    assert Assignment.objects.get(pk=made["nct"]).state == State.NOT_STARTED


def test_pass_down_rolls_up_and_overdue_is_filtered(api, made):  # noqa: F811
    nct = api("assoc_admin")
    url = f"/briefings/assignments/{made['nct']}/pass-down"
    late = nct.post(url, {"units": ["NCT.01"], "due_on": due(60)})
    assert late.status_code == 422 and late.json()["field"] == "due_on"
    assert nct.post(url, {"units": ["NCT.01.00004"]}).status_code == 422  # not directly below NCT
    passed = nct.post(url, {"units": ["NCT.01", "NCT.08"], "due_on": due(20)})
    assert passed.status_code == 201, passed.content
    children = {a["unit"]: a for a in passed.json()}
    assert set(children) == {"NCT.01", "NCT.08"} and children["NCT.01"]["parent"] == made["nct"]
    assert nct.post(url, {"units": ["NCT.01"]}).status_code == 409  # already given
    province = api("province_officer")
    assert [a["unit"] for a in province.get("/briefings/assignments").json()["items"]] == ["NCT.01"]
    child = children["NCT.01"]["id"]
    reported = upload(province, f"/briefings/assignments/{child}/evidence", [("anh.jpg", b"JPEG")],
                      text="Đã họp triển khai", progress="40")  # fmt: skip
    assert reported.status_code == 200 and reported.json()["progress"] == 40, reported.content
    shown = nct.get(f"/briefings/assignments/{made['nct']}").json()
    assert shown["rolled_progress"] == 20 and shown["state"] == "in_progress"
    assert [c["unit"] for c in shown["children"]] == ["NCT.01", "NCT.08"]
    assert shown["updates"][0]["step"] == "pass_down"
    # An open assignment past its due date shows as overdue, without anything stored.
    Assignment.objects.filter(pk=children["NCT.08"]["id"]).update(due_on=today() - datetime.timedelta(days=1))
    overdue = nct.get("/briefings/assignments", {"status": "overdue"}).json()["items"]
    assert [a["unit"] for a in overdue] == ["NCT.08"] and overdue[0]["overdue"]
    assert "NCT.08" not in [a["unit"] for a in nct.get("/briefings/assignments", {"status": "not_started"}).json()[
        "items"]]  # fmt: skip
    bad = nct.get("/briefings/assignments", {"status": "lost"})
    assert bad.status_code == 422 and "Trạng thái" in bad.json()["message"]
    assert nct.get("/briefings/assignments", {"association": "CTD"}).status_code == 404


def test_briefing_documents_and_changes(api, made):  # noqa: F811
    overseer = api("overseer")
    url = f"/briefings/{made['briefing']}"
    attached = upload(overseer, f"{url}/files", [("bien-ban.txt", b"Bien ban hop")], kind="minutes")
    assert attached.status_code == 201, attached.content
    (kept,) = attached.json()
    assert kept["kind"] == "minutes" and kept["size"] == 12
    assert api("assoc_admin").get(f"{url}/files/{kept['id']}").content == b"Bien ban hop"
    assert api("outsider").get(f"{url}/files/{kept['id']}").status_code == 200  # CTD took part
    assert upload(api("assoc_admin"), f"{url}/files", [("x.txt", b"x")]).status_code == 403
    bad_kind = upload(overseer, f"{url}/files", [("x.txt", b"x")], kind="photo")
    assert bad_kind.status_code == 422 and bad_kind.json()["field"] == "kind"

    changed = overseer.patch(url, {"minutes": "Biên bản đã ký.", "associations": ["NCT"], "version": 1})
    assert changed.status_code == 200, changed.content
    assert changed.json()["minutes"] == "Biên bản đã ký." and changed.json()["version"] == 2
    assert overseer.patch(url, {"minutes": "Cũ", "version": 1}).status_code == 409
    assert overseer.patch(url, {"title": " "}).status_code == 422
    assert api("assoc_admin").patch(url, {"minutes": "Sửa"}).status_code == 403
    assert Briefing.objects.get(pk=made["briefing"]).minutes == "Biên bản đã ký."
    # CTD no longer took part, but still sees the briefing that assigned it something.
    assert api("outsider").get(url).status_code == 200
    listed = overseer.get("/briefings", {"association": "NCT"}).json()
    assert [b["id"] for b in listed["items"]] == [made["briefing"]]


def test_creating_is_checked(api, db):  # noqa: F811
    overseer = api("overseer")
    body = {"title": "Giao ban", "held_on": "2026-01-15"}
    assert overseer.post("/briefings", {**body, "associations": ["XYZ"]}).status_code == 404
    bad_date = overseer.post("/briefings", {**body, "held_on": "15/01/2026"})
    assert bad_date.status_code == 422 and "yyyy-mm-dd" in bad_date.json()["message"]
    assert overseer.post("/briefings", {**body, "kind": "party"}).status_code == 422
    assert overseer.post("/briefings", {**body, "period": "2025-H3"}).status_code == 422
    assert api("assoc_admin").post("/briefings", body).status_code == 403
    internal = api("province_officer").post("/briefings", {**body, "unit": "NCT.01", "title": "Giao ban nội bộ"})
    assert internal.status_code == 201 and internal.json()["unit"] == "NCT.01"
    bid = internal.json()["id"]
    officer = api("province_officer")
    outside = officer.post(f"/briefings/{bid}/directives", {"title": "Việc", "assignees": ["NCT.08"]})
    assert outside.status_code == 404  # NCT.08 is not the province's to see
    no_one = officer.post(f"/briefings/{bid}/directives", {"title": "Việc"})
    assert no_one.status_code == 422 and no_one.json()["field"] == "assignees"
    given = officer.post(f"/briefings/{bid}/directives", {"title": "Việc", "assignees": ["NCT.01.00004"]})
    assert given.status_code == 201 and [a["unit"] for a in given.json()["assignments"]] == ["NCT.01.00004"]
    assert api("commune_officer").get(f"/briefings/{bid}").status_code == 200
    assert api("outsider").get(f"/briefings/{bid}").status_code == 404
    assert api("assoc_admin").post(f"/briefings/{bid}/directives", {"title": "x"}).status_code == 422
