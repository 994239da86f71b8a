"""The flat unit list, the unit page (state, periods, lineage both ways, events, children, history, buttons),
contact edit and the code/area lookups."""

import datetime

import pytest
from django.urls import reverse

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.orgs.models import Association, UnitLevel
from quanlyhoi.orgs.services import Basis, NewUnit, merger2025, unit_create, units_merge
from tests.web_units.util import HTMX, assert_csp_clean, html

pytestmark = pytest.mark.django_db
LIST = reverse("orgs:unit_list")


def detail(code: str) -> str:
    return reverse("orgs:unit_detail", args=[code])


# --- list -----------------------------------------------------------------------------------------------------


def test_list_is_scoped_and_searchable_without_diacritics(login_client):
    client = login_client("province_officer")
    response = client.get(LIST)
    assert response.status_code == 200
    assert_csp_clean(response)
    codes = {u.code for u in response.context["units"]}
    assert codes == {"NCT.01", "NCT.01.00004", "NCT.01.00008", "NCT.01.00004.001"}
    found = {u.code for u in client.get(LIST, {"q": "ngoc ha"}).context["units"]}
    assert found == {"NCT.01.00008"}


def test_list_filters_by_association_level_area_subtree_and_activity(login_client, unit):
    client = login_client("overseer")

    def codes(**params):
        return {u.code for u in client.get(LIST, params).context["units"]}

    assert codes(association="ctd") == {"CTD", "CTD.01", "CTD.01.00004"}
    assert codes(level="branch") == {"NCT.01.00004.001"}
    assert codes(area="00004") == {"NCT.01.00004", "CTD.01.00004"}
    assert codes(subtree="NCT.08") == {"NCT.08", "NCT.08.02269"}
    assert codes(q="NCT.01.0000") == {"NCT.01.00004", "NCT.01.00008", "NCT.01.00004.001"}
    merger2025.apply(actor=SystemOperator("test"), association=Association.objects.get(code="NCT"))
    assert "NCT.02" not in codes(association="NCT", active="true")
    assert "NCT.02" in codes(association="NCT", active="false")


def test_list_htmx_gets_the_table_fragment(login_client):
    response = login_client("overseer").get(LIST, {"q": "ba dinh"}, **HTMX)
    text = html(response)
    assert response.status_code == 200 and "<html" not in text and "<table" in text
    assert "HX-Request" in response["Vary"]


def test_list_paginates(login_client, unit):
    level = UnitLevel.objects.get(association__code="NCT", code="group")
    for n in range(51):
        unit_create(
            actor=SystemOperator("test"),
            association=level.association,
            level=level,
            spec=NewUnit(name=f"Tổ hội {n}", parent=unit("NCT.01.00004.001")),
            basis=Basis(effective_date=datetime.date(2025, 10, 1)),
        )
    client = login_client("commune_officer")
    first = client.get(LIST)
    assert first.context["page_obj"].paginator.count == 53
    assert len(first.context["units"]) == 50
    assert "page=2" in html(first)
    assert len(client.get(LIST, {"page": 2}).context["units"]) == 3


# --- detail ---------------------------------------------------------------------------------------------------


def test_detail_shows_state_periods_children_and_history(login_client):
    client = login_client("province_officer")
    response = client.get(detail("NCT.01"))
    assert response.status_code == 200
    assert_csp_clean(response)
    text = html(response)
    assert "Hội Người cao tuổi tỉnh Hà Nội" in text
    assert "01/01/2020" in text  # valid from, dd/mm/yyyy
    assert "NCT.01.00004" in text and "NCT.01.00008" in text  # children as of today
    assert "restructure.create" in text  # its history, for someone who can see the unit


def test_detail_shows_lineage_both_ways_after_a_merge(login_client, unit):
    units_merge(
        actor=SystemOperator("test"),
        sources=[unit("NCT.02")],
        target=unit("NCT.08"),
        basis=Basis(effective_date=datetime.date(2025, 7, 1), decision_number="05/HD-MTTW-BTT"),
    )
    client = login_client("assoc_admin")
    target = client.get(detail("NCT.08"))
    assert [e["unit"].code for e in target.context["lineage"]["predecessors"]] == ["NCT.02"]
    assert "05/HD-MTTW-BTT" in html(target) and "01/07/2025" in html(target)
    source = client.get(detail("NCT.02"))
    assert [e["unit"].code for e in source.context["lineage"]["successors"]] == ["NCT.08"]
    assert "ended 01/07/2025" in html(source)
    assert not source.context["can_restructure_unit"]  # an ended unit is not restructured again


