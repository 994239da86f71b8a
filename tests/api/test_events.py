"""Restructuring through POST /events: every kind, previews that write nothing, refusals as JSON 409/4xx."""

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Lineage, RestructuringEvent, Unit
from tests.api.util import counts

pytestmark = pytest.mark.django_db

OCT = "2025-10-01"

# One valid payload per kind (applied by the association administrator of NCT).
VALID = {
    "create": {"kind": "create", "parent": "NCT.01", "name": "Hội NCT phường Giảng Võ", "area": "00025"},
    "rename": {"kind": "rename", "unit": "NCT.01.00008", "name": "Hội NCT phường Ngọc Hà (mới)"},
    "move": {"kind": "move", "unit": "NCT.01.00004.001", "new_parent": "NCT.01.00008"},
    "merge": {"kind": "merge", "sources": ["NCT.01.00008"], "target": "NCT.01.00004"},
    "split": {
        "kind": "split",
        "source": "NCT.01.00004",
        "parts": [
            {"name": "Hội NCT phường Ba Đình", "area": "00004"},
            {"name": "Hội NCT phường Giảng Võ", "area": {"code": "00025", "generation": "2025"}},
        ],
        "children": {"NCT.01.00004.001": 1},
    },
    "dissolve": {"kind": "dissolve", "unit": "NCT.01.00004.001"},
}


def event(kind: str, **changes) -> dict:
    return {**VALID[kind], "effective_date": OCT, "decision_number": "15/QĐ-NCT", **changes}


@pytest.mark.parametrize("kind", list(VALID))
def test_every_kind_is_applied_with_201_and_audited_as_api(api, kind):
    client = api("assoc_admin")
    response = client.post("/events", event(kind, note="Theo đề nghị của cấp tỉnh"))
    assert response.status_code == 201, response.content
    outcome = response.json()
    assert outcome["kind"] == kind
    assert outcome["preview"] is False
    assert outcome["lines"]
    assert outcome["summary"]
    stored = RestructuringEvent.objects.get(pk=outcome["event_id"])
    assert stored.kind == kind
    assert stored.decision_number == "15/QĐ-NCT"
    assert stored.effective_date.isoformat() == OCT
    detail = client.get(f"/events/{stored.pk}").json()
    assert detail["created_by"] == "assoc_admin"
    assert {u["code"] for u in detail["units"]} == set(outcome["unit_codes"])
    records = AuditRecord.objects.filter(action=f"restructure.{kind}", request_id=response["X-Request-ID"])
    assert records.count() == 1 + len(outcome["unit_codes"])
    assert {r.source for r in records} == {"api"}
    assert {r.actor_name for r in records} == {"assoc_admin"}


@pytest.mark.parametrize("kind", list(VALID))
def test_preview_of_every_kind_writes_nothing(api, kind):
    client = api("assoc_admin")
    before = counts()
    response = client.post("/events", event(kind, preview=True))
    assert response.status_code == 200, response.content
    outcome = response.json()
    assert outcome["preview"] is True
    assert outcome["event_id"] is None
    assert outcome["lines"]
    assert counts() == before


def test_create_details(api):
    client = api("assoc_admin")
    created = client.post("/events", event("create")).json()
    assert created["unit_codes"] == ["NCT.01.00025"]
    unit = client.get("/units/NCT.01.00025").json()
    assert unit["level"] == "commune"  # the level just below the parent's by default
    assert unit["area"]["code"] == "00025"
    assert unit["valid_from"] == OCT
    branch = api("commune_officer").post(
        "/events", {"kind": "create", "parent": "NCT.01.00004", "name": "Chi hội số 2", "effective_date": OCT}
    )
    assert branch.status_code == 201, branch.content
    assert branch.json()["unit_codes"] == ["NCT.01.00004.002"]
    explicit = client.post(
        "/events",
        event("create", name="Hội NCT phường Hoàn Kiếm", area={"code": "00070", "level": "commune"}, level="commune"),
    )
    assert explicit.status_code == 201, explicit.content


def test_rename_with_a_new_area(api):
    client = api("assoc_admin")
    response = client.post(
        "/events",
        {
            "kind": "rename",
            "unit": "NCT.04",
            "name": "Hội Người cao tuổi tỉnh Cao Bằng",
            "area": {"code": "04", "generation": "2025"},
            "effective_date": "2025-07-01",
        },
    )
    assert response.status_code == 201, response.content
    detail = client.get("/units/NCT.04").json()
    assert [(p["valid_from"], p["area"]["generation"]) for p in detail["periods"]] == [
        ("2020-01-01", "legacy"),
        ("2025-07-01", "2025"),
    ]
    # Only the area: the name is kept when it is not sent.
    area_only = client.post(
        "/events", {"kind": "rename", "unit": "NCT.01", "area": "01", "effective_date": "2025-07-01"}
    )
    assert area_only.status_code == 201, area_only.content
    assert client.get("/units/NCT.01").json()["name"] == "Hội Người cao tuổi tỉnh Hà Nội"


