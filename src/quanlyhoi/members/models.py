"""People, memberships and their history, welfare needs, and member imports.

A Person record belongs to one association: an association keeps its own record of each of its members, so
one association never sees or overwrites another's data about the same human being. The overseer counts
distinct people across associations by their identity number (CCCD/CMND).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.paths import subtree_q
from quanlyhoi.core.scoping import ASSOCIATION, ScopedQuerySet
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs.models import Association, RestructuringEvent, Unit


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class MemberStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    LEFT = "left", _("Left")
    DECEASED = "deceased", _("Deceased")
    TRANSFERRED = "transferred", _("Transferred out")


# Statuses in which a person still counts as a member of the unit.
MEMBER_STATUSES = (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)


def _member_scope_q(scope, *, association_field: str, unit_path_field: str) -> Q:
    if scope.kind == ASSOCIATION:
        return Q(**{association_field: scope.association_id})
    return subtree_q(unit_path_field, scope.path)


class _AssociationOption(models.Model):
    """A choice offered to every association (association empty, shipped) or to one association only."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=100)
    ordering = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["ordering", "code"]

    def __str__(self) -> str:
        return self.name


class MembershipType(_AssociationOption):
    """Official, honorary, associate..."""

    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.PROTECT, related_name="membership_types"
    )

    class Meta(_AssociationOption.Meta):
        constraints = [
            models.UniqueConstraint(fields=["association", "code"], name="members_type_unique_code"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(association__isnull=True), name="members_type_unique_shared_code"
            ),
        ]
        verbose_name = _("membership type")
        verbose_name_plural = _("membership types")


class WelfareNeedKind(_AssociationOption):
    """Difficult circumstances, disability, vulnerable..."""

    association = models.ForeignKey(
        Association, null=True, blank=True, on_delete=models.PROTECT, related_name="welfare_need_kinds"
    )

    class Meta(_AssociationOption.Meta):
        constraints = [
            models.UniqueConstraint(fields=["association", "code"], name="members_needkind_unique_code"),
            models.UniqueConstraint(
                fields=["code"], condition=Q(association__isnull=True), name="members_needkind_unique_shared"
            ),
        ]
        verbose_name = _("welfare need kind")
        verbose_name_plural = _("welfare need kinds")


