"""The registry: overseers, associations, their chapter tree (units) and restructuring events.

A unit's identity (code, association, level) never changes. What changes over time (name, parent, path in
the tree, administrative area) lives in UnitPeriod rows with [valid_from, valid_to) intervals, so the tree as
of any date is a query on UnitPeriod. The few fields copied onto Unit are its latest state, used for scoping
and for fast current lists; services keep them in step.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.paths import subtree_q
from quanlyhoi.core.scoping import ASSOCIATION, UNIT, ScopedQuerySet, association_or_path_q
from quanlyhoi.geo.models import AdminArea


def valid_on_q(day: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": day})
    )


class Overseer(models.Model):
    """The body that oversees the mass associations, valid for a period (it changed twice in 2025)."""

    name = models.CharField(_("name"), max_length=200)
    short_name = models.CharField(_("short name"), max_length=60, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["valid_from"]
        verbose_name = _("overseer")
        verbose_name_plural = _("overseers")

    def __str__(self) -> str:
        return self.name


class AssociationQuerySet(ScopedQuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(valid_on_q(day))


class Association(models.Model):
    """A mass association (hội), e.g. Hội Người cao tuổi Việt Nam, code NCT."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=250)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    name_folded = models.CharField(max_length=250, editable=False, db_index=True)
    legal_basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    has_party_delegation = models.BooleanField(_("has a Party delegation"), default=False)
    is_centrally_assigned = models.BooleanField(_("assigned tasks by the Party and State at central level"))
    is_confirmed = models.BooleanField(_("listing confirmed"), default=True)
    note = models.TextField(_("note"), blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    objects = AssociationQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("association")
        verbose_name_plural = _("associations")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope):
        # A unit officer sees the association its unit belongs to, but only the association's own
        # administrators (or the system's) may change its record.
        if scope.kind == UNIT and scope.action != "view":
            return Q(pk__in=[])
        return Q(pk=scope.association_id)


class UnitLevel(models.Model):
    """A level of an association's tree (central, province, commune, branch, group), ordered by rank."""

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="levels")
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    rank = models.PositiveSmallIntegerField(_("rank"))
    has_area = models.CharField(
        _("administrative area level"),
        max_length=10,
        choices=AdminArea.Level.choices,
        blank=True,
        help_text=_("Units of this level sit in an area of this level."),
    )

    class Meta:
        ordering = ["association", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["association", "code"], name="orgs_level_unique_code"),
            models.UniqueConstraint(fields=["association", "rank"], name="orgs_level_unique_rank"),
        ]
        verbose_name = _("unit level")
        verbose_name_plural = _("unit levels")

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(ScopedQuerySet):
    def subtree(self, unit: "Unit", *, include_root: bool = True):
        return self.filter(subtree_q("path", unit.path, include_root=include_root))

    def valid_on(self, day: datetime.date):
        return self.filter(valid_on_q(day))

    def search(self, text: str):
        from quanlyhoi.core.text import fold

        folded = fold(text)
        if not folded:
            return self
        return self.filter(Q(name_folded__contains=folded) | Q(code__istartswith=text.strip()))


class Unit(models.Model):
    """A chapter (cấp hội): central office, province or commune chapter, branch, group."""

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="units")
    level = models.ForeignKey(UnitLevel, on_delete=models.PROTECT, related_name="units")
    code = models.CharField(_("code"), max_length=60, unique=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    note = models.TextField(_("note"), blank=True)
    # Latest state, mirrored from the newest UnitPeriod.
    name = models.CharField(_("name"), max_length=250)
    name_folded = models.CharField(max_length=250, editable=False, db_index=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("parent")
    )
    area = models.ForeignKey(
        AdminArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    path = models.CharField(max_length=255, db_index=True, editable=False)

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @classmethod
    def scope_q(cls, scope):
        return association_or_path_q(scope, association_field="association_id", path_field="path")

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day < self.valid_to)


class UnitPeriodQuerySet(ScopedQuerySet):
    def as_of(self, day: datetime.date):
        return self.filter(valid_on_q(day))

    def subtree(self, path: str, *, include_root: bool = True):
        return self.filter(subtree_q("path", path, include_root=include_root))


class UnitPeriod(models.Model):
    """The state of a unit over [valid_from, valid_to): its name, parent, path and area."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="periods")
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    name = models.CharField(max_length=250)
    parent = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    path = models.CharField(max_length=255)
    area = models.ForeignKey(AdminArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    event = models.ForeignKey(
        "RestructuringEvent", null=True, blank=True, on_delete=models.PROTECT, related_name="periods"
    )

    objects = UnitPeriodQuerySet.as_manager()

    class Meta:
        ordering = ["path", "valid_from"]
        indexes = [
            models.Index(fields=["path", "valid_from"]),
            models.Index(fields=["unit", "valid_from"]),
            models.Index(fields=["parent", "valid_from"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["unit", "valid_from"], name="orgs_period_unique_start"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="orgs_period_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} [{self.valid_from}, {self.valid_to or '…'})"

    @classmethod
    def scope_q(cls, scope):
        # Scoped by the unit's latest place in the tree, like the unit itself.
        return association_or_path_q(scope, association_field="unit__association_id", path_field="unit__path")


class RestructuringEvent(models.Model):
    """One restructuring decision: create, rename, move, merge, split or dissolve, with its legal basis."""

    class Kind(models.TextChoices):
        CREATE = "create", _("Create")
        RENAME = "rename", _("Rename")
        MOVE = "move", _("Move")
        MERGE = "merge", _("Merge")
        SPLIT = "split", _("Split")
        DISSOLVE = "dissolve", _("Dissolve")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="events")
    effective_date = models.DateField(_("effective date"), db_index=True)
    decision_number = models.CharField(_("decision number"), max_length=100, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    summary = models.CharField(max_length=500, blank=True)
    # The unit under which the event happened (for scoping: a province officer sees its subtree's events).
    scope_path = models.CharField(max_length=255, blank=True, db_index=True)
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_date", "-id"]
        verbose_name = _("restructuring event")
        verbose_name_plural = _("restructuring events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.effective_date:%d/%m/%Y}: {self.summary}"

    @classmethod
    def scope_q(cls, scope):
        if scope.kind == ASSOCIATION:
            return Q(association_id=scope.association_id)
        assert scope.kind == UNIT
        return subtree_q("scope_path", scope.path)


class EventUnit(models.Model):
    """A unit touched by an event, and how."""

    class Role(models.TextChoices):
        CREATED = "created", _("created")
        RENAMED = "renamed", _("renamed")
        MOVED = "moved", _("moved")
        SOURCE = "source", _("merged or split away")
        TARGET = "target", _("received the merge")
        DISSOLVED = "dissolved", _("dissolved")

    event = models.ForeignKey(RestructuringEvent, on_delete=models.PROTECT, related_name="unit_links")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="event_links")
    role = models.CharField(max_length=10, choices=Role.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "unit"], name="orgs_eventunit_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.role} in {self.event_id}"


class Lineage(models.Model):
    """Predecessor -> successor, from merges and splits: what lets a user compare a unit with its past."""

    event = models.ForeignKey(RestructuringEvent, on_delete=models.PROTECT, related_name="lineage")
    predecessor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="successor_links")
    successor = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="predecessor_links")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="orgs_lineage_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor_id} -> {self.successor_id}"
