"""Notifications: one per recipient and key (sending twice is a no-op), an e-mail copy only when SMTP is
configured, read state per user, the unread badge, the page and the API under /me."""

import pytest
from django.core import mail
from django.urls import reverse

from quanlyhoi.core import notifications
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import Notification
from tests.api.conftest import api, token_for  # noqa: F401 - the JSON client of tests/api
from tests.web.pages import assert_csp_clean

pytestmark = pytest.mark.django_db


def tell(users, key="test:1", **kwargs):
    data = {"kind": "test", "title": f"Thông báo {key}", "body": "Nội dung.", "link": "/reports/", **kwargs}
    return notifications.notify(recipients=users, key=key, **data)


@pytest.fixture
def smtp(settings):
    """SMTP configured (the test runner's locmem backend catches the mail)."""
    settings.EMAIL_HOST = "smtp.example.vn"
    settings.SITE_URL = "https://hoi.example.vn"


def test_sending_twice_is_a_no_op(personas):
    commune, province = personas["commune_officer"], personas["province_officer"]
    assert tell([commune, province.pk, commune]) == 2
    assert tell([commune, province]) == 0
    assert tell([commune], key="test:2") == 1
    assert Notification.objects.filter(recipient=commune).count() == 2


def test_a_link_must_stay_on_the_site(personas):
    for link in ("https://example.com/", "//example.com/x"):
        with pytest.raises(ValueError):
            tell([personas["commune_officer"]], link=link)
    assert not Notification.objects.exists()


def test_no_email_without_smtp(personas):
    personas["commune_officer"].email = "xa@example.vn"
    personas["commune_officer"].save()
    assert tell([personas["commune_officer"]]) == 1
    assert mail.outbox == [] and Notification.objects.get().emailed_at is None


def test_email_for_new_notifications_only_when_smtp_is_configured(smtp, personas):
    commune, province = personas["commune_officer"], personas["province_officer"]
    commune.email = "xa@example.vn"
    commune.save()
    assert tell([commune, province]) == 2  # the province officer has no address: in-app only
    (message,) = mail.outbox
    assert message.to == ["xa@example.vn"] and message.subject == "Thông báo test:1"
    assert "Nội dung." in message.body and "https://hoi.example.vn/reports/" in message.body
    assert Notification.objects.get(recipient=commune).emailed_at is not None
    assert Notification.objects.get(recipient=province).emailed_at is None
    assert tell([commune, province]) == 0
    assert len(mail.outbox) == 1


def test_mark_read_and_unread_count(personas):
    commune, province = personas["commune_officer"], personas["province_officer"]
    for key in ("a", "b", "c"):
        tell([commune, province], key=key)
    assert notifications.unread_count(commune) == 3
    first = Notification.objects.get(recipient=commune, key="a")
    theirs = Notification.objects.get(recipient=province, key="b")
    assert notifications.mark_read(commune, [first.pk, theirs.pk]) == 1  # someone else's id is ignored
    assert notifications.unread_count(commune) == 2 and notifications.unread_count(province) == 3
    assert notifications.mark_read(commune, everything=True) == 2
    assert notifications.unread_count(commune) == 0
    with pytest.raises(DomainError) as refused:
        notifications.mark_read(commune, [])
    assert refused.value.status == 422


def test_page_lists_them_newest_first_with_the_badge(login_client, personas):
    commune = personas["commune_officer"]
    tell([commune], key="old", title="Cũ")
    tell([commune], key="new", title="Mới")
    tell([personas["province_officer"]], key="theirs", title="Của người khác")
    client = login_client("commune_officer")
    page = client.get(reverse("core:notifications"))
    html = page.content.decode()
    assert page.status_code == 200 and html.index("Mới") < html.index("Cũ") and "Của người khác" not in html
    assert 'rounded-pill text-bg-danger">2<' in html and "notification-unread" in html
    assert_csp_clean(page)
    newest = Notification.objects.get(recipient=commune, key="new")
    assert client.post(reverse("core:notifications_read"), {"id": newest.pk}).status_code == 302
    assert notifications.unread_count(commune) == 1
    client.post(reverse("core:notifications_read"), {"all": "1"})
    html = client.get(reverse("core:notifications")).content.decode()
    assert notifications.unread_count(commune) == 0 and "notification-unread" not in html
    assert "rounded-pill text-bg-danger" not in html


def test_api_lists_and_marks_read(api, personas):  # noqa: F811
    commune = personas["commune_officer"]
    for key in ("a", "b", "c"):
        tell([commune], key=key)
    client = api("commune_officer")
    listed = client.get("/me/notifications", {"limit": 2}).json()
    assert listed["count"] == 3 and len(listed["items"]) == 2 and listed["items"][0]["title"] == "Thông báo c"
    one = listed["items"][0]["id"]
    answer = client.post("/me/notifications/read", {"ids": [one]})
    assert answer.status_code == 200 and answer.json() == {"marked": 1, "unread": 2}
    assert client.get("/me/notifications", {"unread": True}).json()["count"] == 2
    assert client.post("/me/notifications/read", {}).status_code == 422
    assert client.post("/me/notifications/read", {"all": True}).json() == {"marked": 2, "unread": 0}
    assert api("province_officer").get("/me/notifications").json()["count"] == 0
