"""The scoping choke point: `restrict(actor, action)` returns exactly what each persona may see or do."""

import uuid

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.accounts.services import role_grant
from quanlyhoi.core.errors import Forbidden
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.core.paths import ancestor_paths, child_path, depth, subtree_q, upper_bound
from quanlyhoi.core.permissions import can_place_under, can_restructure, recheck
from quanlyhoi.core.scoping import SystemOperator, scopes_for
from quanlyhoi.orgs.models import Association, RestructuringEvent, Unit, UnitPeriod
from quanlyhoi.orgs.services import Basis, restructuring, unit_move
from tests import world
from tests.orgs.util import d, get, refused, state

pytestmark = pytest.mark.django_db

NCT = set(world.NCT_UNITS)
CTD = set(world.CTD_UNITS)
HANOI = {"NCT.01", "NCT.01.00004", "NCT.01.00004.001", "NCT.01.00008"}
BADINH = {"NCT.01.00004", "NCT.01.00004.001"}
ALL = NCT | CTD

UNITS_VIEW = {
    "sysadmin": ALL,
    "overseer": ALL,
    "assoc_admin": NCT,
    "province_officer": HANOI,
    "commune_officer": BADINH,
    "inspector": NCT,
    "outsider": CTD,
    "anonymous": set(),
}
UNITS_CHANGE = {**UNITS_VIEW, "overseer": set(), "inspector": set()}


def actor_for(personas, name):
    return AnonymousUser() if name == "anonymous" else personas[name]


def unit_codes(qs) -> set[str]:
    return set(qs.values_list("code", flat=True))


@pytest.mark.parametrize("name", sorted(UNITS_VIEW))
def test_units_and_periods_visible_to_each_persona(personas, name):
    actor = actor_for(personas, name)
    assert unit_codes(Unit.objects.restrict(actor, "view")) == UNITS_VIEW[name]
    periods = UnitPeriod.objects.restrict(actor, "view")
    assert set(periods.values_list("unit__code", flat=True)) == UNITS_VIEW[name]
    assert periods.count() == UnitPeriod.objects.filter(unit__code__in=UNITS_VIEW[name]).count()


@pytest.mark.parametrize("name", sorted(UNITS_CHANGE))
@pytest.mark.parametrize("action", ["change", "restructure"])
def test_units_each_persona_may_change_and_restructure(personas, name, action):
    assert unit_codes(Unit.objects.restrict(actor_for(personas, name), action)) == UNITS_CHANGE[name]


def test_inspector_is_read_only(personas):
    inspector = personas["inspector"]
    for model in (Unit, UnitPeriod, RestructuringEvent, Association):
        assert model.objects.restrict(inspector, "view").exists()
        assert not model.objects.restrict(inspector, "change").exists()
        assert not model.objects.restrict(inspector, "restructure").exists()
    assert not RoleAssignment.objects.restrict(inspector, "manage_users").exists()
    assert AuditRecord.objects.restrict(inspector, "view_audit").exists()


def event_units(actor) -> set[str]:
    """Each world event created one unit; name the events by it."""
    return set(RestructuringEvent.objects.restrict(actor, "view").values_list("unit_links__unit__code", flat=True))


def test_events_visible_to_each_persona(personas):
    assert event_units(personas["sysadmin"]) == ALL
    assert event_units(personas["overseer"]) == ALL
    assert event_units(personas["assoc_admin"]) == NCT
    assert event_units(personas["inspector"]) == NCT
    assert event_units(personas["outsider"]) == CTD
    # Unit officers see the events inside their subtree (the creation of their own unit happened above it).
    assert event_units(personas["province_officer"]) == HANOI - {"NCT.01"}
    assert event_units(personas["commune_officer"]) == BADINH - {"NCT.01.00004"}
    assert event_units(AnonymousUser()) == set()


def test_associations_visible_to_each_persona(personas):
    assert Association.objects.restrict(personas["sysadmin"], "view").count() == 29
    assert Association.objects.restrict(personas["overseer"], "view").count() == 29
    for name in ("assoc_admin", "province_officer", "commune_officer", "inspector"):
        assert list(Association.objects.restrict(personas[name], "view").values_list("code", flat=True)) == ["NCT"]
    assert list(Association.objects.restrict(personas["outsider"], "view").values_list("code", flat=True)) == ["CTD"]
    assert not Association.objects.restrict(AnonymousUser(), "view").exists()
    assert not Association.objects.restrict(personas["overseer"], "manage_registry").exists()
    assert Association.objects.restrict(personas["sysadmin"], "manage_registry").count() == 29


def grants(actor, action="manage_users") -> set[tuple[str, str]]:
    return set(RoleAssignment.objects.restrict(actor, action).values_list("user__username", "role"))


