"""Dissolving: the unit ends on the effective date and stays in the records."""

import pytest

from quanlyhoi.orgs.models import EventUnit, Unit, UnitPeriod
from quanlyhoi.orgs.services import Basis, unit_dissolve, unit_move, unit_rename
from tests.orgs.util import check_invariants, counts, d, get, living_codes, refused, tree

pytestmark = pytest.mark.django_db


def dissolve(actor, code, day, **kw):
    return unit_dissolve(actor=actor, unit=get(code), basis=Basis(effective_date=d(day)), **kw)


def test_dissolved_unit_ends_but_is_kept(operator):
    before = counts()
    out = dissolve(operator, "NCT.01.00004.001", "01/10/2025")
    branch = get("NCT.01.00004.001")
    assert branch.valid_to == d("01/10/2025")
    assert UnitPeriod.objects.get(unit=branch).valid_to == d("01/10/2025")
    assert "NCT.01.00004.001" in tree("NCT.01", d("30/09/2025"))
    assert "NCT.01.00004.001" not in tree("NCT.01", d("01/10/2025"))
    assert "NCT.01.00004.001" not in living_codes("NCT", d("01/10/2025"))
    assert not Unit.objects.valid_on(d("01/10/2025")).filter(pk=branch.pk).exists()
    assert Unit.objects.valid_on(d("30/09/2025")).filter(pk=branch.pk).exists()
    assert EventUnit.objects.get(event_id=out.event_id).role == "dissolved"
    after = counts()
    assert after["orgs.Unit"] == before["orgs.Unit"] and after["orgs.UnitPeriod"] == before["orgs.UnitPeriod"]
    check_invariants()


def test_unit_with_living_children_cannot_be_dissolved(operator):
    err = refused("has_children", dissolve, operator, "NCT.01.00004", "01/10/2025")
    assert "NCT.01.00004.001" in err.message
    dissolve(operator, "NCT.01.00004.001", "01/10/2025")
    dissolve(operator, "NCT.01.00004", "01/11/2025")
    assert get("NCT.01.00004").valid_to == d("01/11/2025")
    check_invariants()


def test_children_moved_away_no_longer_block(operator):
    unit_move(
        actor=operator,
        unit=get("NCT.01.00004.001"),
        new_parent=get("NCT.01.00008"),
        basis=Basis(effective_date=d("01/10/2025")),
    )
    dissolve(operator, "NCT.01.00004", "01/11/2025")
    check_invariants()


def test_dissolve_dates(operator):
    refused("before_unit_exists", dissolve, operator, "NCT.01.00004.001", "31/08/2025")
    refused("overlapping_event", dissolve, operator, "NCT.01.00004.001", "01/09/2025")
    unit_rename(
        actor=operator, unit=get("NCT.01.00004.001"), name="Chi hội Một", basis=Basis(effective_date=d("01/11/2025"))
    )
    refused("overlapping_event", dissolve, operator, "NCT.01.00004.001", "01/10/2025")
    dissolve(operator, "NCT.01.00004.001", "02/11/2025")
    refused("after_unit_ends", dissolve, operator, "NCT.01.00004.001", "02/11/2025")
    refused("after_unit_ends", dissolve, operator, "NCT.01.00004.001", "01/01/2026")


def test_dissolve_scoping(personas):
    refused("forbidden", dissolve, personas["commune_officer"], "NCT.01.00004", "01/12/2025")
    refused("not_found", dissolve, personas["commune_officer"], "NCT.01.00008", "01/12/2025")
    refused("not_found", dissolve, personas["outsider"], "NCT.01.00008", "01/12/2025")
    refused("forbidden", dissolve, personas["inspector"], "NCT.01.00008", "01/12/2025")
    dissolve(personas["commune_officer"], "NCT.01.00004.001", "01/12/2025")
    dissolve(personas["province_officer"], "NCT.01.00008", "01/12/2025")
    dissolve(personas["assoc_admin"], "NCT.02", "01/12/2025")
