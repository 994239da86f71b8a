"""In-app notifications, with an e-mail copy when SMTP is configured (settings.EMAIL_HOST).

A notification is keyed by the event it is about (`key`), once per recipient: `notify` creates only the missing
ones, so a reminder job may run twice, or from cron every day, without sending anything twice. A user's own
notifications are personal, not scoped data: they are read by recipient, and reading them is not audited (the
service that sends them audits the sending).
"""

from __future__ import annotations

import datetime
import smtplib
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import Notification

BATCH = 500


@dataclass(frozen=True)
class Message:
    """One notification to one user (the set-based form of `notify`, for many events at once)."""

    recipient_id: int
    kind: str
    key: str
    title: str
    body: str = ""
    link: str = ""


def email_enabled() -> bool:
    return bool(settings.EMAIL_HOST)


def notify(*, recipients: Iterable, kind: str, key: str, title: str, body: str = "", link: str = "") -> int:
    """Notify each recipient (users or user ids) of one event; returns how many were not notified of it before."""
    ids = {getattr(r, "pk", r) for r in recipients}
    return len(send([Message(pk, kind, key, title, body, link) for pk in ids if pk is not None]))


@transaction.atomic
def send(messages: Iterable[Message]) -> list[Notification]:
    """Create the notifications that do not exist yet (by recipient and key) and queue their e-mails; returns
    the ones created (without ids)."""
    wanted = {(m.recipient_id, m.key): m for m in messages}
    for m in wanted.values():
        if m.link and (not m.link.startswith("/") or m.link.startswith("//")):
            raise ValueError(f"A notification links to a page of this site, not {m.link!r}.")
    pairs = list(wanted)
    existing: set[tuple[int, str]] = set()
    for i in range(0, len(pairs), BATCH):
        chunk = pairs[i : i + BATCH]
        found = Notification.objects.filter(
            recipient_id__in={r for r, _k in chunk}, key__in={k for _r, k in chunk}
        ).values_list("recipient_id", "key")
        existing.update(found)
    stamp = timezone.now()
    new = [
        Notification(recipient_id=m.recipient_id, kind=m.kind, key=m.key, title=m.title[:200], body=m.body,
                     link=m.link, created_at=stamp)
        for pair, m in wanted.items() if pair not in existing
    ]  # fmt: skip
    # ignore_conflicts: a concurrent run (PostgreSQL) that created the same one first wins, without an error.
    Notification.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    if new and email_enabled():
        _queue_emails(new, stamp)
    return new


def _queue_emails(new: list[Notification], stamp: datetime.datetime) -> None:
    """Hand the just-created notifications to the worker (bulk_create with ignore_conflicts returns no ids: they
    are found again by recipient, key and this call's creation time)."""
    from quanlyhoi.core.tasks import send_emails

    ids: list[int] = []
    for i in range(0, len(new), BATCH):
        chunk = new[i : i + BATCH]
        ids += Notification.objects.filter(
            recipient_id__in={n.recipient_id for n in chunk}, key__in={n.key for n in chunk}, created_at=stamp
        ).values_list("pk", flat=True)
    if ids:
        send_emails.enqueue(ids)


def email_all(ids: list[int]) -> int:
    """Send the e-mail copy of these notifications to the recipients who have an address, each at most once
    (emailed_at); returns how many were sent. Run by the worker (core.tasks)."""
    from django.core.mail import EmailMessage, get_connection

    if not email_enabled():
        return 0
    rows = (
        Notification.objects.filter(pk__in=ids, emailed_at__isnull=True)
        .exclude(recipient__email="")
        .select_related("recipient")
    )
    sent = 0
    with get_connection() as connection:
        for n in rows.iterator():
            link = f"\n\n{settings.SITE_URL}{n.link}" if n.link else ""
            message = EmailMessage(n.title, f"{n.body}{link}", to=[n.recipient.email], connection=connection)
            try:
                delivered = message.send()
            except smtplib.SMTPRecipientsRefused:
                continue  # one bad address must not hold back the others' copies
            if delivered:
                Notification.objects.filter(pk=n.pk).update(emailed_at=timezone.now())
                sent += 1
    return sent


def visible(user):
    """The user's own notifications, newest first."""
    return Notification.objects.filter(recipient_id=user.pk)


def unread_count(user) -> int:
    if not getattr(user, "pk", None):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def mark_read(user, ids: Iterable[int] | None = None, *, everything: bool = False) -> int:
    """Mark the user's own notifications read: those of `ids` (others' ids are ignored), or every unread one;
    returns how many changed."""
    if not everything and not ids:
        raise DomainError("nothing_chosen", "Hãy chọn thông báo cần đánh dấu đã đọc.", status=422, field="ids")
    rows = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True)
    if not everything:
        rows = rows.filter(pk__in=[int(i) for i in ids])
    return rows.update(read_at=timezone.now())
