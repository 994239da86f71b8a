"""Units: scoped lists with the shared filters, as-of-date lists, detail, tree, contact edits and history."""

import pytest

from quanlyhoi.orgs.models import Unit
from tests import world
from tests.api.util import codes

pytestmark = pytest.mark.django_db

NCT = world.NCT_UNITS
CTD = world.CTD_UNITS


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("sysadmin", NCT + CTD),
        ("overseer", NCT + CTD),
        ("assoc_admin", NCT),
        ("inspector", NCT),
        ("province_officer", ["NCT.01", "NCT.01.00004", "NCT.01.00004.001", "NCT.01.00008"]),
        ("commune_officer", ["NCT.01.00004", "NCT.01.00004.001"]),
        ("outsider", CTD),
    ],
)
def test_unit_list_is_scoped(api, persona, expected):
    response = api(persona).get("/units", {"limit": 100})
    assert response.status_code == 200
    assert sorted(codes(response)) == sorted(expected)
    assert response.json()["count"] == len(expected)


def test_unit_list_shape_and_paging(api):
    client = api("assoc_admin")
    first = client.get("/units", {"limit": 2}).json()
    assert first["count"] == len(NCT)
    assert [u["code"] for u in first["items"]] == ["NCT", "NCT.01"]  # tree (path) order
    nct01 = first["items"][1]
    assert nct01["association"] == "NCT"
    assert nct01["level"] == "province"
    assert nct01["parent"] == "NCT"
    assert nct01["area"] == {"generation": "legacy", "level": "province", "code": "01", "name": nct01["area"]["name"]}
    assert nct01["valid_from"] == "2020-01-01"
    assert nct01["valid_to"] is None
    rest = client.get("/units", {"limit": 100, "offset": 2}).json()
    assert len(rest["items"]) == len(NCT) - 2


def test_unit_filters(api):
    client = api("sysadmin")
    assert codes(client.get("/units", {"association": "ctd"})) == CTD
    assert codes(client.get("/units", {"level": "commune", "association": "NCT"})) == [
        "NCT.01.00004",
        "NCT.01.00008",
        "NCT.08.02269",
    ]
    assert codes(client.get("/units", {"q": "ba dinh"})) == ["NCT.01.00004", "NCT.01.00004.001", "CTD.01.00004"]
    assert codes(client.get("/units", {"area": "00004"})) == ["NCT.01.00004", "CTD.01.00004"]
    assert codes(client.get("/units", {"subtree": "NCT.01.00004"})) == ["NCT.01.00004", "NCT.01.00004.001"]
    assert codes(client.get("/units", {"active": "false"})) == []
    # The subtree filter never widens the scope.
    commune = api("commune_officer").get("/units", {"subtree": "NCT.01"})
    assert codes(commune) == ["NCT.01.00004", "NCT.01.00004.001"]
    assert client.get("/units", {"active": "perhaps"}).status_code == 422


def test_unit_list_as_of_a_date(api):
    client = api("assoc_admin")
    july = client.get("/units", {"as_of": "2025-07-15"}).json()
    assert [u["code"] for u in july["items"]] == ["NCT", "NCT.01", "NCT.02", "NCT.04", "NCT.08"]
    assert july["items"][1]["period_from"] == "2020-01-01"
    before = client.get("/units", {"as_of": "2019-12-31"}).json()
    assert before["count"] == 0
    renamed = client.post(
        "/events",
        {
            "kind": "rename",
            "unit": "NCT.01.00008",
            "name": "Hội NCT phường Ngọc Hà mới",
            "effective_date": "2025-10-01",
        },
    )
    assert renamed.status_code == 201, renamed.content
    sept = client.get("/units", {"as_of": "2025-09-15", "level": "commune"}).json()
    old = next(u for u in sept["items"] if u["code"] == "NCT.01.00008")
    assert old["name"] == "Hội NCT phường Ngọc Hà"
    assert old["period_to"] == "2025-10-01"
    now = client.get("/units", {"as_of": "2025-10-01", "q": "moi"}).json()
    assert [u["name"] for u in now["items"]] == ["Hội NCT phường Ngọc Hà mới"]
    sub = client.get("/units", {"as_of": "2025-09-15", "subtree": "NCT.01"}).json()
    assert [u["code"] for u in sub["items"]] == ["NCT.01", "NCT.01.00004", "NCT.01.00004.001", "NCT.01.00008"]
    area = client.get("/units", {"as_of": "2025-09-15", "area": "01"}).json()
    assert [u["code"] for u in area["items"]] == ["NCT.01"]
    scoped = api("commune_officer").get("/units", {"as_of": "2025-09-15"}).json()
    assert [u["code"] for u in scoped["items"]] == ["NCT.01.00004", "NCT.01.00004.001"]


