"""Checks that services run before and after a write (the write half of the scoping choke point)."""

from __future__ import annotations

from django.db import models

from quanlyhoi.core.errors import Forbidden, NotFound
from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, scopes_for


def get_visible(queryset: models.QuerySet, actor, message: str | None = None, **lookup):
    """The object if `actor` may see it; NotFound otherwise (missing and out of scope look the same)."""
    obj = queryset.restrict(actor, "view").filter(**lookup).first()
    if obj is None:
        raise NotFound(message) if message else NotFound()
    return obj


def require(actor, action: str, obj: models.Model) -> None:
    """NotFound if `obj` is invisible to `actor`, Forbidden if visible but `action` is not allowed on it."""
    manager = type(obj)._default_manager
    if not manager.restrict(actor, "view").filter(pk=obj.pk).exists():
        raise NotFound()
    if not manager.restrict(actor, action).filter(pk=obj.pk).exists():
        raise Forbidden()


def recheck(actor, action: str, model: type[models.Model], pks) -> None:
    """After a write, inside its transaction: every touched object must still be in scope, or it all rolls back."""
    pks = set(pks)
    visible = set(model._default_manager.restrict(actor, action).filter(pk__in=pks).values_list("pk", flat=True))
    if visible != pks:
        raise Forbidden("Thao tác vượt ra ngoài phạm vi quyền của bạn nên đã bị huỷ.")


def can_restructure(actor, unit) -> bool:
    """Restructuring within one's scope, but never of one's own scope root (a unit officer cannot
    dissolve or move the unit that defines its scope)."""
    for scope in scopes_for(actor, "restructure"):
        if scope.kind == SYSTEM:
            return True
        if scope.kind == ASSOCIATION and scope.association_id == unit.association_id:
            return True
        if scope.kind == "unit" and unit.path.startswith(scope.path) and unit.path != scope.path:
            return True
    return False


def can_place_under(actor, parent) -> bool:
    """A new or moved unit may be placed under any unit of the actor's restructuring scope, root included."""
    for scope in scopes_for(actor, "restructure"):
        if scope.kind == SYSTEM:
            return True
        if scope.kind == ASSOCIATION and scope.association_id == parent.association_id:
            return True
        if scope.kind == "unit" and parent.path.startswith(scope.path):
            return True
    return False
