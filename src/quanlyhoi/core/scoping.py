"""The one scoping choke point.

Every queryset of scoped data goes through `Model.objects.restrict(actor, action)`. A model opts in by using
`ScopedQuerySet` and defining `scope_q(scope) -> Q`. The actor's scopes come from its role assignments: the
whole system, one association, or one unit's subtree (a range on the materialised path).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.db.models import Q

from quanlyhoi.core.paths import subtree_q

SYSTEM = "system"
ASSOCIATION = "association"
UNIT = "unit"


@dataclass(frozen=True)
class Scope:
    kind: str
    association_id: int | None = None
    unit_id: int | None = None
    path: str | None = None
    action: str = "view"


class SystemOperator:
    """The operator of a CLI command run without --as: full access, audited as such."""

    is_authenticated = True
    is_active = True
    is_system_operator = True
    pk = None
    id = None

    def __init__(self, name: str = "cli"):
        self.username = name

    def __str__(self) -> str:
        return self.username


def scopes_for(actor, action: str) -> list[Scope]:
    """The scopes in which `actor` may perform `action`; cached on the actor object for its lifetime."""
    if actor is None or not getattr(actor, "is_authenticated", False) or not getattr(actor, "is_active", False):
        return []
    if getattr(actor, "is_system_operator", False):
        return [Scope(SYSTEM)]
    cache = actor.__dict__.setdefault("_qlh_scopes", {})
    if action not in cache:
        from quanlyhoi.accounts.models import RoleAssignment
        from quanlyhoi.core.roles import ROLE_ACTIONS

        scopes = []
        for ra in RoleAssignment.objects.filter(user_id=actor.pk).select_related("unit"):
            if action not in ROLE_ACTIONS.get(ra.role, ()):
                continue
            if ra.unit_id:
                scopes.append(Scope(UNIT, ra.unit.association_id, ra.unit_id, ra.unit.path, action))
            elif ra.association_id:
                scopes.append(Scope(ASSOCIATION, ra.association_id, action=action))
            else:
                scopes.append(Scope(SYSTEM, action=action))
        cache[action] = scopes
    return cache[action]


def forget_scopes(actor) -> None:
    if actor is not None and hasattr(actor, "__dict__"):
        actor.__dict__.pop("_qlh_scopes", None)


def has_system_scope(actor, action: str) -> bool:
    return any(s.kind == SYSTEM for s in scopes_for(actor, action))


def association_or_path_q(scope: Scope, *, association_field: str, path_field: str) -> Q:
    """The usual rule: association scope matches the association, unit scope the unit subtree."""
    if scope.kind == ASSOCIATION:
        return Q(**{association_field: scope.association_id})
    return subtree_q(path_field, scope.path)


class ScopedQuerySet(models.QuerySet):
    def restrict(self, actor, action: str = "view"):
        scopes = scopes_for(actor, action)
        if not scopes:
            return self.none()
        if any(s.kind == SYSTEM for s in scopes):
            return self
        q = Q()
        for scope in scopes:
            q |= self.model.scope_q(scope)
        return self.filter(q)
