"""Who may open which chapter-tree page: (route × persona) → status. Out of scope 404, visible but not allowed
403, anonymous to the login page. Every route of orgs/urls_units.py must have an entry."""

import pytest
from django.urls import reverse

from quanlyhoi.orgs.models import RestructuringEvent
from quanlyhoi.orgs.urls_units import urlpatterns
from tests.web_units.util import assert_csp_clean

ALL = ["sysadmin", "overseer", "assoc_admin", "province_officer", "commune_officer", "inspector", "outsider"]
NCT_VIEWERS = {"sysadmin", "overseer", "assoc_admin", "province_officer", "commune_officer", "inspector"}


def expect(allowed, hidden=frozenset()):
    return {p: 200 if p in allowed else 404 if p in hidden else 403 for p in ALL}


EVERYONE = expect(set(ALL))
# NCT.01.00004.001 (a branch): restructured by everyone with a restructuring scope above it.
BRANCH_RESTRUCTURERS = expect({"sysadmin", "assoc_admin", "province_officer", "commune_officer"}, hidden={"outsider"})

PAGES = {
    "unit_tree": (None, {}, EVERYONE),
    "unit_children": ("NCT.01", {}, expect(NCT_VIEWERS - {"commune_officer"}, hidden={"outsider", "commune_officer"})),
    "unit_list": (None, {}, EVERYONE),
    "unit_lookup": (None, {"q": "NCT"}, EVERYONE),
    "area_lookup": (None, {"q": "ha noi"}, EVERYONE),
    "unit_detail": ("NCT.01.00004", {}, expect(NCT_VIEWERS, hidden={"outsider"})),
    "unit_edit": ("NCT.01.00004", {}, expect(NCT_VIEWERS - {"overseer", "inspector"}, hidden={"outsider"})),
    "unit_create": (None, {"parent": "NCT.01.00004"}, BRANCH_RESTRUCTURERS),
    "unit_rename": ("NCT.01.00004.001", {}, BRANCH_RESTRUCTURERS),
    "unit_move": ("NCT.01.00004.001", {}, BRANCH_RESTRUCTURERS),
    "unit_merge": ("NCT.01.00004.001", {}, BRANCH_RESTRUCTURERS),
    "unit_split": ("NCT.01.00004.001", {}, BRANCH_RESTRUCTURERS),
    "unit_dissolve": ("NCT.01.00004.001", {}, BRANCH_RESTRUCTURERS),
    "event_list": (None, {}, EVERYONE),
    # The event that created the branch sits in the commune's subtree.
    "event_detail": ("event", {}, expect(NCT_VIEWERS, hidden={"outsider"})),
    "merger_2025": ("NCT", {}, expect({"sysadmin", "assoc_admin"}, hidden={"outsider"})),
}

CASES = [(name, persona, status) for name, (_a, _q, statuses) in PAGES.items() for persona, status in statuses.items()]


def _url(name: str) -> tuple[str, dict]:
    arg, query, _s = PAGES[name]
    if arg == "event":
        arg = RestructuringEvent.objects.get(unit_links__unit__code="NCT.01.00004.001", kind="create").pk
    return reverse(f"orgs:{name}", args=[arg] if arg else []), query


def test_every_route_has_a_matrix_entry():
    assert {p.name for p in urlpatterns} == set(PAGES)


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "persona", "status"), CASES, ids=[f"{n}-{p}" for n, p, _s in CASES])
def test_page_answers_persona(login_client, name, persona, status):
    url, query = _url(name)
    response = login_client(persona).get(url, query)
    assert response.status_code == status
    if status == 200:
        assert_csp_clean(response)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(PAGES))
def test_anonymous_is_sent_to_login(login_client, name):
    url, query = _url(name)
    response = login_client("anonymous").get(url, query)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login") + "?next=")
