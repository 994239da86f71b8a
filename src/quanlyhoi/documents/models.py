"""Official documents: who issues them (an issuing body, in the format it chose) and the register of the numbers
it gave out (sổ đăng ký văn bản đi), one sequence per issuing body and year.

An issuing body is the overseer (for its consolidated documents) or a unit of an association (its central
office, a province chapter...). Its format is a choice: the state format of Nghị định 30/2020/NĐ-CP or the
Party format of Hướng dẫn 36-HD/VPTW (DOMAIN.md §6)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.paths import subtree_q
from quanlyhoi.core.scoping import ASSOCIATION, ScopedQuerySet
from quanlyhoi.orgs.models import Overseer, Unit


class Style(models.TextChoices):
    STATE = "state", _("State format (Decree 30/2020/NĐ-CP)")
    PARTY = "party", _("Party format (Guidance 36-HD/VPTW)")


class IssuingBodyQuerySet(ScopedQuerySet):
    pass


def _unit_scope_q(scope, prefix: str) -> Q:
    """A unit's body belongs to the unit's scope; the overseer's only to system scopes (restrict passes those)."""
    if scope.kind == ASSOCIATION:
        return Q(**{f"{prefix}unit__association_id": scope.association_id})
    return subtree_q(f"{prefix}unit__path", scope.path)


class IssuingBody(models.Model):
    overseer = models.OneToOneField(Overseer, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit = models.OneToOneField(Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    style = models.CharField(_("format"), max_length=10, choices=Style.choices, default=Style.STATE)
    parent_name = models.CharField(_("governing body"), max_length=200, blank=True)  # cơ quan chủ quản
    name = models.CharField(_("issuing body"), max_length=200)
    abbreviation = models.CharField(_("abbreviation"), max_length=30)  # "TWH" in "Số: 05/BC-TWH"
    place = models.CharField(_("place name"), max_length=60, default="Hà Nội")  # of the date line
    signer_authority = models.CharField(_("signing on behalf of"), max_length=120, blank=True)  # "TM. BAN THƯỜNG VỤ"
    signer_title = models.CharField(_("signer's title"), max_length=120, blank=True)  # "CHỦ TỊCH"
    signer_name = models.CharField(_("signer's name"), max_length=120, blank=True)
    recipients = models.TextField(_("recipients"), blank=True)  # one per line, "- Lưu: VT." last

    objects = IssuingBodyQuerySet.as_manager()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(overseer__isnull=True, unit__isnull=False) | Q(overseer__isnull=False, unit__isnull=True),
                name="documents_body_one_owner",
            )
        ]
        verbose_name = _("issuing body")
        verbose_name_plural = _("issuing bodies")

    def __str__(self) -> str:
        return self.name

    @classmethod
    def scope_q(cls, scope):
        return _unit_scope_q(scope, "")


class RegisteredDocumentQuerySet(ScopedQuerySet):
    pass


class RegisteredDocument(models.Model):
    """A number given out by an issuing body, with the file issued under it (kept so it can be printed again
    exactly as issued, whatever the figures became since)."""

    body = models.ForeignKey(IssuingBody, on_delete=models.PROTECT, related_name="documents")
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    doc_type = models.CharField(_("document type"), max_length=10)  # BC, KL, KH, TB...
    reference = models.CharField(_("number and symbol"), max_length=80)  # "05/BC-TWH" or "127-BC/TW"
    summary = models.CharField(_("summary"), max_length=300)
    subject = models.CharField(max_length=120, blank=True)  # what it was made from, e.g. "report:2025-H2:NCT"
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    issued_by_name = models.CharField(max_length=150, blank=True)
    file_name = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RegisteredDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-number"]
        constraints = [models.UniqueConstraint(fields=["body", "year", "number"], name="documents_number_once")]
        verbose_name = _("registered document")
        verbose_name_plural = _("document register")

    def __str__(self) -> str:
        return self.reference

    @classmethod
    def scope_q(cls, scope):
        return _unit_scope_q(scope, "body__")
