"""Each restructuring form: preview writes nothing, apply writes the event, services' refusals are shown on the
form in Vietnamese, and who may open which form."""

import pytest
from django.urls import reverse

from quanlyhoi.orgs.models import EventUnit, Lineage, RestructuringEvent, Unit
from tests.web_units.util import BASIS, assert_csp_clean, counts, errors, html, op_url, preview, preview_and_apply

pytestmark = pytest.mark.django_db


# --- rename ---------------------------------------------------------------------------------------------------


def test_rename_preview_writes_nothing_and_shows_what_will_happen(login_client, unit):
    client = login_client("province_officer")
    url = op_url("unit_rename", "NCT.01.00004")
    assert client.get(url).status_code == 200
    before = counts()
    response = preview(client, url, {**BASIS, "name": "Hội NCT phường Ba Đình mới"})
    assert response.status_code == 200
    assert_csp_clean(response)
    assert counts() == before
    assert unit("NCT.01.00004").name == "Hội NCT phường Ba Đình"
    lines = response.context["outcome"].lines
    assert any("Hội NCT phường Ba Đình mới" in line for line in lines)
    text = html(response)
    assert 'value="apply"' in text and 'name="previewed"' in text and "data-confirm" in text


def test_rename_apply_writes_the_event_and_goes_to_it(login_client, unit):
    client = login_client("province_officer")
    before = RestructuringEvent.objects.count()
    response = preview_and_apply(
        client, op_url("unit_rename", "NCT.01.00004"), {**BASIS, "name": "Hội NCT phường Ba Đình mới", "area": "00004"}
    )
    assert response.status_code == 302
    event = RestructuringEvent.objects.latest("id")
    assert RestructuringEvent.objects.count() == before + 1
    assert response["Location"] == reverse("orgs:event_detail", args=[event.pk])
    assert event.kind == "rename" and event.decision_number == "12/QĐ-NCT"
    assert event.decision_date.isoformat() == "2025-09-20" and event.effective_date.isoformat() == "2025-10-01"
    assert unit("NCT.01.00004").name == "Hội NCT phường Ba Đình mới"
    page = client.get(response["Location"])
    assert page.status_code == 200 and "NCT.01.00004" in html(page)


def test_apply_of_data_that_was_not_previewed_is_only_a_preview(login_client):
    client = login_client("province_officer")
    url = op_url("unit_rename", "NCT.01.00004")
    data = {**BASIS, "name": "Tên đã xem trước"}
    first = preview(client, url, data)
    before = counts()
    changed = client.post(
        url, {**data, "name": "Tên khác", "action": "apply", "previewed": first.context["fingerprint"]}
    )
    assert changed.status_code == 200 and changed.context["outcome"].preview
    blind = client.post(url, {**data, "action": "apply"})
    assert blind.status_code == 200
    assert counts() == before


def test_rename_before_the_unit_exists_is_refused_in_vietnamese(login_client):
    response = preview(
        login_client("province_officer"),
        op_url("unit_rename", "NCT.01.00004"),
        {**BASIS, "effective_date": "01/01/2024", "name": "Tên mới"},
    )
    assert "trước ngày đơn vị NCT.01.00004 được thành lập" in errors(response)
    assert response.context["outcome"] is None


def test_overlapping_event_is_refused(login_client):
    client = login_client("assoc_admin")
    url = op_url("unit_rename", "NCT.01")
    assert preview_and_apply(client, url, {**BASIS, "name": "Hội NCT Hà Nội", "area": "01"}).status_code == 302
    response = preview(client, url, {**BASIS, "effective_date": "15/09/2025", "name": "Hội NCT Thủ đô"})
    assert "sự kiện mới phải có ngày hiệu lực sau ngày đó" in errors(response)


def test_bad_date_and_unknown_area_are_form_errors(login_client):
    response = preview(
        login_client("assoc_admin"),
        op_url("unit_rename", "NCT.01"),
        {**BASIS, "effective_date": "32/13/2025", "name": "X", "area": "không có nơi này"},
    )
    assert "32/13/2025" in errors(response)
    assert "không có nơi này" in errors(response)


def test_area_accepts_a_name_without_diacritics(login_client, unit):
    client = login_client("assoc_admin")
    data = {**BASIS, "name": "Hội Người cao tuổi thành phố Hà Nội", "area": "thanh pho ha noi"}
    assert preview_and_apply(client, op_url("unit_rename", "NCT.01"), data).status_code == 302
    assert unit("NCT.01").area.code == "01" and unit("NCT.01").area.generation == "2025"


# --- move -----------------------------------------------------------------------------------------------------


def test_move_applies_with_the_subtree(login_client, unit):
    client = login_client("assoc_admin")
    response = preview_and_apply(client, op_url("unit_move", "NCT.01.00004"), {**BASIS, "new_parent": "nct.08"})
    assert response.status_code == 302
    assert unit("NCT.01.00004").parent.code == "NCT.08"
    assert unit("NCT.01.00004.001").path.startswith(unit("NCT.08").path)


