"""Periodic reports: indicators and report templates as data, reporting periods with their deadlines, and one
submission per unit x template x period with its values and narrative sections.

A template is versioned: changing it makes a new version, and a submission keeps the version it was started
on, so a submitted report never changes under its author. Indicators and templates are shared (association
empty) or an association's own.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import ASSOCIATION, ScopedQuerySet, association_or_path_q
from quanlyhoi.orgs.models import Association, Unit


class IndicatorKind(models.TextChoices):
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    MONEY = "money", _("Money (VND)")
    PERCENT = "percent", _("Percent")
    YESNO = "yesno", _("Yes/no")
    TEXT = "text", _("Text")


class Aggregation(models.TextChoices):
    SUM = "sum", _("Sum")
    AVERAGE = "average", _("Average")
    MAXIMUM = "maximum", _("Maximum")
    LAST = "last", _("Last value")
    NONE = "none", _("Not aggregated")


class RegistrySource(models.TextChoices):
    """Values filled from the registry for the unit itself (not its subtree: roll-ups add the subtree)."""

    NONE = "", _("Entered by the unit")
    MEMBERS = "members", _("Members at the cut-off")
    JOINED = "joined", _("Members who joined in the period")
    LEFT = "left", _("Members who left in the period")
    IN_NEED = "in_need", _("Members with a welfare need at the cut-off")
    UNITS = "units", _("Units directly below at the cut-off")


class SharedOrOwnQuerySet(ScopedQuerySet):
    """Configuration that is shared (association empty) or an association's own: everyone sees the shared rows
    and those of the associations they work in; only system scopes manage the shared ones, and association
    scopes their association's own (unit scopes manage none)."""


def shared_or_own_q(scope) -> Q:
    if scope.action == Action.MANAGE_REPORTING:
        return Q(association_id=scope.association_id) if scope.kind == ASSOCIATION else Q(pk__in=[])
    return Q(association__isnull=True) | Q(association_id=scope.association_id)


class Indicator(models.Model):
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("association")
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=250)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=10, choices=IndicatorKind.choices, default=IndicatorKind.INTEGER)
    aggregation = models.CharField(
        _("aggregation"), max_length=10, choices=Aggregation.choices, default=Aggregation.SUM
    )
    # At most two small dimensions: [{"code": "sex", "name": "Giới tính", "choices": [["M", "Nam"], ["F", "Nữ"]]}]
    breakdowns = models.JSONField(_("breakdowns"), default=list, blank=True)
    source = models.CharField(_("computed from"), max_length=10, choices=RegistrySource.choices, blank=True)

    objects = SharedOrOwnQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["code"], condition=Q(association__isnull=True), name="reporting_ind_shared"
            ),
            models.UniqueConstraint(
                fields=["association", "code"], condition=Q(association__isnull=False), name="reporting_ind_own"
            ),
        ]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @classmethod
    def scope_q(cls, scope):
        return shared_or_own_q(scope)


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    HALF = "half", _("Half-year")
    YEAR = "year", _("Year")


def _approved() -> list[str]:
    return ["approved", "locked"]


class ReportTemplate(models.Model):
    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("association")
    )
    code = models.CharField(_("code"), max_length=30)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=250)
    period_kinds = models.JSONField(_("period types"), default=list)  # PeriodKind values
    levels = models.JSONField(_("levels"), default=list, blank=True)  # UnitLevel codes; empty: every level
    is_current = models.BooleanField(_("current version"), default=True)
    # The report states whose figures roll up the tree: approved only (the default), or submitted as well.
    counted_states = models.JSONField(_("states counted in roll-ups"), default=_approved)

    objects = SharedOrOwnQuerySet.as_manager()

    class Meta:
        ordering = ["code", "-version"]
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="reporting_template_version")]
        verbose_name = _("report template")
        verbose_name_plural = _("report templates")

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    @cached_property
    def indicators(self) -> list[Indicator]:
        """The version's indicators in the form's order (read once per template object: roll-ups of many
        units and associations ask again and again)."""
        return [item.indicator for item in self.items.select_related("indicator").order_by("position")]

    @classmethod
    def scope_q(cls, scope):
        return shared_or_own_q(scope)


class TemplateIndicator(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="items")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)
    group = models.CharField(_("group"), max_length=200, blank=True)  # heading the indicator is listed under
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "indicator"], name="reporting_item_once")]

    def __str__(self) -> str:
        return f"{self.template_id}: {self.indicator_id}"


class TemplateSection(models.Model):
    """A narrative section: results, limitations and causes, tasks for the next period, recommendations."""

    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="sections")
    code = models.CharField(_("code"), max_length=30)
    title = models.CharField(_("title"), max_length=250)
    position = models.PositiveSmallIntegerField(default=0)
    required = models.BooleanField(_("required"), default=False)

    class Meta:
        ordering = ["template", "position"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="reporting_section_once")]

    def __str__(self) -> str:
        return self.title


class RuleKind(models.TextChoices):
    AT_MOST = "at_most", _("At most another indicator")  # indicator <= other
    RANGE = "range", _("Within a range")  # minimum <= indicator <= maximum
    CHANGE = "change", _("Change from the previous period")  # |value - previous| / previous <= maximum


