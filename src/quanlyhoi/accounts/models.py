"""Roles on a scope, and API tokens. Users are Django's own `auth.User`."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.paths import subtree_q
from quanlyhoi.core.roles import Role
from quanlyhoi.core.scoping import ASSOCIATION, ScopedQuerySet


class RoleAssignmentQuerySet(ScopedQuerySet):
    pass


class RoleAssignment(models.Model):
    """A role held on a scope: the whole system (no association, no unit), one association, or a unit subtree."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    association = models.ForeignKey(
        "orgs.Association", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey("orgs.Unit", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(association__isnull=True) | Q(unit__isnull=True), name="accounts_role_one_scope"
            ),
            # One per scope kind: partial unique indexes work on SQLite and PostgreSQL alike
            # (NULLS NOT DISTINCT is PostgreSQL-only).
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(association__isnull=True, unit__isnull=True),
                name="accounts_role_unique_system",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "association"],
                condition=Q(association__isnull=False),
                name="accounts_role_unique_association",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "unit"], condition=Q(unit__isnull=False), name="accounts_role_unique_unit"
            ),
        ]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        return f"{self.get_role_display()} — {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.unit_id:
            return str(self.unit)
        if self.association_id:
            return str(self.association)
        return str(_("Whole system"))

    @property
    def scope_code(self) -> str:
        if self.unit_id:
            return self.unit.code
        if self.association_id:
            return self.association.code
        return "*"

    @classmethod
    def scope_q(cls, scope):
        # An assignment is inside a scope when its own scope is: the association, or a unit in the subtree.
        if scope.kind == ASSOCIATION:
            return Q(association_id=scope.association_id) | Q(unit__association_id=scope.association_id)
        return subtree_q("unit__path", scope.path)


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for the REST API. Only its SHA-256 is stored; the raw value is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def new_raw() -> str:
        return secrets.token_urlsafe(32)

    @staticmethod
    def hash(raw: str) -> str:
        return _hash(raw)
