"""The demo loader on top of the test world: idempotent, and every association gets a central unit and one
chapter per current province."""

import pytest
from django.contrib.auth import get_user_model

from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.demo import DEMO_USERS, load_demo
from quanlyhoi.geo.models import REFORM_2025, AdminArea
from quanlyhoi.orgs.models import Association, RestructuringEvent, Unit, UnitPeriod
from tests.orgs.util import check_invariants

pytestmark = pytest.mark.django_db


def counts():
    return {m.__name__: m.objects.count() for m in (Unit, UnitPeriod, RestructuringEvent, AuditRecord)}


def test_load_demo_twice_creates_nothing_the_second_time():
    world_units = set(Unit.objects.values_list("code", flat=True))
    logins = load_demo()
    after_first = counts()
    assert load_demo() == logins
    assert counts() == after_first
    assert get_user_model().objects.filter(username__in=[u for u, *_ in DEMO_USERS]).count() == len(DEMO_USERS)
    assert [x["username"] for x in logins] == [u for u, *_ in DEMO_USERS]
    assert RoleAssignment.objects.filter(user__username="tinh_nct_hn").get().unit.code == "NCT.01"

    # The world's NCT and CTD trees were left as they were.
    assert set(Unit.objects.filter(association__code__in=["NCT", "CTD"]).values_list("code", flat=True)) == world_units

    provinces = set(AdminArea.objects.filter(generation="2025", level="province").values_list("pk", flat=True))
    others = Association.objects.exclude(code__in=["NCT", "CTD"])
    assert others.count() == 27
    for association in others:
        units = Unit.objects.filter(association=association)
        root = units.get(parent__isnull=True)
        assert (root.code, root.level.code) == (association.code, "central")
        chapters = units.filter(level__code="province", valid_to__isnull=True)
        assert chapters.count() == 34, association.code
        assert set(chapters.values_list("area_id", flat=True)) == provinces
        assert set(chapters.values_list("parent_id", flat=True)) == {root.pk}
        assert set(chapters.values_list("valid_from", flat=True)) == {REFORM_2025}
        assert units.count() == 35
    check_invariants()


@pytest.mark.django_db
def test_more_demo_members_are_imported_once():
    """`quanlyhoi demo --members N`: generated members through the real import; a second run adds nothing."""
    from quanlyhoi.core.scoping import SystemOperator
    from quanlyhoi.members.demo import load_more_members
    from quanlyhoi.members.models import Membership

    first = load_more_members(SystemOperator("test"), 300, say=lambda m: None)
    assert first["written"] >= 280
    assert Membership.objects.filter(association__code="NCT").count() == first["written"]
    assert load_more_members(SystemOperator("test"), 300, say=lambda m: None)["written"] == 0
