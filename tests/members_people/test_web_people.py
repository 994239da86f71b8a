"""The person pages end to end: each form calls its service, refusals show on the form, only allowed actions are
offered."""

import datetime

import pytest
from django.urls import reverse

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.models import Membership, WelfareNeed
from quanlyhoi.members.services.lifecycle import member_set_status
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.services import Basis, units_merge

D = datetime.date
JOIN = {"joined_on": "01/10/2025", "full_name": "phạm thị  lan", "birth": "1950", "sex": "F", "type": "official"}


def url(name, membership, **kw):
    return reverse(f"members:{name}", kwargs={"pk": membership.pk, **kw})


def form_errors(response) -> str:
    form = response.context["form"]
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


def test_join_page_admits_a_member_and_opens_their_page(login_client, world_members):
    response = login_client("commune_officer").post(
        reverse("members:join") + "?unit=NCT.01.00004", {**JOIN, "unit": "NCT.01.00004"}
    )
    membership = Membership.objects.get(person__full_name="Phạm Thị Lan")
    assert response.status_code == 302 and response["Location"] == url("detail", membership)
    assert (membership.unit.code, membership.person.birth_year, membership.person.sex) == ("NCT.01.00004", 1950, "F")


def test_join_page_prefills_the_unit(login_client, world_members):
    response = login_client("commune_officer").get(reverse("members:join"), {"unit": "NCT.01.00004"})
    assert response.context["form"]["unit"].value() == "NCT.01.00004"


