"""Users and roles: one grants and manages only inside one's own user-management scope."""

import pytest
from django.contrib.auth import get_user_model

from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.accounts.services import (
    get_managed_user,
    role_grant,
    role_revoke,
    user_create,
    user_update,
    users_visible,
)
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.orgs.models import Unit
from tests.orgs.util import is_vietnamese

pytestmark = pytest.mark.django_db

User = get_user_model()
GOOD = "Mat-khau-rat-dai-2026"


def refused(code, fn, /, **kwargs) -> DomainError:
    users, grants = User.objects.count(), RoleAssignment.objects.count()
    with pytest.raises(DomainError) as info:
        fn(**kwargs)
    assert info.value.code == code, f"{info.value.code}: {info.value.message}"
    assert is_vietnamese(info.value.message), info.value.message
    assert (User.objects.count(), RoleAssignment.objects.count()) == (users, grants)
    return info.value


def create(actor, username="nguoi_moi", role="unit_officer", scope="NCT.01.00008", password=GOOD):
    return user_create(actor=actor, username=username, password=password, role=role, scope_code=scope)


def test_association_admin_creates_users_inside_its_association(personas):
    admin = personas["assoc_admin"]
    user = create(admin)
    assert user.check_password(GOOD)
    ra = user.role_assignments.get()
    assert (ra.role, ra.unit.code, ra.association_id, ra.granted_by) == ("unit_officer", "NCT.01.00008", None, admin)
    assert Unit.objects.restrict(user, "change").get().code == "NCT.01.00008"
    inspector = create(admin, username="thanh_tra_2", role="inspector", scope="nct")
    assert inspector.role_assignments.get().association.code == "NCT"


def test_association_admin_cannot_create_users_elsewhere(personas):
    admin = personas["assoc_admin"]
    # Another association's codes answer exactly like codes that do not exist (no enumeration).
    refused("unknown_scope", create, actor=admin, scope="CTD.01")
    refused("unknown_scope", create, actor=admin, role="association_admin", scope="CTD")
    refused("forbidden", create, actor=admin, role="inspector", scope="*")


def test_out_of_scope_scope_code_reads_like_a_missing_one(personas):
    from quanlyhoi.accounts.services import resolve_scope
    from quanlyhoi.core.errors import DomainError

    messages = []
    for code in ("CTD.01", "XYZ.99"):
        try:
            resolve_scope(personas["assoc_admin"], code)
        except DomainError as exc:
            messages.append(exc.message.replace(code, "<code>"))
    assert messages == ["Không có hội hoặc đơn vị mang mã <code>."] * 2


def test_association_admin_cannot_grant_system_roles(personas):
    admin = personas["assoc_admin"]
    refused("forbidden", create, actor=admin, role="system_admin", scope=None)
    refused("forbidden", create, actor=admin, role="overseer", scope="")
    refused("forbidden", role_grant, actor=admin, user=personas["inspector"], role="system_admin", scope_code=None)


def test_system_only_roles_are_refused_with_a_scope(operator):
    refused("system_role_scope", create, actor=operator, role="system_admin", scope="NCT")
    refused("system_role_scope", create, actor=operator, role="overseer", scope="NCT.01")


def test_unit_officer_requires_a_unit(operator):
    refused("unit_role_scope", create, actor=operator, role="unit_officer", scope="NCT")
    refused("unit_role_scope", create, actor=operator, role="unit_officer", scope=None)


def test_unknown_role_and_scope(operator):
    refused("unknown_role", create, actor=operator, role="superuser", scope=None)
    refused("unknown_scope", create, actor=operator, scope="NCT.99")


def test_weak_passwords_are_refused_in_vietnamese(operator):
    err = refused("weak_password", create, actor=operator, password="abc")
    assert "Mật khẩu" in err.message and err.field == "password"
    err = refused("weak_password", create, actor=operator, password="12345678")
    assert "Mật khẩu" in err.message
    refused("weak_password", create, actor=operator, username="nguyenvanan", password="nguyenvanan")


def test_usernames_are_unique_regardless_of_case(operator):
    refused("username_taken", create, actor=operator, username="Province_Officer")
    refused("username_required", create, actor=operator, username="  ")


def test_roles_without_user_management_cannot_create_users(personas):
    for name in ("province_officer", "commune_officer", "inspector", "overseer"):
        refused("forbidden", create, actor=personas[name])


def test_a_role_is_granted_once_per_scope(operator, personas):
    refused("role_exists", role_grant, actor=operator, user=personas["inspector"], role="inspector", scope_code="NCT")
    role_grant(actor=operator, user=personas["inspector"], role="inspector", scope_code="CTD")
    # System-wide roles have no association and no unit: the duplicate check must still hold.
    refused("role_exists", role_grant, actor=operator, user=personas["sysadmin"], role="system_admin", scope_code="*")