def test_detail_hides_out_of_scope_lineage(login_client, unit):
    units_merge(
        actor=SystemOperator("test"),
        sources=[unit("NCT.01.00008")],
        target=unit("NCT.01.00004"),
        basis=Basis(effective_date=datetime.date(2025, 10, 1)),
    )
    province = login_client("province_officer").get(detail("NCT.01.00004"))
    assert [e["unit"].code for e in province.context["lineage"]["predecessors"]] == ["NCT.01.00008"]
    # NCT.01.00008 lies outside the commune officer's subtree: no link to a page that would answer 404.
    commune = login_client("commune_officer").get(detail("NCT.01.00004"))
    assert commune.context["lineage"]["predecessors"] == []
    assert detail("NCT.01.00008") not in html(commune)


def test_detail_is_not_found_out_of_scope(login_client):
    assert login_client("outsider").get(detail("NCT.01")).status_code == 404
    assert login_client("commune_officer").get(detail("NCT.01")).status_code == 404
    assert login_client("assoc_admin").get(detail("KHONGCO")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "code", "edit", "restructure", "add"),
    [
        ("assoc_admin", "NCT.01", True, True, True),
        ("province_officer", "NCT.01", True, False, True),  # its own scope root: add under it, not restructure it
        ("province_officer", "NCT.01.00004", True, True, True),
        ("commune_officer", "NCT.01.00004", True, False, True),
        ("inspector", "NCT.01", False, False, False),
        ("overseer", "NCT.01", False, False, False),
    ],
)
def test_detail_offers_only_permitted_actions(login_client, persona, code, edit, restructure, add):
    response = login_client(persona).get(detail(code))
    text = html(response)
    assert (reverse("orgs:unit_edit", args=[code]) in text) is edit
    assert (reverse("orgs:unit_rename", args=[code]) in text) is restructure
    assert (reverse("orgs:unit_create") + f"?parent={code}" in text) is add


# --- edit -----------------------------------------------------------------------------------------------------


def test_commune_officer_edits_contact_data_with_audit(login_client, unit):
    client = login_client("commune_officer")
    url = reverse("orgs:unit_edit", args=["NCT.01.00004"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"address": "Số 1 Điện Biên Phủ", "phone": "024 3823 0000", "email": "", "note": ""})
    assert response.status_code == 302 and response["Location"] == detail("NCT.01.00004")
    assert unit("NCT.01.00004").address == "Số 1 Điện Biên Phủ"
    record = AuditRecord.objects.filter(object_type="orgs.unit", action="update").latest("id")
    assert record.source == "web" and record.actor_name == "commune_officer"
    assert "Số 1 Điện Biên Phủ" in html(client.get(detail("NCT.01.00004")))


def test_edit_rejects_a_bad_email(login_client):
    client = login_client("assoc_admin")
    response = client.post(reverse("orgs:unit_edit", args=["NCT.01"]), {"email": "not-an-email"})
    assert response.status_code == 200 and response.context["form"].errors["email"]


def test_edit_is_forbidden_to_readers_and_unknown_to_outsiders(login_client):
    url = reverse("orgs:unit_edit", args=["NCT.01"])
    assert login_client("inspector").get(url).status_code == 403
    assert login_client("inspector").post(url, {"address": "x"}).status_code == 403
    assert login_client("outsider").get(url).status_code == 404


# --- lookups --------------------------------------------------------------------------------------------------


def test_unit_lookup_offers_candidate_parents_in_scope(login_client, unit):
    client = login_client("province_officer")
    url = reverse("orgs:unit_lookup")
    text = html(
        client.get(url, {"new_parent": "nct", "association": "NCT", "rank_below": unit("NCT.01.00004").level.rank})
    )
    assert 'value="NCT.01"' in text and "NCT.01.00004" not in text
    assert "NCT.02" not in html(client.get(url, {"q": "NCT.0"}))  # out of scope
    assert html(client.get(url, {"q": ""})).strip() == ""


def test_area_lookup_by_name_or_code(login_client):
    client = login_client("assoc_admin")
    url = reverse("orgs:area_lookup")
    by_name = html(client.get(url, {"area": "ba dinh", "level": "commune"}))
    assert 'value="00004"' in by_name
    by_code = html(client.get(url, {"area": "0000", "level": "commune"}))
    assert 'value="00004"' in by_code and 'value="00008"' in by_code
    assert 'value="01"' in html(client.get(url, {"area": "ha noi", "level": "province"}))