def test_move_changes_the_tree_from_the_date_on(api):
    client = api("assoc_admin")
    assert client.post("/events", event("move")).status_code == 201
    assert client.get("/units/NCT.01.00004.001").json()["parent"] == "NCT.01.00008"
    before = client.get("/units/NCT.01/tree", {"as_of": "2025-09-15"}).json()["tree"][0]
    assert [c["code"] for c in before["children"][0]["children"]] == ["NCT.01.00004.001"]
    after = client.get("/units/NCT.01/tree", {"as_of": OCT}).json()["tree"][0]
    assert after["children"][0]["children"] == []
    assert [c["code"] for c in after["children"][1]["children"]] == ["NCT.01.00004.001"]


def test_merge_links_lineage(api):
    client = api("assoc_admin")
    response = client.post("/events", event("merge", target_name="Hội NCT phường Ba Đình - Ngọc Hà"))
    assert response.status_code == 201, response.content
    target = client.get("/units/NCT.01.00004").json()
    assert target["name"] == "Hội NCT phường Ba Đình - Ngọc Hà"
    assert [p["code"] for p in target["predecessors"]] == ["NCT.01.00008"]
    source = client.get("/units/NCT.01.00008").json()
    assert source["valid_to"] == OCT
    assert [s["code"] for s in source["successors"]] == ["NCT.01.00004"]
    assert source["successors"][0]["kind"] == "merge"


def test_merge_into_a_new_unit(api):
    response = api("sysadmin").post(
        "/events",
        {
            "kind": "merge",
            "sources": ["NCT.02", "NCT.08"],
            "new_target": {"name": "Hội Người cao tuổi tỉnh Tuyên Quang (mới)", "area": "08", "code": "NCT.TQ"},
            "effective_date": OCT,
        },
    )
    assert response.status_code == 201, response.content
    assert "NCT.TQ" in response.json()["unit_codes"]
    assert Unit.objects.get(code="NCT.08.02269").parent.code == "NCT.TQ"
    assert Lineage.objects.filter(successor__code="NCT.TQ").count() == 2


def test_split_assigns_children(api):
    response = api("assoc_admin").post("/events", event("split"))
    assert response.status_code == 201, response.content
    new_codes = [c for c in response.json()["unit_codes"] if c != "NCT.01.00004"]
    assert len(new_codes) == 2
    assert Unit.objects.get(code="NCT.01.00004.001").parent.code == new_codes[1]
    assert Unit.objects.get(code="NCT.01.00004").valid_to.isoformat() == OCT


def test_dissolve(api):
    client = api("assoc_admin")
    assert client.post("/events", event("dissolve")).status_code == 201
    assert client.get("/units/NCT.01.00004.001").json()["valid_to"] == OCT
    assert client.get("/units/NCT.01.00004").json()["children"] == []


@pytest.mark.parametrize(
    ("payload", "code"),
    [
        # A unit cannot be moved under itself or its own subtree.
        ({"kind": "move", "unit": "NCT.01", "new_parent": "NCT.01.00004"}, "cycle"),
        # A commune chapter cannot sit under another commune chapter.
        ({"kind": "move", "unit": "NCT.01.00008", "new_parent": "NCT.01.00004"}, "level_order"),
        # Different levels cannot merge.
        ({"kind": "merge", "sources": ["NCT.01.00008"], "target": "NCT.08"}, "different_level"),
        # Before the unit exists.
        (
            {"kind": "rename", "unit": "NCT.01.00004", "name": "Tên mới", "effective_date": "2025-07-15"},
            "before_unit_exists",
        ),
        ({"kind": "dissolve", "unit": "NCT.01.00004.001", "effective_date": "2025-08-15"}, "before_unit_exists"),
        # The parent did not exist yet on that date.
        (
            {"kind": "create", "parent": "NCT.01.00004", "name": "Chi hội", "effective_date": "2025-07-01"},
            "parent_not_valid",
        ),
        # Still has children.
        ({"kind": "dissolve", "unit": "NCT.01.00004"}, "has_children"),
        # The association already has its top unit.
        ({"kind": "create", "association": "NCT", "name": "Trung ương thứ hai"}, "root_exists"),
    ],
)
def test_refusals_are_json_409_with_a_vietnamese_message(api, payload, code):
    client = api("assoc_admin")
    before = counts()
    response = client.post("/events", {"effective_date": OCT, **payload})
    assert response.status_code == 409, response.content
    body = response.json()
    assert body["code"] == code
    assert body["message"]
    assert not body["message"].isascii()  # Vietnamese, with diacritics
    assert counts() == before


