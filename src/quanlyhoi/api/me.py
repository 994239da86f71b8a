"""The current user, and user management for those who hold `manage_users` somewhere."""

from __future__ import annotations

from django.db.models import Q
from ninja import Query, Router

from quanlyhoi.accounts import services
from quanlyhoi.accounts.models import RoleAssignment
from quanlyhoi.api.common import Page, Paging, Status, actor, page
from quanlyhoi.api.schemas import Error, MeOut, RoleIn, RoleOut, UserCreate, UserOut, UserQuery
from quanlyhoi.core.errors import Forbidden, NotFound
from quanlyhoi.core.roles import ROLE_ACTIONS, Action, Role
from quanlyhoi.core.scoping import scopes_for

me_router = Router(tags=["me"])
users_router = Router(tags=["users"])
ERRORS = {400: Error, 403: Error, 404: Error, 409: Error, 422: Error}
ACTIONS = Action.ALL


def role_row(ra: RoleAssignment) -> dict:
    return {
        "id": ra.pk,
        "role": ra.role,
        "role_label": str(Role(ra.role).label),
        "scope": ra.scope_code,
        "scope_label": ra.scope_label,
    }


def _assignments(user):
    return RoleAssignment.objects.filter(user=user).select_related("association", "unit").order_by("pk")


@me_router.get("", response=MeOut, summary="Người dùng hiện tại: vai trò, phạm vi, quyền")
def me(request):
    user = actor(request)
    assignments = list(_assignments(user))
    actions = {
        action: sorted({ra.scope_code for ra in assignments if action in ROLE_ACTIONS.get(ra.role, ())})
        for action in ACTIONS
    }
    return {
        "id": user.pk,
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "roles": [role_row(ra) for ra in assignments],
        "actions": {k: v for k, v in actions.items() if v},
    }


def _manager(request):
    user = actor(request)
    if not scopes_for(user, Action.MANAGE_USERS):
        raise Forbidden("Bạn không có quyền quản lý người dùng.")
    return user


def user_row(manager, user) -> dict:
    # Only the roles inside the manager's own user-management scope are shown.
    roles = RoleAssignment.objects.restrict(manager, Action.MANAGE_USERS).filter(user=user)
    return {
        "id": user.pk,
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "roles": [role_row(ra) for ra in roles.select_related("association", "unit").order_by("pk")],
    }


@users_router.get("", response={200: Page[UserOut], 403: Error}, summary="Người dùng trong phạm vi quản lý")
def user_list(request, filters: Query[UserQuery], paging: Query[Paging]):
    manager = _manager(request)
    qs = services.users_visible(manager).order_by("username")
    if filters.q and filters.q.strip():
        text = filters.q.strip()
        qs = qs.filter(
            Q(username__icontains=text)
            | Q(first_name__icontains=text)
            | Q(last_name__icontains=text)
            | Q(email__icontains=text)
        )
    return page(qs, paging, lambda u: user_row(manager, u))


@users_router.post("", response={201: UserOut, **ERRORS}, summary="Thêm người dùng với một vai trò")
def user_add(request, payload: UserCreate):
    manager = _manager(request)
    user = services.user_create(
        actor=manager,
        username=payload.username,
        password=payload.password,
        role=payload.role,
        scope_code=payload.scope,
        first_name=payload.first_name,
        last_name=payload.last_name,
        email=payload.email,
    )
    return Status(201, user_row(manager, user))


@users_router.get("/{int:user_id}", response={200: UserOut, **ERRORS}, summary="Một người dùng")
def user_detail(request, user_id: int):
    manager = _manager(request)
    return user_row(manager, services.get_managed_user(manager, user_id))


@users_router.post("/{int:user_id}/roles", response={201: RoleOut, **ERRORS}, summary="Gán vai trò")
def role_add(request, user_id: int, payload: RoleIn):
    manager = _manager(request)
    user = services.get_managed_user(manager, user_id)
    assignment = services.role_grant(actor=manager, user=user, role=payload.role, scope_code=payload.scope)
    return Status(201, role_row(assignment))


@users_router.delete(
    "/{int:user_id}/roles/{int:assignment_id}", response={204: None, **ERRORS}, summary="Thu hồi vai trò"
)
def role_delete(request, user_id: int, assignment_id: int):
    manager = _manager(request)
    user = services.get_managed_user(manager, user_id)
    assignment = RoleAssignment.objects.filter(pk=assignment_id, user=user).select_related("unit").first()
    if assignment is None:
        raise NotFound("Không tìm thấy vai trò.")
    services.role_revoke(actor=manager, assignment=assignment)
    return Status(204, None)