def test_role_assignments_visible_to_each_persona(personas):
    assert len(grants(personas["sysadmin"])) == 7
    assert grants(personas["assoc_admin"]) == {
        ("assoc_admin", "association_admin"),
        ("province_officer", "unit_officer"),
        ("commune_officer", "unit_officer"),
        ("inspector", "inspector"),
    }
    assert grants(personas["outsider"]) == {("outsider", "association_admin")}
    for name in ("overseer", "inspector", "province_officer", "commune_officer"):
        assert grants(personas[name]) == set()
    assert grants(personas["province_officer"], "view") == {
        ("province_officer", "unit_officer"),
        ("commune_officer", "unit_officer"),
    }
    assert grants(personas["commune_officer"], "view") == {("commune_officer", "unit_officer")}
    assert grants(AnonymousUser(), "view") == set()


def test_audit_records_visible_to_each_persona(personas):
    nct, ctd = Association.objects.get(code="NCT"), Association.objects.get(code="CTD")
    total = AuditRecord.objects.count()
    assert AuditRecord.objects.restrict(personas["sysadmin"], "view_audit").count() == total
    assert AuditRecord.objects.restrict(personas["overseer"], "view_audit").count() == total
    for name in ("assoc_admin", "inspector"):
        seen = AuditRecord.objects.restrict(personas[name], "view_audit")
        assert seen.count() == AuditRecord.objects.filter(association_id=nct.pk).count() > 0
        assert set(seen.values_list("association_id", flat=True)) == {nct.pk}
    outsider = AuditRecord.objects.restrict(personas["outsider"], "view_audit")
    assert set(outsider.values_list("association_id", flat=True)) == {ctd.pk}
    for name in ("province_officer", "commune_officer"):
        assert not AuditRecord.objects.restrict(personas[name], "view_audit").exists()
    assert not AuditRecord.objects.restrict(AnonymousUser(), "view_audit").exists()
    # Records without an association (logins, the system itself) are for system-wide readers only.
    AuditRecord.objects.create(source="system", action="login_failed", object_repr="x")
    assert AuditRecord.objects.restrict(personas["assoc_admin"], "view_audit").count() == seen.count()


def test_inactive_users_see_nothing(personas):
    user = personas["assoc_admin"]
    user.is_active = False
    user.save()
    for model in (Unit, UnitPeriod, RestructuringEvent, Association, RoleAssignment):
        assert not model.objects.restrict(user, "view").exists()
    assert not AuditRecord.objects.restrict(user, "view_audit").exists()


def test_a_user_without_roles_sees_nothing():
    user = get_user_model().objects.create_user("norole", password="x")
    assert not Unit.objects.restrict(user, "view").exists()
    assert scopes_for(user, "view") == []


def test_the_system_operator_sees_everything():
    op = SystemOperator()
    assert Unit.objects.restrict(op, "restructure").count() == Unit.objects.count()
    assert AuditRecord.objects.restrict(op, "view_audit").count() == AuditRecord.objects.count()


def test_roles_accumulate_across_scopes(personas, operator):
    officer = personas["commune_officer"]
    role_grant(actor=operator, user=officer, role="unit_officer", scope_code="NCT.08.02269")
    officer = get_user_model().objects.get(pk=officer.pk)
    assert unit_codes(Unit.objects.restrict(officer, "view")) == BADINH | {"NCT.08.02269"}
    role_grant(actor=operator, user=officer, role="inspector", scope_code="CTD")
    officer = get_user_model().objects.get(pk=officer.pk)
    assert unit_codes(Unit.objects.restrict(officer, "view")) == BADINH | {"NCT.08.02269"} | CTD
    assert unit_codes(Unit.objects.restrict(officer, "change")) == BADINH | {"NCT.08.02269"}


def test_unit_officers_restructure_below_their_root_but_not_the_root(personas):
    commune, province = personas["commune_officer"], personas["province_officer"]
    assert not can_restructure(commune, get("NCT.01.00004"))
    assert can_restructure(commune, get("NCT.01.00004.001"))
    assert can_place_under(commune, get("NCT.01.00004"))
    assert not can_place_under(commune, get("NCT.01"))
    assert not can_restructure(province, get("NCT.01"))
    assert can_restructure(province, get("NCT.01.00004"))
    assert can_restructure(province, get("NCT.01.00004.001"))
    assert not can_restructure(province, get("NCT.08.02269"))
    assert not can_place_under(province, get("NCT.08"))
    assert can_restructure(personas["assoc_admin"], get("NCT.01"))
    assert not can_restructure(personas["assoc_admin"], get("CTD.01"))
    assert not can_restructure(personas["inspector"], get("NCT.01.00004.001"))
    assert not can_restructure(personas["overseer"], get("NCT.01.00004.001"))


def test_recheck_refuses_objects_out_of_scope(personas):
    officer = personas["province_officer"]
    recheck(officer, "view", Unit, [get("NCT.01.00004").pk])
    with pytest.raises(Forbidden):
        recheck(officer, "view", Unit, [get("NCT.01.00004").pk, get("NCT.08").pk])


