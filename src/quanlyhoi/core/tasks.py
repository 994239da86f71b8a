"""Background jobs of the core app (run by `quanlyhoi worker`, or inline in tests)."""

from django_tasks import task


@task()
def send_emails(notification_ids: list[int]) -> int:
    """The e-mail copies of new notifications: SMTP can be slow, so never inside the request that notified."""
    from quanlyhoi.core.notifications import email_all

    return email_all(notification_ids)