def test_unit_detail(api):
    body = api("province_officer").get("/units/nct.01.00004").json()
    assert body["code"] == "NCT.01.00004"
    assert body["parent"] == "NCT.01"
    assert body["level"] == "commune"
    assert body["area"]["code"] == "00004"
    assert body["children"] == ["NCT.01.00004.001"]
    assert [(p["valid_from"], p["valid_to"]) for p in body["periods"]] == [("2025-08-01", None)]
    assert body["predecessors"] == body["successors"] == []


@pytest.mark.parametrize(
    ("persona", "code"),
    [
        ("outsider", "NCT.01"),
        ("province_officer", "NCT.08"),
        ("province_officer", "NCT"),
        ("commune_officer", "NCT.01"),
        ("assoc_admin", "CTD.01"),
    ],
)
def test_out_of_scope_unit_is_the_same_404_as_a_missing_one(api, persona, code):
    client = api(persona)
    hidden = client.get(f"/units/{code}")
    missing = client.get("/units/NCT.99")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json() == {"code": "not_found", "message": f"Không tìm thấy đơn vị {code}."}
    assert missing.json() == {"code": "not_found", "message": "Không tìm thấy đơn vị NCT.99."}
    for path in ("/tree", "/history"):
        assert client.get(f"/units/{code}{path}").status_code == 404
    assert client.patch(f"/units/{code}", {"phone": "1"}).status_code == 404


def test_unit_tree(api):
    client = api("assoc_admin")
    body = client.get("/units/NCT/tree", {"as_of": "2025-10-01"}).json()
    assert body["as_of"] == "2025-10-01"
    (root,) = body["tree"]
    assert root["code"] == "NCT"
    assert [c["code"] for c in root["children"]] == ["NCT.01", "NCT.02", "NCT.04", "NCT.08"]
    nct01 = root["children"][0]
    assert [c["code"] for c in nct01["children"]] == ["NCT.01.00004", "NCT.01.00008"]
    assert nct01["children"][0]["children"][0]["code"] == "NCT.01.00004.001"
    shallow = client.get("/units/NCT/tree", {"as_of": "2025-10-01", "depth": 1}).json()
    assert all(c["children"] == [] for c in shallow["tree"][0]["children"])
    july = client.get("/units/NCT.01/tree", {"as_of": "2025-07-15"}).json()
    assert july["tree"][0]["children"] == []
    assert client.get("/units/NCT.01.00004/tree", {"as_of": "2025-01-01"}).json()["tree"] == []
    today = client.get("/units/NCT.08/tree").json()
    assert [c["code"] for c in today["tree"][0]["children"]] == ["NCT.08.02269"]
    assert client.get("/units/NCT/tree", {"depth": -1}).status_code == 422


def test_tree_shows_only_the_scope(api):
    body = api("province_officer").get("/units/NCT.01/tree").json()
    assert [c["code"] for c in body["tree"][0]["children"]] == ["NCT.01.00004", "NCT.01.00008"]


def test_contact_edit_through_the_service(api):
    response = api("commune_officer").patch(
        "/units/NCT.01.00004", {"address": " 1 Phố Điện Biên Phủ ", "email": "badinh@example.vn"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["address"] == "1 Phố Điện Biên Phủ"
    assert body["email"] == "badinh@example.vn"
    assert Unit.objects.get(code="NCT.01.00004").email == "badinh@example.vn"
    history = api("inspector").get("/units/NCT.01.00004/history").json()
    latest = history["items"][0]
    assert latest["action"] == "update"
    assert latest["source"] == "api"
    assert latest["actor"] == "commune_officer"
    assert latest["changes"]["email"] == ["", "badinh@example.vn"]


def test_contact_edit_refusals(api):
    assert api("inspector").patch("/units/NCT.01", {"phone": "1"}).status_code == 403
    renamed = api("assoc_admin").patch("/units/NCT.01", {"name": "Tên mới"})
    assert renamed.status_code == 400
    assert renamed.json()["code"] == "not_editable"
    assert "sắp xếp" in renamed.json()["message"]
    bad = api("assoc_admin").patch("/units/NCT.01", {"email": "khong-phai-email"})
    assert bad.status_code == 400
    assert bad.json()["field"] == "email"
    assert Unit.objects.get(code="NCT.01").name == "Hội Người cao tuổi tỉnh Hà Nội"


def test_history_lists_the_units_audit_records(api):
    body = api("province_officer").get("/units/NCT.01.00004/history").json()
    assert body["count"] >= 1
    assert {r["object_type"] for r in body["items"]} == {"orgs.unit"}
    assert any(r["action"] == "restructure.create" for r in body["items"])
