"""The tree browser: roots per persona, the tree as of a date, lazy children, search."""

import datetime

import pytest
from django.urls import reverse

from quanlyhoi.core.scoping import SystemOperator
from quanlyhoi.orgs.services import Basis, merger2025, unit_rename
from tests.web_units.util import HTMX, assert_csp_clean, html

TREE = reverse("orgs:unit_tree")
pytestmark = pytest.mark.django_db


def children_url(code: str) -> str:
    return reverse("orgs:unit_children", args=[code])


def test_overseer_sees_every_association_root_and_nothing_deeper(login_client):
    response = login_client("overseer").get(TREE)
    assert response.status_code == 200
    assert_csp_clean(response)
    text = html(response)
    assert "Trung ương Hội Người cao tuổi Việt Nam" in text
    assert "Trung ương Hội Chữ thập đỏ Việt Nam" in text
    # Depth-limited: the roots only; their children load on demand.
    assert "NCT.01</span>" not in text
    assert f'hx-get="{children_url("NCT")}' in text


def test_province_officer_gets_its_own_unit_open(login_client):
    text = html(login_client("province_officer").get(TREE, {"as_of": "01/10/2025"}))
    assert "Hội Người cao tuổi tỉnh Hà Nội" in text
    assert "Hội NCT phường Ba Đình" in text  # one level open
    assert "Hội Người cao tuổi tỉnh Hà Giang" not in text  # out of scope
    assert "Trung ương Hội Người cao tuổi" not in text


def test_tree_as_of_dates_before_and_after_a_creation(login_client):
    client = login_client("assoc_admin")
    before = html(client.get(TREE, {"root": "NCT.01", "as_of": "31/07/2025"}))
    after = html(client.get(TREE, {"root": "NCT.01", "as_of": "01/08/2025"}))
    assert "NCT.01.00004" not in before and "NCT.01.00008" not in before
    assert "NCT.01.00004" in after and "NCT.01.00008" in after


def test_tree_as_of_dates_around_the_2025_merger(login_client):
    merger2025.apply(actor=SystemOperator("test"), association=_nct())
    client = login_client("assoc_admin")
    before = html(client.get(TREE, {"root": "NCT", "as_of": "30/06/2025"}))
    after = html(client.get(TREE, {"root": "NCT", "as_of": "01/07/2025"}))
    assert "Hội Người cao tuổi tỉnh Hà Giang" in before and "NCT.02<" in before
    assert "NCT.02<" not in after
    assert "Hội Người cao tuổi tỉnh Tuyên Quang" in after
    # ISO dates are accepted too.
    assert "NCT.02<" in html(client.get(TREE, {"root": "NCT", "as_of": "2025-06-30"}))


def test_badges_mark_new_changed_and_ended_units(login_client, unit):
    unit_rename(
        actor=SystemOperator("test"),
        unit=unit("NCT.01.00008"),
        name="Hội NCT phường Ngọc Hà mới",
        basis=Basis(effective_date=datetime.date(2025, 9, 15)),
    )
    merger2025.apply(actor=SystemOperator("test"), association=_nct())
    client = login_client("assoc_admin")
    text = html(client.get(TREE, {"root": "NCT.01", "as_of": "01/10/2025"}))
    assert "changed 15/09/2025" in text  # renamed two weeks before
    assert "new" in text  # the communes were founded on 01/08/2025
    old = html(client.get(TREE, {"root": "NCT", "as_of": "01/01/2025"}))
    assert "ended 01/07/2025" in old  # Hà Giang's chapter ended in the merger


def test_children_fragment_is_loaded_lazily_as_of_the_date(login_client):
    client = login_client("assoc_admin")
    response = client.get(children_url("NCT.01"), {"as_of": "15/08/2025"}, **HTMX)
    assert response.status_code == 200
    text = html(response)
    assert "<html" not in text
    assert "NCT.01.00004" in text and "NCT.01.00008" in text
    assert "NCT.01.00004.001" not in text  # one level only (the branch is a grandchild)
    assert f'hx-get="{children_url("NCT.01.00004")}' not in text  # it had no branch yet on 15/08
    later = html(client.get(children_url("NCT.01"), {"as_of": "15/09/2025"}, **HTMX))
    assert f'hx-get="{children_url("NCT.01.00004")}?as_of=15/09/2025"' in later
    early = html(client.get(children_url("NCT.01"), {"as_of": "15/07/2025"}, **HTMX))
    assert "NCT.01.00004" not in early


def test_children_of_an_out_of_scope_unit_are_not_found(login_client):
    assert login_client("outsider").get(children_url("NCT.01")).status_code == 404
    assert login_client("province_officer").get(children_url("NCT.02")).status_code == 404
    assert login_client("province_officer").get(children_url("NCT.01")).status_code == 200


def test_search_finds_units_without_diacritics_within_scope(login_client):
    client = login_client("province_officer")
    response = client.get(TREE, {"q": "ba dinh", "as_of": "01/10/2025"}, **HTMX)
    text = html(response)
    assert "HX-Request" in response["Vary"]
    assert "<html" not in text
    assert "Hội NCT phường Ba Đình" in text
    assert "CTĐ" not in text  # CTD's Ba Đình chapter is out of scope
    by_code = html(client.get(TREE, {"q": "NCT.01.0000", "as_of": "01/10/2025"}))
    assert "NCT.01.00004" in by_code and "NCT.01.00008" in by_code


def test_a_bad_date_is_reported_and_today_is_used(login_client):
    response = login_client("assoc_admin").get(TREE, {"as_of": "31/02/2025"})
    assert response.status_code == 200
    assert "31/02/2025" in html(response)
    assert response.context["day"] == datetime.date.today()


def test_root_out_of_scope_is_not_found(login_client):
    assert login_client("outsider").get(TREE, {"root": "NCT"}).status_code == 404


def test_root_that_did_not_exist_yet_says_so(login_client):
    response = login_client("assoc_admin").get(TREE, {"root": "NCT.01.00004", "as_of": "01/01/2025"})
    assert response.status_code == 200
    assert response.context["nodes"] == []


def test_anonymous_goes_to_login(login_client):
    response = login_client("anonymous").get(TREE)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def _nct():
    from quanlyhoi.orgs.models import Association

    return Association.objects.get(code="NCT")