def test_grant_takes_effect_at_once_on_the_granted_object(operator, personas):
    user = personas["overseer"]
    assert not Unit.objects.restrict(user, "change").exists()
    role_grant(actor=operator, user=user, role="unit_officer", scope_code="NCT.08")
    assert set(Unit.objects.restrict(user, "change").values_list("code", flat=True)) == {"NCT.08", "NCT.08.02269"}


def test_revoke_within_scope(personas):
    admin = personas["assoc_admin"]
    officer = personas["province_officer"]
    role_revoke(actor=admin, assignment=officer.role_assignments.get())
    assert not officer.role_assignments.exists()
    assert not Unit.objects.restrict(User.objects.get(pk=officer.pk), "view").exists()


def test_revoke_outside_scope_is_not_found(personas):
    refused(
        "not_found",
        role_revoke,
        actor=personas["outsider"],
        assignment=personas["province_officer"].role_assignments.get(),
    )
    refused(
        "not_found", role_revoke, actor=personas["assoc_admin"], assignment=personas["sysadmin"].role_assignments.get()
    )
    refused(
        "not_found",
        role_revoke,
        actor=personas["province_officer"],
        assignment=personas["commune_officer"].role_assignments.get(),
    )


def test_a_system_administrator_cannot_revoke_its_own_role(personas):
    admin = personas["sysadmin"]
    refused("self_lockout", role_revoke, actor=admin, assignment=admin.role_assignments.get())


def test_nobody_deactivates_themselves(personas):
    for name in ("sysadmin", "assoc_admin"):
        user = personas[name]
        refused("self_lockout", user_update, actor=user, user=user, data={"is_active": False})
        assert User.objects.get(pk=user.pk).is_active


def test_association_admin_manages_its_own_users_only(personas):
    admin = personas["assoc_admin"]
    assert set(users_visible(admin).values_list("username", flat=True)) == {
        "assoc_admin",
        "province_officer",
        "commune_officer",
        "inspector",
    }
    assert set(users_visible(personas["outsider"]).values_list("username", flat=True)) == {"outsider"}
    assert users_visible(personas["sysadmin"]).count() == User.objects.count()
    assert not users_visible(personas["province_officer"]).exists()
    user_update(actor=admin, user=personas["province_officer"], data={"is_active": False, "first_name": " Hà "})
    officer = User.objects.get(username="province_officer")
    assert (officer.is_active, officer.first_name) == (False, "Hà")
    with pytest.raises(DomainError) as info:
        user_update(actor=admin, user=personas["outsider"], data={"first_name": "X"})
    assert info.value.code == "not_found"


def test_a_user_with_a_role_elsewhere_cannot_be_edited_by_a_narrower_admin(personas):
    """A system administrator who also inspects NCT must not have its password reset by NCT's administrator."""
    sysadmin = personas["sysadmin"]
    role_grant(actor=SystemOperator(), user=sysadmin, role="inspector", scope_code="NCT")
    admin = personas["assoc_admin"]
    assert get_managed_user(admin, sysadmin.pk) == sysadmin  # listed with the role admin can see
    for data in ({"password": "Mat-khau-chiem-quyen-2026"}, {"is_active": False}, {"email": "x@example.org"}):
        with pytest.raises(DomainError) as info:
            user_update(actor=admin, user=sysadmin, data=data)
        assert info.value.code == "forbidden" and is_vietnamese(info.value.message)
    sysadmin = User.objects.get(pk=sysadmin.pk)
    assert sysadmin.is_active and sysadmin.email == ""
    assert not sysadmin.check_password("Mat-khau-chiem-quyen-2026")
    # Likewise the CTD administrator who also holds a unit role in NCT.
    role_grant(actor=SystemOperator(), user=personas["outsider"], role="unit_officer", scope_code="NCT.02")
    with pytest.raises(DomainError):
        user_update(actor=admin, user=personas["outsider"], data={"is_active": False})
    # The system administrator can.
    user_update(actor=personas["sysadmin"], user=personas["outsider"], data={"first_name": "Ngoài"})


def test_weak_new_password_on_update_is_refused(personas):
    with pytest.raises(DomainError) as info:
        user_update(actor=personas["assoc_admin"], user=personas["inspector"], data={"password": "123"})
    assert info.value.code == "weak_password" and is_vietnamese(info.value.message)


@pytest.mark.parametrize("scope", ["system", "association", "unit"])
def test_the_database_refuses_a_duplicate_role_on_the_same_scope(personas, unit, scope):
    from django.db import IntegrityError, transaction

    from quanlyhoi.accounts.models import RoleAssignment

    user = personas["inspector"]
    where = {"system": {}, "association": {"association": unit("NCT").association}, "unit": {"unit": unit("NCT.01")}}
    RoleAssignment.objects.create(user=user, role="unit_officer", **where[scope])
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role="unit_officer", **where[scope])
