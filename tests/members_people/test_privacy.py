"""Personal data: masked on the page and in the API, shown in clear only to those allowed and then audited;
exported on request; erased by an administrator, leaving the membership as anonymised history."""

import datetime
import json

import pytest
from django.urls import reverse

from quanlyhoi.core.errors import Forbidden, NotFound
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.members.models import MembershipPeriod, Person, WelfareNeed
from quanlyhoi.members.services._common import clean_person
from quanlyhoi.members.services.lifecycle import member_transfer, person_update
from quanlyhoi.members.services.privacy import ERASED_NAME, person_data_export, person_erase
from quanlyhoi.members.services.welfare import need_kind, welfare_need_add
from quanlyhoi.orgs.models import Unit

D = datetime.date
MOVED = D(2026, 1, 5)
CCCD, PHONE = "001050001234", "0912345678"
ALLOWED = ["sysadmin", "assoc_admin", "province_officer", "commune_officer"]
MASKED_ONLY = ["overseer", "inspector"]


def page(login_client, persona, membership, reveal=False):
    client = login_client(persona)
    if reveal:
        return client.post(reverse("members:member_personal", args=[membership.pk]))
    return client.get(reverse("members:detail", args=[membership.pk]))


@pytest.mark.parametrize("persona", ALLOWED + MASKED_ONLY)
def test_person_page_masks_personal_data_for_everyone(login_client, member, persona):
    body = page(login_client, persona, member("NCT-BD-001")).content.decode()
    assert "Nguyễn Văn An" in body
    assert CCCD not in body and PHONE not in body and "05/01/1950" not in body
    assert "********1234" in body and "091****678" in body


@pytest.mark.parametrize("persona", ALLOWED)
def test_show_personal_data_shows_it_in_clear_to_those_allowed(login_client, member, persona):
    body = page(login_client, persona, member("NCT-BD-001"), reveal=True).content.decode()
    assert CCCD in body and PHONE in body and "05/01/1950" in body


@pytest.mark.parametrize("persona", ALLOWED)
def test_show_personal_data_button_is_offered_to_those_allowed(login_client, member, persona):
    body = page(login_client, persona, member("NCT-BD-001")).content.decode()
    assert reverse("members:member_personal", args=[member("NCT-BD-001").pk]) in body


@pytest.mark.parametrize("persona", MASKED_ONLY)
def test_show_personal_data_is_neither_offered_nor_allowed_without_the_right(login_client, member, persona):
    url = reverse("members:member_personal", args=[member("NCT-BD-001").pk])
    assert url not in page(login_client, persona, member("NCT-BD-001")).content.decode()
    assert page(login_client, persona, member("NCT-BD-001"), reveal=True).status_code == 403
    assert not AuditRecord.objects.filter(action="member.view_personal").exists()


def test_showing_personal_data_is_audited(login_client, member):
    membership = member("NCT-BD-001")
    page(login_client, "commune_officer", membership, reveal=True)
    record = AuditRecord.objects.get(action="member.view_personal")
    assert (record.actor_name, record.object_id, record.source) == ("commune_officer", str(membership.person_id), "web")
    assert record.unit_path == membership.unit.path


def test_outsider_gets_404_on_an_nct_member(login_client, member):
    assert page(login_client, "outsider", member("NCT-BD-001")).status_code == 404
    assert page(login_client, "outsider", member("NCT-BD-001"), reveal=True).status_code == 404


def test_commune_officer_gets_404_on_a_member_of_another_commune(login_client, member):
    assert page(login_client, "commune_officer", member("NCT-NH-001")).status_code == 404


@pytest.mark.parametrize("persona", ALLOWED + MASKED_ONLY)
def test_api_masks_personal_data_by_default(api, member, persona):
    data = api(persona).get(f"/members/{member('NCT-BD-001').pk}").json()
    assert (data["id_number"], data["phone"], data["birth_date"], data["personal"]) == (
        "********1234",
        "091****678",
        None,
        False,
    )


@pytest.mark.parametrize("persona", ALLOWED)
def test_api_personal_true_shows_personal_data_and_audits_it(api, member, persona):
    data = api(persona).get(f"/members/{member('NCT-BD-001').pk}", {"personal": "true"}).json()
    assert (data["id_number"], data["phone"], data["birth_date"]) == (CCCD, PHONE, "1950-01-05")
    assert AuditRecord.objects.filter(action="member.view_personal", source="api").count() == 1


