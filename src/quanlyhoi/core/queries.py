"""Audit reads for the web pages: what of the log a user may see."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from quanlyhoi.core import audit
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.core.scoping import scopes_for

# Security events, not changes: kept out of "recent changes" on the dashboard (the audit log shows them).
AUTH_ACTIONS = ("login", "logout", "login_failed")


def can_view_audit(user) -> bool:
    return bool(scopes_for(user, "view_audit"))


def visible_audit(user):
    return AuditRecord.objects.restrict(user, "view_audit")


def object_history(user, obj: models.Model, *, include_unscoped: bool = False):
    """The audit records of one object that `user` may see, newest first.

    Callers fetch `obj` through `restrict` first. `include_unscoped` also admits the records that belong to no
    association (a user account's own updates, logins, tokens): for pages whose object the user manages as a
    whole, such as an account within one's user-management scope."""
    records = audit.history(obj)
    visible = records.restrict(user, "view_audit")
    if include_unscoped and can_view_audit(user):
        unscoped = Q(association_id__isnull=True, unit_path="")
        visible = records.filter(Q(pk__in=visible.values("pk")) | unscoped)
    return visible.order_by("-at", "-id")


def recent_changes(user, limit: int = 15):
    return list(visible_audit(user).exclude(action__in=AUTH_ACTIONS)[:limit])