class ImportJob(models.Model):
    """One member import: the uploaded file, its options, progress and outcome.

    Every person, membership and history row the import creates or changes points back here; the job's one
    audit record (file name, checksum, user, counts) is linked once it is written."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        CHECKED = "checked", _("Checked (dry run)")
        DONE = "done", _("Imported")
        REFUSED = "refused", _("Refused: invalid rows")
        FAILED = "failed", _("Failed")

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=255)
    stored_name = models.CharField(max_length=255)  # under DATA_DIR/imports/
    checksum = models.CharField(max_length=64)  # sha256 of the uploaded bytes
    file_format = models.CharField(max_length=10)  # csv | xlsx
    mapping = models.JSONField(default=dict, blank=True)  # field -> column index
    header_row = models.PositiveIntegerField(default=1)
    skip_invalid = models.BooleanField(default=False)
    dry_run = models.BooleanField(default=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPLOADED)
    rows_total = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=dict, blank=True)  # new, updated, unchanged, invalid, duplicates
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by_name = models.CharField(max_length=150, blank=True)
    audit_record = models.OneToOneField(
        "core.AuditRecord", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("member import")
        verbose_name_plural = _("member imports")

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%d/%m/%Y %H:%M})"

    @classmethod
    def scope_q(cls, scope):
        return _member_scope_q(scope, association_field="association_id", unit_path_field="unit__path")


class ImportRowError(models.Model):
    """One problem on one row of an import: row number as the officer sees it, column header, reason."""

    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="row_errors")
    row = models.PositiveIntegerField()
    column = models.CharField(max_length=120, blank=True)
    message = models.CharField(max_length=500)
    is_duplicate = models.BooleanField(default=False)  # a possible duplicate, shown but not an error

    class Meta:
        ordering = ["row", "id"]
        indexes = [models.Index(fields=["job", "row"])]

    def __str__(self) -> str:
        return f"{self.row}: {self.column} {self.message}"


class PersonQuerySet(ScopedQuerySet):
    pass


class Person(models.Model):
    """An association's record of one person (hồ sơ cá nhân)."""

    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    family_name = models.CharField(_("family name"), max_length=60, blank=True)
    middle_name = models.CharField(_("middle name"), max_length=80, blank=True)
    given_name = models.CharField(_("given name"), max_length=60)
    full_name = models.CharField(_("full name"), max_length=200)
    # Search and order: the folded name ("nguyen van an") and the Vietnamese collation key
    # (given, middle, family), both computed by services and imports, never typed.
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    sort_key = models.CharField(max_length=700, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    id_number = models.CharField(_("CCCD/CMND number"), max_length=12, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    ethnicity = models.CharField(_("ethnicity"), max_length=40, blank=True)
    religion = models.CharField(_("religion"), max_length=60, blank=True)
    occupation = models.CharField(_("occupation"), max_length=120, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    area = models.ForeignKey(
        AdminArea, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("area")
    )
    notes = models.TextField(_("notes"), blank=True)
    erased_at = models.DateTimeField(null=True, blank=True)
    import_job = models.ForeignKey(ImportJob, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = PersonQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "name_folded", "id"]
        indexes = [
            # The official order, and the name a search checks while reading in it, without reading the rows.
            models.Index(fields=["association", "sort_key", "name_folded"]),
            models.Index(fields=["phone"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "id_number"],
                condition=Q(id_number__isnull=False),
                name="members_person_unique_id_number",
            ),
        ]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return self.full_name

    @classmethod
    def scope_q(cls, scope):
        # A person is visible where one of their memberships is.
        if scope.kind == ASSOCIATION:
            return Q(association_id=scope.association_id)
        return Q(pk__in=Membership.objects.filter(subtree_q("unit__path", scope.path)).values("person_id"))


class MemberNumberCounter(models.Model):
    """The last generated member number per association (numbers are reserved in blocks by imports)."""

    association = models.OneToOneField(Association, on_delete=models.PROTECT, related_name="+")
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.association_id}: {self.last}"


class Membership(models.Model):
    """A person's membership of an association: current unit, number, type, status; history in periods."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="membership")
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("unit"))
    member_number = models.CharField(_("member number"), max_length=30)
    type = models.ForeignKey(
        MembershipType, on_delete=models.PROTECT, related_name="+", verbose_name=_("membership type")
    )
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    status_since = models.DateField(_("status since"), null=True, blank=True)
    status_reason = models.CharField(_("reason"), max_length=300, blank=True)
    # Copied from the person by every writer (join, correction, import), so that statistics count a million
    # members by sex and age from this table alone instead of joining every person row.
    sex = models.CharField(max_length=1, choices=Sex.choices, blank=True, editable=False)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    import_job = models.ForeignKey(ImportJob, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["person__sort_key", "person__name_folded", "id"]
        indexes = [
            models.Index(fields=["unit", "status"]),
            models.Index(fields=["association", "status"]),
            # Statistics of a whole association: read in this order, the members come already grouped.
            models.Index(fields=["association", "sex", "birth_year", "type", "status"], name="members_mem_stats_idx"),
            models.Index(fields=["joined_on"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["association", "member_number"], name="members_number_unique"),
        ]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.member_number} {self.person_id}"

    @classmethod
    def scope_q(cls, scope):
        return _member_scope_q(scope, association_field="association_id", unit_path_field="unit__path")


class MembershipPeriod(models.Model):
    """A membership's unit and status over [valid_from, valid_to): what "members as of D" counts.

    Transfers, status changes and restructuring close one period and open the next, so counts as of a past
    date stay as they were."""

    membership = models.ForeignKey(Membership, on_delete=models.PROTECT, related_name="periods")
    association = models.ForeignKey(Association, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=12, choices=MemberStatus.choices)
    valid_from = models.DateField()
    valid_to = models.DateField(null=True, blank=True)
    reason = models.CharField(max_length=300, blank=True)
    event = models.ForeignKey(RestructuringEvent, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    import_job = models.ForeignKey(ImportJob, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["membership", "valid_from", "id"]
        indexes = [
            models.Index(fields=["unit", "valid_from"]),
            models.Index(fields=["association", "valid_from"]),
            models.Index(fields=["membership", "valid_from"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=models.F("valid_from")),
                name="members_period_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.membership_id} {self.unit_id} {self.status} [{self.valid_from}, {self.valid_to or '…'})"


class WelfareNeed(models.Model):
    """A welfare need of a person over [since, until)."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="welfare_needs")
    kind = models.ForeignKey(WelfareNeedKind, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind"))
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["since", "id"]
        indexes = [models.Index(fields=["kind", "since"])]
        verbose_name = _("welfare need")
        verbose_name_plural = _("welfare needs")

    def __str__(self) -> str:
        return f"{self.kind} {self.since}"