@pytest.mark.parametrize("persona", MASKED_ONLY)
def test_api_personal_true_is_forbidden_without_the_right(api, member, persona):
    response = api(persona).get(f"/members/{member('NCT-BD-001').pk}", {"personal": "true"})
    assert response.status_code == 403
    assert CCCD not in response.content.decode()


def test_api_outsider_gets_404(api, member):
    assert api("outsider").get(f"/members/{member('NCT-BD-001').pk}").status_code == 404


# --- export on request -------------------------------------------------------------------------------------------


def test_export_holds_everything_about_the_person(operator, member):
    membership = member("NCT-BD-001")
    welfare_need_add(actor=operator, membership=membership, kind=need_kind(membership.association, "difficult"),
                     since=D(2025, 10, 1), note="Nhà dột")  # fmt: skip
    member_transfer(actor=operator, membership=membership, unit=Unit.objects.get(code="NCT.01.00008"), day=MOVED)
    data = person_data_export(actor=operator, membership=member("NCT-BD-001"))
    assert (data["person"]["full_name"], data["person"]["id_number"], data["person"]["phone"]) == (
        "Nguyễn Văn An",
        CCCD,
        PHONE,
    )
    assert data["membership"]["member_number"] == "NCT-BD-001"
    assert [p["unit"] for p in data["periods"]] == ["NCT.01.00004", "NCT.01.00008"]
    assert data["welfare_needs"] == [{"kind": "Hoàn cảnh khó khăn", "since": D(2025, 10, 1), "until": None,
                                      "note": "Nhà dột"}]  # fmt: skip
    assert [r["action"] for r in data["history"]] == ["member.join", "member.need_add", "member.transfer"]


def test_export_is_audited(operator, member):
    person_data_export(actor=operator, membership=member("NCT-BD-001"))
    assert AuditRecord.objects.filter(action="member.personal_data_export").count() == 1


@pytest.mark.parametrize("persona", MASKED_ONLY)
def test_export_needs_the_personal_data_right(personas, member, persona):
    with pytest.raises(Forbidden):
        person_data_export(actor=personas[persona], membership=member("NCT-BD-001"))


def test_export_downloads_as_json_from_the_page(login_client, member):
    membership = member("NCT-BD-001")
    response = login_client("commune_officer").post(reverse("members:member_data_export", args=[membership.pk]))
    assert response["Content-Disposition"] == 'attachment; filename="du-lieu-ca-nhan-NCT-BD-001.json"'
    assert json.loads(response.content)["person"]["id_number"] == CCCD


def test_export_through_the_api(api, member):
    data = api("assoc_admin").get(f"/members/{member('NCT-BD-001').pk}/personal-data").json()
    assert data["person"]["phone"] == PHONE


# --- erasure -----------------------------------------------------------------------------------------------------


@pytest.fixture
def rich_history(operator, member):
    """Nguyễn Văn An with a corrected phone and address, notes, a welfare need with a note, and a transfer."""
    membership = member("NCT-BD-001")
    person_update(actor=operator, person=membership.person, data=clean_person(
        full_name="Nguyễn Văn An", birth="05/01/1950", sex="Nam", id_number=CCCD, phone="0977111222",
        address="Số 5 Đội Cấn, Ba Đình, Hà Nội", religion="Phật giáo", notes="Bệnh tim"))  # fmt: skip
    welfare_need_add(actor=operator, membership=membership, kind=need_kind(membership.association, "difficult"),
                     since=D(2025, 10, 1), note="Nhà dột")  # fmt: skip
    member_transfer(actor=operator, membership=membership, unit=Unit.objects.get(code="NCT.01.00008"), day=MOVED)
    return member("NCT-BD-001")


def test_erase_blanks_the_person_and_keeps_sex_and_birth_year(operator, rich_history):
    person_erase(actor=operator, membership=rich_history, reason="Đơn đề nghị ngày 01/11/2026")
    person = Person.objects.get(pk=rich_history.person_id)
    assert (person.full_name, person.family_name, person.given_name) == (ERASED_NAME, "", "")
    assert (person.id_number, person.phone, person.address, person.birth_date) == (None, "", "", None)
    assert (person.religion, person.notes) == ("", "")
    assert (person.sex, person.birth_year, person.erased_at is not None) == ("M", 1950, True)
    assert person.name_folded == "~ da xoa du lieu"  # no given name: every word is searched as "the rest"


