"""Association list, record and edit forms: scoped reads, field-level edit rights, service errors on forms."""

import pytest
from django.urls import reverse

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Association, UnitLevel
from tests.web.pages import assert_fragment, form_errors, htmx_get

pytestmark = pytest.mark.django_db
LIST = "/registry/associations/"


def _codes(response) -> list[str]:
    return [a.code for a in response.context["page_obj"]]


@pytest.mark.parametrize(
    ("persona", "codes"),
    [("outsider", ["CTD"]), ("commune_officer", ["NCT"]), ("inspector", ["NCT"]), ("assoc_admin", ["NCT"])],
)
def test_list_shows_only_associations_in_scope(login_client, persona, codes):
    assert _codes(login_client(persona).get(LIST)) == codes


def test_overseer_sees_every_association(login_client):
    assert len(_codes(login_client("overseer").get(LIST))) == Association.objects.count()


def test_unit_counts_are_current_visible_units(login_client):
    (nct,) = login_client("commune_officer").get(LIST).context["page_obj"]
    assert nct.unit_count == 2  # the commune chapter and its branch
    rows = {a.code: a.unit_count for a in login_client("sysadmin").get(LIST, {"q": "NCT"}).context["page_obj"]}
    assert rows == {"NCT": 9}


def test_filter_without_diacritics_and_htmx(login_client):
    client = login_client("sysadmin")
    assert _codes(client.get(LIST, {"q": "nguoi cao tuoi"})) == ["NCT"]
    assert "KTS" in _codes(client.get(LIST, {"is_confirmed": "false"}))
    assert "NCT" not in _codes(client.get(LIST, {"has_party_delegation": "false"}))
    assert_fragment(htmx_get(client, LIST, {"q": "chu thap"}))


def test_detail_shows_record_levels_counts_and_central_unit(login_client):
    response = login_client("sysadmin").get(reverse("orgs:association_detail", args=["NCT"]))
    html = response.content.decode()
    assert response.context["central"].code == "NCT"
    assert reverse("orgs:unit_detail", kwargs={"code": "NCT"}) in html
    assert [lvl.code for lvl in response.context["levels"]] == ["central", "province", "commune", "branch", "group"]
    counts = {row["level__rank"]: row["n"] for row in response.context["units_by_level"]}
    assert counts == {1: 1, 2: 4, 3: 3, 4: 1}


def test_commune_officer_sees_its_association_but_not_the_central_unit(login_client):
    response = login_client("commune_officer").get(reverse("orgs:association_detail", args=["nct"]))
    assert response.status_code == 200
    assert response.context["central"] is None and not response.context["can_edit"]
    assert {row["level__rank"]: row["n"] for row in response.context["units_by_level"]} == {3: 1, 4: 1}


def test_association_admin_edits_contact_data_only(login_client):
    url = reverse("orgs:association_edit", args=["NCT"])
    form = login_client("assoc_admin").get(url).context["form"]
    assert list(form.fields) == ["address", "phone", "email", "website", "note"]
    response = login_client("assoc_admin").post(
        url, {"address": "12 Lê Hồng Phong", "phone": "024 1234 5678", "email": "", "website": "", "note": ""}
    )
    assert response.status_code == 302
    nct = Association.objects.get(code="NCT")
    assert nct.phone == "024 1234 5678"
    record = AuditRecord.objects.get(action="update", object_type="orgs.association", object_id=str(nct.pk))
    assert record.changes["phone"] == ["", "024 1234 5678"]
    detail = login_client("assoc_admin").get(reverse("orgs:association_detail", args=["NCT"]))
    assert record in list(detail.context["history"])
    assert "024 1234 5678" in detail.content.decode()


def test_name_posted_by_association_admin_is_ignored(login_client):
    url = reverse("orgs:association_edit", args=["NCT"])
    login_client("assoc_admin").post(url, {"name": "Hội khác", "phone": "1"})
    assert Association.objects.get(code="NCT").name == "Hội Người cao tuổi Việt Nam"


def test_system_admin_edits_everything_but_the_code(login_client):
    url = reverse("orgs:association_edit", args=["NCT"])
    form = login_client("sysadmin").get(url).context["form"]
    assert "name" in form.fields and "code" not in form.fields
    assert form["valid_from"].value() is not None
    assert "/" in form["valid_from"].as_widget()  # dd/mm/yyyy


def test_service_error_is_shown_on_the_form(login_client):
    url = reverse("orgs:association_edit", args=["NCT"])
    data = {k: v for k, v in login_client("sysadmin").get(url).context["form"].initial.items() if v is not None}
    data.update(valid_from="01/01/2024", valid_to="01/01/2023")
    response = login_client("sysadmin").post(
        url, {k: ("on" if v is True else v) for k, v in data.items() if v is not False}
    )
    assert response.status_code == 200
    assert "Ngày kết thúc phải sau ngày bắt đầu" in str(response.context["form"].errors["valid_to"])


def test_system_admin_creates_an_association_with_default_levels(login_client):
    data = {
        "code": "thu",
        "name": "Hội Thử nghiệm Việt Nam",
        "short_name": "Hội Thử",
        "is_confirmed": "on",
        "sort_order": "99",
        "valid_from": "01/01/2026",
    }
    response = login_client("sysadmin").post(reverse("orgs:association_create"), data)
    assert response.status_code == 302 and response["Location"] == reverse("orgs:association_detail", args=["THU"])
    assert UnitLevel.objects.filter(association__code="THU").count() == 5
    response = login_client("sysadmin").post(reverse("orgs:association_create"), {**data, "code": "NCT"})
    assert "Mã hội NCT đã được dùng" in form_errors(response)


def test_others_cannot_create_or_edit(login_client):
    assert login_client("assoc_admin").post(reverse("orgs:association_create"), {"code": "X"}).status_code == 403
    assert login_client("inspector").post(reverse("orgs:association_edit", args=["NCT"]), {}).status_code == 403
    assert login_client("outsider").post(reverse("orgs:association_edit", args=["NCT"]), {}).status_code == 404
    assert login_client("outsider").get(reverse("orgs:association_detail", args=["NOPE"])).status_code == 404