def test_overlapping_events_are_refused(api):
    client = api("assoc_admin")
    first = client.post("/events", event("rename"))
    assert first.status_code == 201
    for day in (OCT, "2025-09-15"):
        again = client.post("/events", event("rename", name="Tên khác", effective_date=day))
        assert again.status_code == 409
        assert again.json()["code"] == "overlapping_event"
    # The same with a preview: refused too, and nothing written.
    preview = client.post("/events", event("rename", name="Tên khác", effective_date="2025-09-15", preview=True))
    assert preview.status_code == 409


@pytest.mark.parametrize(
    ("payload", "status", "code"),
    [
        ({"kind": "rename", "unit": "NCT.01.00008", "name": "Hội NCT phường Ngọc Hà"}, 400, "no_change"),
        ({"kind": "create", "parent": "NCT.01", "name": "X", "area": "08"}, 400, "area_level_mismatch"),
        ({"kind": "create", "parent": "NCT.01", "name": "X", "area": "99999"}, 422, "unknown_area"),
        ({"kind": "create", "parent": "NCT.01", "name": "X", "level": "galaxy"}, 422, "unknown_level"),
        ({"kind": "create", "name": "X"}, 422, "association_required"),
        (
            {"kind": "split", "source": "NCT.01.00004", "parts": [{"name": "A"}, {"name": "B"}]},
            400,
            "split_children_unmapped",
        ),
        ({"kind": "merge", "sources": ["NCT.01.00008"]}, 400, "merge_target"),
    ],
)
def test_bad_input_is_refused_with_the_service_code(api, payload, status, code):
    response = api("assoc_admin").post("/events", {"effective_date": OCT, **payload})
    assert response.status_code == status, response.content
    assert response.json()["code"] == code


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "teleport", "unit": "NCT.01", "effective_date": OCT},
        {"kind": "dissolve", "unit": "NCT.01.00004.001"},
        {"kind": "dissolve", "unit": "NCT.01.00004.001", "effective_date": "01/10/2025"},
        {"kind": "dissolve", "unit": "NCT.01.00004.001", "effective_date": OCT, "surprise": 1},
        {"kind": "merge", "sources": [], "target": "NCT.01.00004", "effective_date": OCT},
    ],
)
def test_malformed_bodies_are_422_with_a_message(api, payload):
    response = api("assoc_admin").post("/events", payload)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "validation_error"
    assert body["message"].startswith("Dữ liệu gửi lên không hợp lệ")
    assert isinstance(body["detail"], list)


@pytest.mark.parametrize(
    ("persona", "kind", "status"),
    [
        ("inspector", "rename", 403),
        ("inspector", "create", 403),
        ("overseer", "dissolve", 403),
        ("outsider", "rename", 404),
        ("outsider", "merge", 404),
        ("commune_officer", "move", 404),  # the new parent NCT.01.00008 is outside its scope
        ("province_officer", "split", 201),
    ],
)
def test_restructuring_rights_per_persona(api, persona, kind, status):
    client = api(persona)
    before = counts()
    response = client.post("/events", event(kind))
    assert response.status_code == status, response.content
    if status != 201:
        assert counts() == before


def test_unit_officer_cannot_restructure_its_own_scope_root(api):
    response = api("province_officer").post(
        "/events", {"kind": "rename", "unit": "NCT.01", "name": "Tên mới", "effective_date": OCT}
    )
    assert response.status_code == 403
    assert "NCT.01" in response.json()["message"]


def test_event_list_is_scoped_and_filtered(api):
    sysadmin = api("sysadmin")
    assert sysadmin.get("/events").json()["count"] == RestructuringEvent.objects.count()
    province = api("province_officer").get("/events", {"limit": 100}).json()
    touched = {u["code"] for e in province["items"] for u in e["units"]}
    assert touched == {"NCT.01.00004", "NCT.01.00008", "NCT.01.00004.001"}
    outsider = api("outsider").get("/events", {"limit": 100}).json()
    assert {e["association"] for e in outsider["items"]} == {"CTD"}
    api("assoc_admin").post("/events", event("dissolve"))
    dissolved = sysadmin.get("/events", {"kind": "dissolve"}).json()
    assert [e["units"] for e in dissolved["items"]] == [[{"code": "NCT.01.00004.001", "role": "dissolved"}]]
    by_unit = sysadmin.get("/events", {"unit": "nct.01.00004.001"}).json()
    assert [e["kind"] for e in by_unit["items"]] == ["dissolve", "create"]
    in_2020 = sysadmin.get("/events", {"effective_from": "2020-01-01", "effective_to": "2020-12-31"}).json()
    assert all(e["effective_date"].startswith("2020") for e in in_2020["items"])
    assert sysadmin.get("/events", {"kind": "explode"}).status_code == 422


def test_event_detail_out_of_scope_is_404(api):
    nct_event = RestructuringEvent.objects.filter(association__code="NCT").first()
    hidden = api("outsider").get(f"/events/{nct_event.pk}")
    missing = api("outsider").get("/events/999999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == missing.json()
