"""Users, roles and API tokens. Granting is scoped: one can only grant roles inside one's own
user-management scope, and only system administrators grant system-wide roles."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from quanlyhoi.accounts.models import ApiToken, RoleAssignment
from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.roles import SYSTEM_ONLY_ROLES, Role
from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, forget_scopes, has_system_scope, scopes_for
from quanlyhoi.orgs.models import Association, Unit

User = get_user_model()
USER_FIELDS = ["username", "first_name", "last_name", "email", "is_active"]


def resolve_scope(actor, scope_code: str | None) -> tuple[Association | None, Unit | None]:
    """'*' or empty = whole system; an association code (NCT); or a unit code (NCT.01.00004).

    Only among what `actor` can see, so that the answer for an unknown code and for a code outside the
    actor's scope is the same (no enumeration of other associations' units)."""
    code = (scope_code or "").strip().upper()
    if code in {"", "*"}:
        return None, None
    association = Association.objects.restrict(actor, "view").filter(code=code).first()
    if association is not None:
        return association, None
    unit = Unit.objects.restrict(actor, "view").filter(code=code).first()
    if unit is None:
        raise DomainError("unknown_scope", f"Không có hội hoặc đơn vị mang mã {code}.", field="scope")
    return None, unit


def _require_user_management(actor) -> None:
    if not scopes_for(actor, "manage_users"):
        raise Forbidden("Bạn không có quyền quản lý người dùng.")


def _may_grant(actor, association: Association | None, unit: Unit | None) -> bool:
    for scope in scopes_for(actor, "manage_users"):
        if scope.kind == SYSTEM:
            return True
        if scope.kind == ASSOCIATION:
            if (association and association.pk == scope.association_id) or (
                unit and unit.association_id == scope.association_id
            ):
                return True
        elif unit is not None and unit.path.startswith(scope.path):
            return True
    return False


def users_visible(actor):
    """Users that `actor` may manage: those holding a role inside its user-management scope."""
    if has_system_scope(actor, "manage_users"):
        return User.objects.all()
    assignments = RoleAssignment.objects.restrict(actor, "manage_users")
    return User.objects.filter(pk__in=assignments.values("user_id"))


def _has_wider_rights(actor, user) -> bool:
    """Whether `user` holds a role outside `actor`'s user-management scope (or is a superuser). Such a user is
    listed, but editing the account itself (password, deactivation) would let a narrower administrator take
    over a wider account, e.g. reset the password of a system administrator who also inspects one association."""
    if has_system_scope(actor, "manage_users"):
        return False
    inside = RoleAssignment.objects.restrict(actor, "manage_users")
    return user.is_superuser or RoleAssignment.objects.filter(user=user).exclude(pk__in=inside.values("pk")).exists()


def get_managed_user(actor, user_id: int):
    user = users_visible(actor).filter(pk=user_id).first()
    if user is None:
        raise NotFound("Không tìm thấy người dùng.")
    return user


def _check_password(password: str, user=None) -> None:
    try:
        password_validation.validate_password(password, user)
    except ValidationError as exc:
        raise DomainError("weak_password", " ".join(exc.messages), field="password") from exc


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    password: str,
    role: str,
    scope_code: str | None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
) -> User:
    """Create a user with a first role; the role's scope must lie within the actor's own."""
    _require_user_management(actor)
    username = (username or "").strip()
    if not username:
        raise DomainError("username_required", "Tên đăng nhập không được để trống.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError("username_taken", f"Tên đăng nhập {username} đã có.", status=409, field="username")
    user = User(username=username, first_name=first_name.strip(), last_name=last_name.strip(), email=email.strip())
    _check_password(password, user)
    association, unit = resolve_scope(actor, scope_code)
    _check_grant(actor, role, association, unit)
    user.set_password(password)
    user.save()
    audit.record(
        actor=actor,
        action="create",
        obj=user,
        changes=audit.diff({}, audit.snapshot(user, USER_FIELDS)),
        association_id=(association or unit).pk if association else (unit.association_id if unit else None),
        unit_path=unit.path if unit else "",
    )
    role_grant(actor=actor, user=user, role=role, scope_code=scope_code)
    return user


def _check_grant(actor, role: str, association, unit) -> None:
    if role not in Role.values:
        raise DomainError(
            "unknown_role", f"Vai trò '{role}' không tồn tại. Có: {', '.join(Role.values)}.", field="role"
        )
    if role in SYSTEM_ONLY_ROLES and (association or unit):
        raise DomainError("system_role_scope", "Vai trò này chỉ gán trên toàn hệ thống.", field="scope")
    if role in SYSTEM_ONLY_ROLES and not has_system_scope(actor, "manage_users"):
        raise Forbidden("Chỉ quản trị hệ thống mới gán được vai trò này.")
    if role == Role.UNIT_OFFICER and unit is None:
        raise DomainError("unit_role_scope", "Cán bộ đơn vị phải được gán trên một đơn vị.", field="scope")
    if not (association or unit) and not has_system_scope(actor, "manage_users"):
        raise Forbidden("Chỉ quản trị hệ thống mới gán được quyền trên toàn hệ thống.")
    if not _may_grant(actor, association, unit):
        raise Forbidden("Phạm vi được gán nằm ngoài phạm vi quản lý của bạn.")


@transaction.atomic
def role_grant(*, actor, user, role: str, scope_code: str | None) -> RoleAssignment:
    _require_user_management(actor)
    association, unit = resolve_scope(actor, scope_code)
    _check_grant(actor, role, association, unit)
    if RoleAssignment.objects.filter(user=user, role=role, association=association, unit=unit).exists():
        raise DomainError("role_exists", "Người dùng đã có vai trò này trên phạm vi này.", status=409)
    ra = RoleAssignment.objects.create(
        user=user,
        role=role,
        association=association,
        unit=unit,
        granted_by=actor if getattr(actor, "pk", None) else None,
    )
    forget_scopes(user)
    audit.record(
        actor=actor,
        action="role_grant",
        obj=user,
        object_repr=user.get_username(),
        changes={"role": [None, role], "scope": [None, ra.scope_code]},
        association_id=association.pk if association else (unit.association_id if unit else None),
        unit_path=unit.path if unit else "",
    )
    return ra


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    visible = RoleAssignment.objects.restrict(actor, "manage_users").filter(pk=assignment.pk).exists()
    if not visible and not has_system_scope(actor, "manage_users"):
        raise NotFound()
    _check_grant(actor, assignment.role, assignment.association, assignment.unit)
    if getattr(actor, "pk", None) == assignment.user_id and assignment.role == Role.SYSTEM_ADMIN:
        raise DomainError("self_lockout", "Không thể tự thu hồi quyền quản trị hệ thống của chính mình.")
    scope_code = assignment.scope_code
    user = assignment.user
    assignment.delete()
    forget_scopes(user)
    audit.record(
        actor=actor,
        action="role_revoke",
        obj=user,
        object_repr=user.get_username(),
        changes={"role": [assignment.role, None], "scope": [scope_code, None]},
        association_id=assignment.association_id or (assignment.unit.association_id if assignment.unit_id else None),
        unit_path=assignment.unit.path if assignment.unit_id else "",
    )


@transaction.atomic
def user_update(*, actor, user, data: dict) -> User:
    """Edit name, e-mail, active flag; optionally set a new password."""
    get_managed_user(actor, user.pk)
    if _has_wider_rights(actor, user):
        raise Forbidden("Người dùng này còn có vai trò ngoài phạm vi quản lý của bạn; chỉ quản trị cấp trên sửa được.")
    before = audit.snapshot(user, USER_FIELDS)
    for key in ("first_name", "last_name", "email"):
        if key in data:
            setattr(user, key, (data[key] or "").strip())
    if "is_active" in data:
        if getattr(actor, "pk", None) == user.pk and not data["is_active"]:
            raise DomainError("self_lockout", "Không thể tự khoá tài khoản của chính mình.")
        user.is_active = bool(data["is_active"])
    changes = {}
    if data.get("password"):
        _check_password(data["password"], user)
        user.set_password(data["password"])
        changes["password"] = ["***", "*** (đã đổi)"]
    user.save()
    changes.update(audit.diff(before, audit.snapshot(user, USER_FIELDS)))
    if changes:
        audit.record(actor=actor, action="update", obj=user, changes=changes)
    return user


@transaction.atomic
def password_change(*, user, password: str) -> None:
    """A user changes their own password (the caller has checked the old one); audited like an update."""
    _check_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    audit.record(
        actor=user,
        action="password_change",
        obj=user,
        object_repr=user.get_username(),
        changes={"password": ["***", "*** (đã đổi)"]},
    )


@transaction.atomic
def token_create(*, user) -> tuple[ApiToken, str]:
    """A new API token for `user`; the raw value is returned once and never stored."""
    raw = ApiToken.new_raw()
    token = ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash(raw),
        prefix=raw[:8],
        expires_at=timezone.now() + datetime.timedelta(days=settings.API_TOKEN_DAYS),
    )
    audit.record(
        actor=user,
        action="token_create",
        obj=user,
        object_repr=user.get_username(),
        changes={"token": [None, token.prefix + "…"]},
    )
    return token, raw


@transaction.atomic
def token_revoke(*, user, raw: str) -> None:
    """Revoke one of `user`'s API tokens by its raw value (the API's "log out")."""
    token = ApiToken.objects.filter(user=user, key_hash=ApiToken.hash(raw), revoked=False).first()
    if token is None:
        raise NotFound("Không tìm thấy mã truy cập.")
    token.revoked = True
    token.save(update_fields=["revoked"])
    audit.record(
        actor=user,
        action="token_revoke",
        obj=user,
        object_repr=user.get_username(),
        changes={"token": [token.prefix + "…", None]},
    )


def token_user(raw: str):
    """The active user behind a raw token, or None."""
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash(raw), revoked=False, expires_at__gt=timezone.now())
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