def test_move_under_its_own_descendant_is_a_cycle(login_client):
    response = preview(
        login_client("assoc_admin"), op_url("unit_move", "NCT.01"), {**BASIS, "new_parent": "NCT.01.00004"}
    )
    assert "là chính nó hoặc đơn vị trực thuộc của nó" in errors(response)


def test_move_under_an_out_of_scope_parent_is_unknown(login_client):
    response = preview(
        login_client("province_officer"), op_url("unit_move", "NCT.01.00004"), {**BASIS, "new_parent": "NCT.08"}
    )
    assert "NCT.08" in errors(response)
    assert response.context["outcome"] is None


# --- merge ----------------------------------------------------------------------------------------------------


def test_merge_into_an_existing_unit(login_client, unit):
    client = login_client("province_officer")
    url = op_url("unit_merge", "NCT.01.00008")
    page = client.get(url)
    assert "NCT.01.00004" in html(page)  # offered as a sibling of the same level
    before = counts()
    data = {**BASIS, "target_kind": "existing", "target": "NCT.01.00004"}
    first = preview(client, url, data)
    assert first.context["outcome"] is not None, errors(first)
    assert counts() == before
    response = client.post(url, {**data, "action": "apply", "previewed": first.context["fingerprint"]})
    assert response.status_code == 302
    assert unit("NCT.01.00008").valid_to is not None
    assert Lineage.objects.filter(predecessor__code="NCT.01.00008", successor__code="NCT.01.00004").exists()


def test_merge_two_units_into_a_new_one(login_client, unit):
    client = login_client("province_officer")
    data = {
        **BASIS,
        "sources": ["NCT.01.00008"],
        "target_kind": "new",
        "name": "Hội NCT phường Ba Đình - Ngọc Hà",
        "area": "00004",
    }
    response = preview_and_apply(client, op_url("unit_merge", "NCT.01.00004"), data)
    assert response.status_code == 302
    new = Unit.objects.get(name="Hội NCT phường Ba Đình - Ngọc Hà")
    assert new.parent.code == "NCT.01" and new.level.code == "commune"
    assert unit("NCT.01.00004.001").parent == new  # the branch moved along
    assert set(Lineage.objects.filter(successor=new).values_list("predecessor__code", flat=True)) == {
        "NCT.01.00004",
        "NCT.01.00008",
    }


def test_merge_of_different_levels_is_refused(login_client):
    response = preview(
        login_client("assoc_admin"),
        op_url("unit_merge", "NCT.02"),
        {**BASIS, "target_kind": "existing", "target": "NCT.01.00004"},
    )
    assert "khác cấp" in errors(response)


def test_merge_into_a_new_unit_needs_a_name(login_client):
    response = preview(
        login_client("assoc_admin"),
        op_url("unit_merge", "NCT.02"),
        {**BASIS, "more_sources": "NCT.04", "target_kind": "new", "name": ""},
    )
    assert response.context["form"].errors["name"]


# --- split ----------------------------------------------------------------------------------------------------


def test_split_assigns_every_child_to_a_part(login_client, unit):
    client = login_client("assoc_admin")
    url = op_url("unit_split", "NCT.01")
    page = client.get(url)
    assert page.status_code == 200 and 'name="part-TOTAL_FORMS"' in html(page)
    c4, c8 = unit("NCT.01.00004"), unit("NCT.01.00008")
    data = {
        **BASIS,
        "part-TOTAL_FORMS": "3",
        "part-INITIAL_FORMS": "0",
        "part-0-name": "Hội NCT Hà Nội Bắc",
        "part-0-area": "",
        "part-1-name": "Hội NCT Hà Nội Nam",
        "part-1-area": "",
        "part-2-name": "",
        "part-2-area": "",  # an empty extra row is skipped
        f"child_{c4.pk}": "0",
        f"child_{c8.pk}": "1",
    }
    before = counts()
    first = preview(client, url, data)
    assert first.context["outcome"] is not None, errors(first)
    assert counts() == before
    response = client.post(url, {**data, "action": "apply", "previewed": first.context["fingerprint"]})
    assert response.status_code == 302
    north, south = Unit.objects.get(name="Hội NCT Hà Nội Bắc"), Unit.objects.get(name="Hội NCT Hà Nội Nam")
    assert unit("NCT.01.00004").parent == north and unit("NCT.01.00008").parent == south
    assert unit("NCT.01").valid_to is not None


def test_split_add_part_keeps_what_was_typed(login_client):
    client = login_client("assoc_admin")
    response = client.post(
        op_url("unit_split", "NCT.02"),
        {
            **BASIS,
            "part-TOTAL_FORMS": "2",
            "part-INITIAL_FORMS": "0",
            "part-0-name": "Phần một",
            "part-1-name": "",
            "action": "add_part",
        },
    )
    assert response.status_code == 200
    formset = response.context["formset"]
    assert len(formset.forms) == 3 and formset.forms[0].initial["name"] == "Phần một"
    assert not response.context["form"].is_bound


