"""Audit records: append-only, written explicitly by services and by the login signals."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from quanlyhoi.core.scoping import ScopedQuerySet, association_or_path_q


class AuditImmutable(Exception):
    pass


class AuditQuerySet(ScopedQuerySet):
    def update(self, **kwargs):
        raise AuditImmutable("Audit records cannot be changed.")

    def delete(self):
        raise AuditImmutable("Audit records cannot be deleted.")


ACTION_LABELS = {
    "create": pgettext_lazy("audit action", "Created"),
    "update": _("Changed"),
    "delete": _("Deleted"),
    "login": _("Logged in"),
    "logout": _("Logged out"),
    "login_failed": _("Failed login"),
    "password_change": _("Password changed"),
    "role_grant": _("Role granted"),
    "role_revoke": _("Role revoked"),
    "token_create": _("API token created"),
    "token_revoke": _("API token revoked"),
    "backup": _("Backup"),
    "restore": _("Restore"),
    "restructure.create": _("Restructuring: create"),
    "restructure.rename": _("Restructuring: rename"),
    "restructure.move": _("Restructuring: move"),
    "restructure.merge": _("Restructuring: merge"),
    "restructure.split": _("Restructuring: split"),
    "restructure.dissolve": _("Restructuring: dissolve"),
    "member.join": _("Member admitted"),
    "member.update": _("Member data corrected"),
    "member.transfer": _("Member transferred"),
    "member.suspend": _("Membership suspended"),
    "member.reinstate": _("Membership reinstated"),
    "member.leave": _("Member left"),
    "member.transfer_out": _("Member transferred out of the association"),
    "member.death": _("Death recorded"),
    "member.need_add": _("Welfare need recorded"),
    "member.need_end": _("Welfare need ended"),
    "member.view_personal": _("Personal data viewed"),
    "member.export": _("Members exported"),
    "member.personal_data_export": _("Personal data exported on request"),
    "member.erase": _("Personal data erased"),
    "member.import": _("Members imported"),
    "member.import_errors": _("Import errors file downloaded"),
    "report.start": _("Report started"),
    "report.update": _("Report edited"),
    "report.submit": _("Report submitted"),
    "report.return": _("Report returned"),
    "report.approve": _("Report approved"),
    "report.lock": _("Report locked"),
    "report.reopen": _("Report reopened"),
    "report.period_open": _("Reporting period opened"),
    "report.period_close": _("Reporting period closed"),
    "report.remind": _("Reminder sent to units that have not reported"),
    "report.period_create": _("Reporting period created"),
    "report.period_change": _("Reporting period changed"),
    "template.create": _("Report template created"),
    "template.revise": _("Report template revised"),
    "indicator.create": _("Indicator created"),
    "indicator.update": _("Indicator changed"),
    "document.issue": _("Document numbered and issued"),
    "document.body_change": _("Letterhead changed"),
    "briefing.create": _("Briefing recorded"),
    "briefing.change": _("Briefing changed"),
    "briefing.attach": _("Document attached to a briefing"),
    "directive.create": _("Directive assigned"),
    "directive.pass_down": _("Directive passed down"),
    "directive.progress": _("Progress reported"),
    "directive.done": _("Reported done"),
    "directive.accept": _("Result accepted"),
    "directive.return": _("Result returned"),
    "directive.cancel": _("Assignment cancelled"),
    "directive.remind": _("Directive reminders sent"),
}


class AuditRecord(models.Model):
    """One change or security event: who, when, from where, which object, before/after, under one request id."""

    class Source(models.TextChoices):
        WEB = "web", _("Web")
        API = "api", _("API")
        CLI = "cli", _("CLI")
        JOB = "job", _("Job")
        IMPORT = "import", _("Import")
        SYSTEM = "system", _("System")

    request_id = models.UUIDField(default=uuid.uuid4, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices)
    ip = models.GenericIPAddressField(null=True, blank=True)
    action = models.CharField(max_length=40, db_index=True)
    object_type = models.CharField(max_length=60, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=300, blank=True)
    # Denormalised so that scoping an audit query needs no join: the association and unit path concerned.
    association_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    unit_path = models.CharField(max_length=255, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "at"])]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor_name} {self.action} {self.object_repr}"

    @classmethod
    def scope_q(cls, scope):
        return association_or_path_q(scope, association_field="association_id", path_field="unit_path")

    @property
    def action_label(self) -> str:
        """What happened, in the user's language (the stored `action` is a stable code for filters)."""
        return str(ACTION_LABELS.get(self.action, self.action))

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AuditImmutable("Audit records cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AuditImmutable("Audit records cannot be deleted.")


class Notification(models.Model):
    """An in-app message to one user (and an e-mail when SMTP is configured). `key` names the event it is
    about, unique per recipient: sending the same event twice is a no-op, so reminders are safe to repeat."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)  # a short code, e.g. report_reminder
    key = models.CharField(max_length=200)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(_("link"), max_length=500, blank=True)  # a path of this site
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["recipient", "key"], name="core_notification_once")]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="core_notif_list"),
            # The unread badge on every page counts these: a partial index keeps it small.
            models.Index(fields=["recipient"], condition=models.Q(read_at__isnull=True), name="core_notif_unread"),
        ]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.recipient_id}: {self.title}"
