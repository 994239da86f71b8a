"""Personal data masking: the mask functions, and who may see which member's personal data in clear."""

import datetime

import pytest

from quanlyhoi.geo.models import AdminArea
from quanlyhoi.members import masking
from quanlyhoi.members.models import Membership, Person
from quanlyhoi.orgs.models import Unit

CLEAR = {
    "sysadmin": True,
    "overseer": False,
    "assoc_admin": True,
    "province_officer": True,
    "commune_officer": True,
    "inspector": False,
    "outsider": False,
}


def test_identity_number_keeps_its_last_four_digits():
    assert masking.mask_id_number("001050001234") == "********1234"


def test_old_cmnd_keeps_its_last_four_digits():
    assert masking.mask_id_number("012345678") == "*****5678"


def test_missing_identity_number_stays_empty():
    assert masking.mask_id_number(None) == ""


def test_mobile_phone_keeps_prefix_and_last_three_digits():
    assert masking.mask_phone("0912345678") == "091****678"


def test_landline_phone_keeps_its_length():
    assert masking.mask_phone("02438251234") == "024*****234"


def test_missing_phone_stays_empty():
    assert masking.mask_phone("") == ""


@pytest.mark.django_db
def test_address_is_reduced_to_its_area():
    area = AdminArea.objects.filter(generation="2025", level="commune").first()
    assert masking.mask_address("Số 1 phố Hàng Bài", area.name) == area.name


def test_address_without_area_is_hidden():
    assert masking.mask_address("Số 1 phố Hàng Bài", None) == "***"


def test_birth_date_is_reduced_to_the_year():
    assert masking.mask_birth(datetime.date(1950, 1, 5), 1950) == 1950


def test_year_only_birth_stays_the_year():
    assert masking.mask_birth(None, 1940) == 1940


def test_personal_values_in_clear():
    person = Person(id_number="001050001234", phone="0912345678", birth_date=datetime.date(1950, 1, 5))
    values = masking.personal_values(person, unmasked=True)
    assert values["id_number"] == "001050001234" and values["birth"] == datetime.date(1950, 1, 5)


def test_personal_values_masked():
    person = Person(id_number="001050001234", phone="0912345678", birth_date=datetime.date(1950, 1, 5))
    values = masking.personal_values(person, unmasked=False)
    assert (values["id_number"], values["phone"], values["birth"]) == ("********1234", "091****678", 1950)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(CLEAR))
def test_who_may_see_a_members_personal_data(world_members, personas, persona):
    membership = Membership.objects.get(member_number="NCT-BD-001")
    assert masking.can_view_personal(personas[persona], membership) is CLEAR[persona]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(CLEAR))
def test_who_may_see_a_persons_personal_data(world_members, personas, persona):
    person = Membership.objects.get(member_number="NCT-BD-001").person
    assert masking.can_view_personal(personas[persona], person) is CLEAR[persona]


@pytest.mark.django_db
def test_commune_officer_may_not_see_personal_data_of_a_sibling_commune(personas):
    assert not masking.can_view_personal(personas["commune_officer"], Unit.objects.get(code="NCT.01.00008"))


@pytest.mark.django_db
def test_commune_officer_may_see_personal_data_of_its_branch(personas):
    assert masking.can_view_personal(personas["commune_officer"], Unit.objects.get(code="NCT.01.00004.001"))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", list(CLEAR))
def test_row_annotation_agrees_with_the_single_check(world_members, personas, persona):
    actor = personas[persona]
    rows = Membership.objects.filter(association__code="NCT").annotate(clear=masking.personal_annotation(actor))
    assert {m.member_number: m.clear for m in rows}["NCT-BD-001"] is CLEAR[persona]
