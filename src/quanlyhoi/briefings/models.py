"""Briefings (giao ban) and what they conclude: directives, each assigned to one or more assignees (a unit, an
association through its central office, or one of the overseer's own departments), followed up by progress
updates with evidence until the assigner accepts them. An assignee may pass its assignment down to the units
directly below it; their progress rolls up.

A briefing is the overseer's (no convening unit) or an association's internal one (convened by one of its
units with the chapters below). "Overdue" is not stored: an open assignment whose due date has passed is
overdue on every reading, so nothing has to run at midnight for it to show."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quanlyhoi.core.paths import subtree_q
from quanlyhoi.core.scoping import ASSOCIATION, ScopedQuerySet
from quanlyhoi.documents.models import RegisteredDocument
from quanlyhoi.orgs.models import Association, Unit
from quanlyhoi.reporting.models import Indicator, Period


class BriefingKind(models.TextChoices):
    SEMIANNUAL = "semiannual", _("Semi-annual briefing")
    ANNUAL = "annual", _("Annual review")
    THEMATIC = "thematic", _("Thematic briefing")
    AD_HOC = "ad_hoc", _("Ad hoc meeting")


class BriefingQuerySet(ScopedQuerySet):
    pass


class Briefing(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=BriefingKind.choices, default=BriefingKind.SEMIANNUAL)
    title = models.CharField(_("title"), max_length=300)
    held_on = models.DateField(_("held on"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    chair = models.CharField(_("chaired by"), max_length=200, blank=True)
    # Empty: the overseer's briefing with the associations; set: a unit's internal briefing with its chapters.
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                             verbose_name=_("convened by"))  # fmt: skip
    associations = models.ManyToManyField(Association, blank=True, related_name="+",
                                          verbose_name=_("participating associations"))  # fmt: skip
    participants = models.TextField(_("participants"), blank=True)  # people, one a line
    agenda = models.TextField(_("agenda"), blank=True)
    period = models.ForeignKey(Period, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("period reviewed"))  # fmt: skip
    report = models.ForeignKey(RegisteredDocument, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("consolidated report reviewed"))  # fmt: skip
    minutes = models.TextField(_("minutes"), blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)

    objects = BriefingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")

    def __str__(self) -> str:
        return self.title

    @classmethod
    def scope_q(cls, scope):
        """An association sees the briefings it took part in and its own units' internal ones; a unit scope its
        subtree's internal briefings and those that assigned it something."""
        assigned = Assignment.objects.filter(Assignment.scope_q(scope)).values("directive__briefing_id")
        if scope.kind == ASSOCIATION:  # subqueries, not joins: a briefing is listed once
            took_part = Briefing.associations.through.objects.filter(association_id=scope.association_id)
            return (
                Q(pk__in=took_part.values("briefing_id"))
                | Q(unit__association_id=scope.association_id)
                | Q(pk__in=assigned)
            )
        return subtree_q("unit__path", scope.path) | Q(pk__in=assigned)


class FileKind(models.TextChoices):
    MINUTES = "minutes", _("Minutes")
    CONCLUSION = "conclusion", _("Conclusion")
    OTHER = "other", _("Other document")


class BriefingFile(models.Model):
    """A document attached to a briefing, kept under DATA_DIR/briefings/."""

    briefing = models.ForeignKey(Briefing, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("kind"), max_length=12, choices=FileKind.choices, default=FileKind.OTHER)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["briefing", "id"]

    def __str__(self) -> str:
        return self.name


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    NORMAL = "normal", _("Normal")
    LOW = "low", _("Low")


class Recurrence(models.TextChoices):
    NONE = "", _("Once")
    QUARTER = "quarter", _("Every quarter")
    HALF = "half", _("Every half-year")
    YEAR = "year", _("Every year")


class Directive(models.Model):
    """A task the briefing concluded: what, by when (or how often), how urgent, and which indicators show its
    progress. Its assignees each carry it out through an Assignment."""

    briefing = models.ForeignKey(Briefing, on_delete=models.PROTECT, related_name="directives")
    title = models.CharField(_("title"), max_length=300)
    content = models.TextField(_("content"), blank=True)
    coordinator = models.CharField(_("coordinated by"), max_length=200, blank=True)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    recurrence = models.CharField(_("recurrence"), max_length=8, choices=Recurrence.choices, blank=True)
    priority = models.CharField(_("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="+", verbose_name=_("linked indicators"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["briefing", "id"]
        verbose_name = _("directive")
        verbose_name_plural = _("directives")

    def __str__(self) -> str:
        return self.title


class State(models.TextChoices):
    NOT_STARTED = "not_started", pgettext_lazy("directive", "Not started")
    IN_PROGRESS = "in_progress", pgettext_lazy("directive", "In progress")
    DONE = "done", _("Done, awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")
    CANCELLED = "cancelled", _("Cancelled")


OPEN = (State.NOT_STARTED, State.IN_PROGRESS)  # what can become overdue


class AssignmentQuerySet(ScopedQuerySet):
    pass


class Assignment(models.Model):
    """One assignee's part of a directive: a unit (an association is assigned through its central office) or a
    department of the overseer (`department`, no unit). `parent` is the assignment it was passed down from."""

    directive = models.ForeignKey(Directive, on_delete=models.CASCADE, related_name="assignments")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    department = models.CharField(_("department of the overseer"), max_length=200, blank=True)
    state = models.CharField(max_length=12, choices=State.choices, default=State.NOT_STARTED)
    due_on = models.DateField(_("due on"), null=True, blank=True)  # the current occurrence's, for recurrences
    progress = models.PositiveSmallIntegerField(default=0)  # percent, as the assignee last said
    reason = models.TextField(blank=True)  # why it was returned or cancelled
    done_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["directive", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False, department="") | Q(unit__isnull=True) & ~Q(department=""),
                name="briefings_assignee_one",
            ),
            models.UniqueConstraint(
                fields=["directive", "unit"], condition=Q(unit__isnull=False), name="briefings_unit_once"
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self) -> str:
        return f"{self.directive_id} → {self.unit_id or self.department}"

    @classmethod
    def scope_q(cls, scope):
        if scope.kind == ASSOCIATION:
            return Q(unit__association_id=scope.association_id)
        return subtree_q("unit__path", scope.path)

    @property
    def assignee(self) -> str:
        return self.unit.name if self.unit_id else self.department


class Update(models.Model):
    """A progress update by the assignee, or a step by the assigner (accepted, returned, cancelled), with its
    evidence: text, files, a link to a report or a registered document."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="updates")
    step = models.CharField(max_length=12)  # progress, done, accept, return, cancel, pass_down
    text = models.TextField(blank=True)
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    link = models.CharField(_("link to a report or document"), max_length=300, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    author_name = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["assignment", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.assignment_id} {self.step}"


class Evidence(models.Model):
    """A file attached to an update, kept under DATA_DIR/briefings/."""

    update = models.ForeignKey(Update, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=200)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.name
