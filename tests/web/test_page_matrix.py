"""Who may open which page: (page × persona) → status, the way NetBox's view tests run every view under
every kind of user. Out of scope answers 404, visible but not allowed 403, anonymous goes to the login page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from quanlyhoi.orgs.models import Overseer
from tests.web.pages import assert_csp_clean

ALL = ["sysadmin", "overseer", "assoc_admin", "province_officer", "commune_officer", "inspector", "outsider"]
AUDITORS = {"sysadmin", "overseer", "assoc_admin", "inspector", "outsider"}
USER_ADMINS = {"sysadmin", "assoc_admin", "outsider"}
NCT_VIEWERS = {"sysadmin", "overseer", "assoc_admin", "province_officer", "commune_officer", "inspector"}


def expect(allowed: set[str], *, hidden: set[str] = frozenset()) -> dict[str, int]:
    return {p: 200 if p in allowed else 404 if p in hidden else 403 for p in ALL}


EVERYONE = expect(set(ALL))

PAGES = {
    "core:home": ({}, EVERYONE),
    "core:audit_list": ({}, expect(AUDITORS)),
    "accounts:profile": ({}, EVERYONE),
    "accounts:user_list": ({}, expect(USER_ADMINS)),
    "accounts:user_create": ({}, expect(USER_ADMINS)),
    # province_officer's account: managed by the system and NCT administrators, invisible to CTD's.
    "accounts:user_detail": ({"pk": "province_officer"}, expect({"sysadmin", "assoc_admin"}, hidden={"outsider"})),
    "geo:area_list": ({}, EVERYONE),
    "orgs:association_list": ({}, EVERYONE),
    "orgs:association_detail": ({"code": "NCT"}, expect(NCT_VIEWERS, hidden={"outsider"})),
    "orgs:association_edit": ({"code": "NCT"}, expect({"sysadmin", "assoc_admin"}, hidden={"outsider"})),
    "orgs:association_create": ({}, expect({"sysadmin"})),
    "orgs:overseer_list": ({}, EVERYONE),
    "orgs:overseer_create": ({}, expect({"sysadmin"})),
    "orgs:overseer_edit": ({"pk": "overseer"}, expect({"sysadmin"})),
}

CASES = [(name, persona, status) for name, (_k, statuses) in PAGES.items() for persona, status in statuses.items()]


def _url(name: str, kwargs: dict) -> str:
    resolved = {}
    for key, value in kwargs.items():
        if name.startswith("accounts:") and key == "pk":
            value = get_user_model().objects.get(username=value).pk
        elif name.startswith("orgs:overseer") and key == "pk":
            value = Overseer.objects.order_by("valid_from").first().pk
        resolved[key] = value
    return reverse(name, kwargs=resolved)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona", "status"), CASES, ids=[f"{n}-{p}" for n, p, _s in CASES])
def test_page_answers_persona(login_client, name, persona, status):
    response = login_client(persona).get(_url(name, PAGES[name][0]))
    assert response.status_code == status
    if status == 200:
        assert_csp_clean(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_anonymous_is_sent_to_login(login_client, name):
    url = _url(name, PAGES[name][0])
    response = login_client("anonymous").get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")


@pytest.mark.django_db
def test_detail_pages_render_for_sysadmin_without_inline_code(login_client):
    from quanlyhoi.core.models import AuditRecord
    from quanlyhoi.geo.models import AdminArea

    client = login_client("sysadmin")
    urls = [
        reverse("core:audit_detail", args=[AuditRecord.objects.first().pk]),
        reverse("geo:area_detail", args=[AdminArea.objects.get(generation="2025", level="province", code="01").pk]),
        reverse("geo:area_detail", args=[AdminArea.objects.get(generation="legacy", code="02").pk]),
        reverse("accounts:login"),
    ]
    for url in urls:
        response = client.get(url) if "login" not in url else login_client("anonymous").get(url)
        assert response.status_code == 200, url
        assert_csp_clean(response)


@pytest.mark.django_db
def test_refusals_use_the_site_layout(login_client):
    forbidden = login_client("province_officer").get(reverse("core:audit_list"))
    assert forbidden.status_code == 403 and "403.html" in [t.name for t in forbidden.templates]
    missing = login_client("outsider").get(reverse("orgs:association_detail", args=["NCT"]))
    assert missing.status_code == 404 and "404.html" in [t.name for t in missing.templates]
    assert "NCT" not in missing.content.decode().split("<main", 1)[1]
    assert_csp_clean(forbidden)
    assert_csp_clean(missing)