def test_services_recheck_scope_after_writing(personas, monkeypatch):
    """Even if a pre-check were missing, the write is re-checked inside its transaction and rolled back."""
    monkeypatch.setattr(restructuring, "_check_parent", lambda actor, parent, day: None)
    refused(
        "forbidden",
        unit_move,
        actor=personas["province_officer"],
        unit=get("NCT.01.00004.001"),
        new_parent=get("NCT.08.02269"),
        basis=Basis(effective_date=d("01/10/2025")),
    )
    assert get("NCT.01.00004.001").parent.code == "NCT.01.00004"


def test_a_unit_officer_cannot_move_a_unit_out_of_its_subtree(personas):
    before = state()
    for target in ("NCT.08.02269", "CTD.01.00004"):
        with pytest.raises(Exception) as info:
            unit_move(
                actor=personas["province_officer"],
                unit=get("NCT.01.00004.001"),
                new_parent=get(target),
                basis=Basis(effective_date=d("01/10/2025")),
            )
        assert info.value.code == "not_found"
    assert state() == before


# ---------------------------------------------------------------------------------------------------------
# Paths: the subtree range matches exactly the descendants, never a sibling with a shared prefix.

TRICKY_IDS = [1, 2, 9, 10, 11, 12, 19, 20, 99, 100, 101, 110, 111, 1000, 9_999_999, 10_000_000, 99_999_999]


@st.composite
def trees(draw):
    ids = draw(
        st.lists(
            st.one_of(st.sampled_from(TRICKY_IDS), st.integers(1, 300), st.integers(1, 99_999_999)),
            min_size=1,
            max_size=25,
            unique=True,
        )
    )
    paths: list[str] = []
    for i, pk in enumerate(ids):
        parent = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        paths.append(child_path(paths[parent] if parent is not None else None, pk))
    return paths


def test_path_helpers():
    assert child_path(None, 7) == "00000007"
    assert child_path("00000007", 12) == "0000000700000012"
    assert upper_bound("0000000700000012") == "0000000700000013"
    assert upper_bound("00000009") == "0000001"
    assert depth("0000000700000012") == 2
    assert ancestor_paths("000000070000001200000003") == ["00000007", "0000000700000012"]
    assert upper_bound("0000000799999999") == "00000008"
    assert upper_bound("9999999999999999") is None
    with pytest.raises(ValueError):
        child_path("00000007", 100_000_000)


# The next sibling of a parent whose last child has the id 99999999 (adding 1 to the path would carry).
CARRY = ["00000001", "0000000199999999", "000000019999999900000003", "00000002", "99999999", "9999999900000001"]


@given(trees())
@example(CARRY)
@settings(max_examples=300, deadline=None)
def test_path_range_is_the_startswith_definition(paths):
    for root in paths:
        bound = upper_bound(root)
        for p in paths:
            assert (root <= p and (bound is None or p < bound)) == p.startswith(root)


@given(trees())
@example(CARRY)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_subtree_q_in_the_database_is_the_startswith_definition(db, paths):
    rid = uuid.uuid4()
    AuditRecord.objects.bulk_create(
        [AuditRecord(request_id=rid, source="system", action="path-test", unit_path=p) for p in paths]
    )
    rows = AuditRecord.objects.filter(request_id=rid)
    for root in paths:
        expected = sorted(p for p in paths if p.startswith(root))
        assert sorted(rows.filter(subtree_q("unit_path", root)).values_list("unit_path", flat=True)) == expected
        below = sorted(
            rows.filter(subtree_q("unit_path", root, include_root=False)).values_list("unit_path", flat=True)
        )
        assert below == [p for p in expected if p != root]


def test_the_recheck_is_for_restructuring_not_mere_visibility(personas, operator, monkeypatch):
    """An officer who may restructure NCT.01.00004 and only read the rest of NCT: a write that lands outside
    the restructuring scope is rolled back even though the result is visible to it."""
    officer = personas["commune_officer"]
    role_grant(actor=operator, user=officer, role="inspector", scope_code="NCT")
    officer = get_user_model().objects.get(pk=officer.pk)
    monkeypatch.setattr(restructuring, "_check_parent", lambda actor, parent, day: None)
    refused(
        "forbidden",
        unit_move,
        actor=officer,
        unit=get("NCT.01.00004.001"),
        new_parent=get("NCT.01.00008"),
        basis=Basis(effective_date=d("01/10/2025")),
    )


def test_unit_officers_see_but_cannot_change_their_association(personas):
    from quanlyhoi.orgs.models import Association

    officer = personas["province_officer"]
    assert list(Association.objects.restrict(officer, "view").values_list("code", flat=True)) == ["NCT"]
    assert not Association.objects.restrict(officer, "change").exists()
    assert list(Association.objects.restrict(personas["assoc_admin"], "change").values_list("code", flat=True)) == [
        "NCT"
    ]