def test_join_page_shows_cleaning_errors_on_their_fields(login_client, world_members):
    data = {**JOIN, "unit": "NCT.01.00004", "birth": "1951", "sex": "M", "id_number": "001060009876"}
    response = login_client("commune_officer").post(reverse("members:join"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["id_number"]


def test_join_page_shows_a_duplicate_cccd(login_client, world_members):
    data = {**JOIN, "unit": "NCT.01.00004", "full_name": "Nguyễn Văn An", "birth": "05/01/1950", "sex": "M",
            "id_number": "001050001234"}  # fmt: skip
    response = login_client("commune_officer").post(reverse("members:join"), data)
    assert "đã có trong danh sách hội viên" in str(response.context["form"].errors["id_number"])


def test_join_page_refuses_a_unit_outside_the_scope(login_client, world_members):
    client = login_client("commune_officer")
    assert client.get(reverse("members:join"), {"unit": "NCT.01.00008"}).status_code == 404
    response = client.post(reverse("members:join"), {**JOIN, "unit": "NCT.01.00008"})
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert not Membership.objects.filter(person__full_name="Phạm Thị Lan").exists()


def test_edit_page_shows_data_in_clear_and_records_the_viewing(login_client, member):
    response = login_client("commune_officer").get(url("member_edit", member("NCT-BD-001")))
    assert response.context["form"].initial["id_number"] == "001050001234"
    assert AuditRecord.objects.filter(action="member.view_personal").count() == 1


def test_edit_page_saves_a_correction(login_client, member):
    data = {"full_name": "Nguyễn Văn An", "birth": "05/01/1950", "sex": "M", "id_number": "001050001234",
            "phone": "0977 000 111", "address": "Số 1 Kim Mã, phường Ba Đình, Hà Nội"}  # fmt: skip
    response = login_client("commune_officer").post(url("member_edit", member("NCT-BD-001")), data)
    assert response.status_code == 302
    person = member("NCT-BD-001").person
    assert (person.phone, person.area.code) == ("0977000111", "00004")


def test_transfer_page_moves_the_member(login_client, member):
    data = {"unit": "NCT.01.00004.001", "day": "10/01/2026", "reason": "Gần nhà"}
    response = login_client("commune_officer").post(url("member_transfer", member("NCT-BD-001")), data)
    assert response.status_code == 302
    assert member("NCT-BD-001").unit.code == "NCT.01.00004.001"


def test_transfer_page_refuses_a_unit_outside_the_scope(login_client, member):
    data = {"unit": "NCT.01.00008", "day": "10/01/2026"}
    response = login_client("commune_officer").post(url("member_transfer", member("NCT-BD-001")), data)
    assert response.status_code == 200 and response.context["form"].errors["unit"]
    assert member("NCT-BD-001").unit.code == "NCT.01.00004"


def test_status_page_offers_only_the_allowed_transitions(login_client, operator, member):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="left", day=D(2026, 1, 10), reason="x")
    response = login_client("commune_officer").get(url("member_status", member("NCT-BD-001")))
    assert [value for value, _label in response.context["form"].fields["status"].choices] == ["active", "deceased"]


def test_status_page_is_refused_for_a_deceased_member(login_client, operator, member):
    member_set_status(actor=operator, membership=member("NCT-BD-001"), status="deceased", day=D(2026, 1, 10))
    assert login_client("commune_officer").get(url("member_status", member("NCT-BD-001"))).status_code == 403


def test_status_page_needs_a_reason_to_suspend(login_client, member):
    data = {"status": "suspended", "day": "10/01/2026", "reason": ""}
    response = login_client("commune_officer").post(url("member_status", member("NCT-BD-001")), data)
    assert response.status_code == 200 and response.context["form"].errors["reason"]


def test_status_page_shows_a_date_refused_by_the_service(login_client, member):
    data = {"status": "suspended", "day": "01/09/2025", "reason": "Ốm"}
    response = login_client("commune_officer").post(url("member_status", member("NCT-BD-001")), data)
    assert "thay đổi mới phải sau ngày đó" in form_errors(response)


def test_need_pages_add_and_end_a_need(login_client, member):
    client = login_client("commune_officer")
    data = {"kind": "disability", "since": "01/10/2025", "note": ""}
    assert client.post(url("member_need_add", member("NCT-BD-001")), data).status_code == 302
    need = WelfareNeed.objects.get(person=member("NCT-BD-001").person)
    end = url("member_need_end", member("NCT-BD-001"), need_id=need.pk)
    assert client.post(end, {"until": "01/03/2026"}).status_code == 302
    need.refresh_from_db()
    assert need.until == D(2026, 3, 1)


def test_need_end_page_of_another_members_need_is_404(login_client, operator, member):
    from quanlyhoi.members.services.welfare import need_kind, welfare_need_add

    other = member("NCT-BD-002")
    need = welfare_need_add(actor=operator, membership=other, kind=need_kind(other.association, "difficult"),
                            since=D(2025, 10, 1))  # fmt: skip
    end = url("member_need_end", member("NCT-BD-001"), need_id=need.pk)
    assert login_client("commune_officer").get(end).status_code == 404


@pytest.mark.parametrize(
    ("persona", "offered"),
    [
        ("assoc_admin", {"member_edit", "member_transfer", "member_status", "member_data_export", "member_erase"}),
        ("commune_officer", {"member_edit", "member_transfer", "member_status", "member_data_export"}),
        ("inspector", set()),
    ],
)
def test_person_page_offers_the_actions_of_the_persona(login_client, member, persona, offered):
    membership = member("NCT-BD-001")
    body = login_client(persona).get(url("detail", membership)).content.decode()
    names = {"member_edit", "member_transfer", "member_status", "member_data_export", "member_erase"}
    assert {name for name in names if url(name, membership) in body} == offered


def test_person_page_history_links_the_merger(login_client, operator, member):
    outcome = units_merge(
        actor=operator,
        sources=[Unit.objects.get(code="NCT.01.00008")],
        target=Unit.objects.get(code="NCT.01.00004"),
        basis=Basis(effective_date=D(2026, 1, 1)),
    )
    body = login_client("province_officer").get(url("detail", member("NCT-NH-001"))).content.decode()
    assert reverse("orgs:event_detail", args=[outcome.event_id]) in body
    assert "NCT.01.00008" in body and "01/01/2026" in body