class Severity(models.TextChoices):
    ERROR = "error", _("Error: blocks submission")
    WARNING = "warning", _("Warning: needs an explanation")


class ValidationRule(models.Model):
    template = models.ForeignKey(ReportTemplate, on_delete=models.CASCADE, related_name="rules")
    code = models.CharField(_("code"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=RuleKind.choices)
    severity = models.CharField(_("severity"), max_length=10, choices=Severity.choices, default=Severity.ERROR)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    other = models.ForeignKey(Indicator, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    minimum = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    message = models.CharField(_("message"), max_length=300)

    class Meta:
        ordering = ["template", "code"]
        constraints = [models.UniqueConstraint(fields=["template", "code"], name="reporting_rule_once")]

    def __str__(self) -> str:
        return self.code


class Period(models.Model):
    """A reporting period and its data cut-off window [starts_on, ends_on] (Nghị định 09/2019 by default)."""

    kind = models.CharField(_("type"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("number"))  # month 1-12, quarter 1-4, half 1-2, year 1
    code = models.CharField(_("code"), max_length=12, unique=True)  # 2025-M07, 2025-Q3, 2025-H2, 2025
    starts_on = models.DateField(_("cut-off window from"))
    ends_on = models.DateField(_("cut-off window to"))
    is_open = models.BooleanField(_("open for entry"), default=True)

    class Meta:
        ordering = ["-ends_on", "kind"]
        constraints = [models.UniqueConstraint(fields=["kind", "year", "number"], name="reporting_period_once")]
        verbose_name = _("period")
        verbose_name_plural = _("periods")

    def __str__(self) -> str:
        return self.code


class DeadlineRule(models.Model):
    """Days after a period's cut-off by which units of a level report (lower levels earlier): the default of
    every period of that type, which a period's own Deadline rows may override."""

    period_kind = models.CharField(_("period type"), max_length=10, choices=PeriodKind.choices)
    level_code = models.CharField(_("level"), max_length=20)
    days_after = models.PositiveSmallIntegerField(_("days after the cut-off"))

    class Meta:
        ordering = ["period_kind", "days_after"]
        constraints = [models.UniqueConstraint(fields=["period_kind", "level_code"], name="reporting_deadline_rule")]

    def __str__(self) -> str:
        return f"{self.period_kind} {self.level_code} +{self.days_after}"


class Deadline(models.Model):
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="deadlines")
    level_code = models.CharField(_("level"), max_length=20)
    due_on = models.DateField(_("due on"))

    class Meta:
        ordering = ["period", "due_on"]
        constraints = [models.UniqueConstraint(fields=["period", "level_code"], name="reporting_deadline_once")]

    def __str__(self) -> str:
        return f"{self.period_id} {self.level_code} {self.due_on}"


class SubmissionState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked")


class SubmissionQuerySet(ScopedQuerySet):
    pass


class Submission(models.Model):
    """One unit's report for one period on one template (one per unit x template code x period)."""

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="submissions")
    template = models.ForeignKey(ReportTemplate, on_delete=models.PROTECT, related_name="+")
    template_code = models.CharField(max_length=30, editable=False)
    state = models.CharField(max_length=10, choices=SubmissionState.choices, default=SubmissionState.DRAFT)
    version = models.PositiveIntegerField(default=1)  # every save adds one: a stale form is refused
    return_reason = models.TextField(blank=True)
    # Explanations of warnings, by rule code.
    explanations = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["period", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "template_code", "period"], name="reporting_submission_once")
        ]
        indexes = [
            models.Index(fields=["period", "state"]),
            # The stamp of an association's reports (rollup.by_association), read from the index alone.
            models.Index(
                fields=["association", "period", "template_code", "state", "version", "updated_at"],
                name="reporting_sub_stamp",
            ),
        ]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.unit.code} {self.period.code} {self.template_code}"

    @classmethod
    def scope_q(cls, scope):
        return association_or_path_q(scope, association_field="association_id", path_field="unit__path")


class SubmissionValue(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=40, blank=True)  # breakdown choices joined by "|"; empty: the total
    number = models.DecimalField(max_digits=20, decimal_places=4, null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "indicator", "key"], name="reporting_value_once")]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.key}"


class SubmissionNarrative(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="narratives")
    section = models.ForeignKey(TemplateSection, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["submission", "section"], name="reporting_narrative_once")]

    def __str__(self) -> str:
        return f"{self.section_id}"


class RollupCache(models.Model):
    """The roll-up of one whole association for a period, kept with the stamp of the reports it was computed
    from (how many count, the sum of their versions, the latest change): a request whose stamp differs
    recomputes that association only, so the national table stays live without a batch (rollup.by_association).
    A derived copy: deleting every row is always safe."""

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    template_code = models.CharField(max_length=30)
    counted = models.CharField(max_length=60)  # the template's counted states, joined by ","
    stamp = models.CharField(max_length=80)
    reports = models.PositiveIntegerField()
    figures = models.JSONField()  # [[indicator id, key, total, mean, top, n], ...], numbers as strings

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["association", "period", "template_code", "counted"], name="reporting_rollup_cache_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association_id} {self.period_id} {self.template_code}"