def test_erase_keeps_membership_periods_and_needs(operator, rich_history):
    periods = MembershipPeriod.objects.filter(membership=rich_history).values_list("unit_id", "valid_from")
    before = list(periods)
    person_erase(actor=operator, membership=rich_history)
    assert list(periods.all()) == before
    need = WelfareNeed.objects.get(person=rich_history.person_id)
    assert (need.kind.code, need.since, need.note) == ("difficult", D(2025, 10, 1), "")


def test_after_erasure_no_personal_value_of_the_person_remains_in_the_audit_log(operator, rich_history):
    person_erase(actor=operator, membership=rich_history)
    records = AuditRecord.objects.filter(object_type="members.person", object_id=str(rich_history.person_id))
    assert records.count() >= 4
    text = json.dumps([[r.changes, r.message, r.object_repr] for r in records], ensure_ascii=False)
    for value in (CCCD, PHONE, "0977111222", "Đội Cấn", "1950-01-05", "Bệnh tim", "Nhà dột", "Nguyễn", "Phật giáo"):
        assert value not in text


def test_erase_is_audited_with_the_fields_not_their_values(operator, rich_history):
    person_erase(actor=operator, membership=rich_history, reason="Theo đơn")
    record = AuditRecord.objects.get(action="member.erase")
    assert "id_number" in record.changes["erased"][1] and "phone" in record.changes["erased"][1]
    assert record.message == "Theo đơn"


def test_erased_person_cannot_be_erased_again_or_corrected(operator, rich_history):
    from quanlyhoi.core.errors import DomainError

    person_erase(actor=operator, membership=rich_history)
    with pytest.raises(DomainError):
        person_erase(actor=operator, membership=rich_history)
    with pytest.raises(DomainError):
        person_update(actor=operator, person=Person.objects.get(pk=rich_history.person_id),
                      data=clean_person(full_name="Nguyễn Văn An"))  # fmt: skip


@pytest.mark.parametrize("persona", ["sysadmin", "assoc_admin"])
def test_administrators_may_erase(personas, member, persona):
    person_erase(actor=personas[persona], membership=member("NCT-BD-001"))
    assert Person.objects.get(pk=member("NCT-BD-001").person_id).erased_at is not None


@pytest.mark.parametrize("persona", ["overseer", "province_officer", "commune_officer", "inspector"])
def test_others_may_not_erase(personas, member, persona):
    with pytest.raises(Forbidden):
        person_erase(actor=personas[persona], membership=member("NCT-BD-001"))
    assert Person.objects.get(pk=member("NCT-BD-001").person_id).erased_at is None


def test_outsider_does_not_find_the_member_to_erase(personas, member):
    with pytest.raises(NotFound):
        person_erase(actor=personas["outsider"], membership=member("NCT-BD-001"))


def test_erase_page_needs_the_member_number_typed(login_client, member):
    membership = member("NCT-BD-001")
    client = login_client("assoc_admin")
    url = reverse("members:member_erase", args=[membership.pk])
    assert client.post(url, {"confirm": "NCT-BD-002"}).status_code == 200
    assert Person.objects.get(pk=membership.person_id).erased_at is None
    assert client.post(url, {"confirm": "NCT-BD-001", "reason": "Theo đơn"}).status_code == 302
    assert Person.objects.get(pk=membership.person_id).erased_at is not None


@pytest.mark.parametrize(("persona", "status"), [("province_officer", 403), ("inspector", 403), ("outsider", 404)])
def test_erase_page_refuses_others(login_client, member, persona, status):
    url = reverse("members:member_erase", args=[member("NCT-BD-001").pk])
    assert login_client(persona).post(url, {"confirm": "NCT-BD-001"}).status_code == status


def test_erased_person_page_shows_the_erasure_and_no_reveal(login_client, operator, member):
    person_erase(actor=operator, membership=member("NCT-BD-001"))
    body = page(login_client, "assoc_admin", member("NCT-BD-001")).content.decode()
    assert ERASED_NAME in body and "Nguyễn Văn An" not in body
    assert reverse("members:member_personal", args=[member("NCT-BD-001").pk]) not in body