def test_split_needs_two_parts(login_client):
    response = preview(
        login_client("assoc_admin"),
        op_url("unit_split", "NCT.02"),
        {**BASIS, "part-TOTAL_FORMS": "2", "part-INITIAL_FORMS": "0", "part-0-name": "Chỉ một", "part-1-name": ""},
    )
    assert response.context["outcome"] is None
    assert errors(response)


# --- dissolve -------------------------------------------------------------------------------------------------


def test_commune_officer_dissolves_a_branch_under_it(login_client, unit):
    response = preview_and_apply(login_client("commune_officer"), op_url("unit_dissolve", "NCT.01.00004.001"), BASIS)
    assert response.status_code == 302
    assert unit("NCT.01.00004.001").valid_to.isoformat() == "2025-10-01"


def test_dissolve_with_living_children_is_refused(login_client):
    client = login_client("province_officer")
    page = client.get(op_url("unit_dissolve", "NCT.01.00004"))
    assert "NCT.01.00004" in html(page)
    response = preview(client, op_url("unit_dissolve", "NCT.01.00004"), BASIS)
    assert "còn 1 đơn vị trực thuộc" in errors(response)


# --- create ---------------------------------------------------------------------------------------------------


def test_commune_officer_creates_a_branch_under_its_own_unit(login_client):
    client = login_client("commune_officer")
    url = reverse("orgs:unit_create") + "?parent=NCT.01.00004"
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["form"]["parent"].value() == "NCT.01.00004"
    branch = page.context["form"]["level"].value()
    before = counts()
    data = {**BASIS, "parent": "NCT.01.00004", "level": branch, "name": "Chi hội số 2 Ba Đình"}
    first = preview(client, url, data)
    assert first.context["outcome"] is not None, errors(first)
    assert counts() == before
    response = client.post(url, {**data, "action": "apply", "previewed": first.context["fingerprint"]})
    assert response.status_code == 302
    created = Unit.objects.get(name="Chi hội số 2 Ba Đình")
    assert response["Location"] == reverse("orgs:unit_detail", args=[created.code])
    assert created.parent.code == "NCT.01.00004"
    assert EventUnit.objects.filter(unit=created, role="created").exists()


def test_create_with_a_level_that_cannot_sit_under_the_parent(login_client):
    from quanlyhoi.orgs.models import UnitLevel

    province = UnitLevel.objects.get(association__code="NCT", code="province")
    client = login_client("assoc_admin")
    data = {**BASIS, "parent": "NCT.01.00004", "level": province.pk, "name": "Sai cấp"}
    # Prefilled from ?parent=, the form offers only the levels below the parent...
    assert "level" in preview(client, reverse("orgs:unit_create") + "?parent=NCT.01.00004", data).context["form"].errors
    # ...and the service refuses a typed parent of the wrong level.
    assert "không thể trực thuộc" in errors(preview(client, reverse("orgs:unit_create"), data))


def test_create_under_an_out_of_scope_parent(login_client):
    assert login_client("outsider").get(reverse("orgs:unit_create") + "?parent=NCT.01").status_code == 404
    assert login_client("inspector").get(reverse("orgs:unit_create")).status_code == 403
    assert login_client("inspector").get(reverse("orgs:unit_create") + "?parent=NCT.01").status_code == 403


# --- who may open the forms -----------------------------------------------------------------------------------

FORMS = ["unit_rename", "unit_move", "unit_merge", "unit_split", "unit_dissolve"]


@pytest.mark.parametrize("name", FORMS)
def test_outsider_gets_not_found(login_client, name):
    client = login_client("outsider")
    assert client.get(op_url(name, "NCT.01.00004")).status_code == 404
    assert client.post(op_url(name, "NCT.01.00004"), {**BASIS, "action": "apply"}).status_code == 404


@pytest.mark.parametrize("name", FORMS)
def test_inspector_and_overseer_are_forbidden(login_client, name):
    for persona in ("inspector", "overseer"):
        client = login_client(persona)
        assert client.get(op_url(name, "NCT.01.00004")).status_code == 403
        assert client.post(op_url(name, "NCT.01.00004"), {**BASIS, "action": "preview"}).status_code == 403


@pytest.mark.parametrize("name", FORMS)
def test_commune_officer_cannot_restructure_its_own_unit(login_client, name):
    client = login_client("commune_officer")
    assert client.get(op_url(name, "NCT.01.00004")).status_code == 403
    assert client.get(op_url(name, "NCT.01.00004.001")).status_code == 200


@pytest.mark.parametrize("name", FORMS)
def test_forms_render_for_the_association_admin(login_client, name):
    response = login_client("assoc_admin").get(op_url(name, "NCT.01"))
    assert response.status_code == 200
    assert_csp_clean(response)


def test_anonymous_is_sent_to_login(login_client):
    response = login_client("anonymous").get(op_url("unit_rename", "NCT.01"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
