"""Overseers: everyone reads them, system administrators add and edit them (no overlapping periods)."""

import pytest
from django.urls import reverse

from quanlyhoi.orgs.models import Overseer
from tests.web.pages import form_errors

pytestmark = pytest.mark.django_db


def test_list_marks_the_current_overseer(login_client):
    response = login_client("commune_officer").get(reverse("orgs:overseer_list"))
    assert response.context["current"].short_name == "MTTQVN"
    assert not response.context["can_edit"]
    assert "01/07/2025" in response.content.decode()


def test_system_admin_adds_an_overseer_for_a_free_period(login_client):
    data = {"name": "Cơ quan cũ", "short_name": "CQC", "valid_from": "01/01/1920", "valid_to": "15/10/1930"}
    response = login_client("sysadmin").post(reverse("orgs:overseer_create"), data)
    assert response.status_code == 302
    assert Overseer.objects.filter(short_name="CQC").exists()


def test_overlapping_period_is_refused_in_vietnamese(login_client):
    data = {"name": "Trùng", "valid_from": "01/01/2026"}
    response = login_client("sysadmin").post(reverse("orgs:overseer_create"), data)
    assert "trùng" in str(response.context["form"].errors["valid_from"]).lower()
    assert not Overseer.objects.filter(name="Trùng").exists()
    assert form_errors(response)


def test_system_admin_edits_an_overseer(login_client):
    overseer = Overseer.objects.get(short_name="MTTQVN")
    url = reverse("orgs:overseer_edit", args=[overseer.pk])
    form = login_client("sysadmin").get(url).context["form"]
    assert form["valid_from"].value()
    data = {"name": overseer.name, "short_name": "MTTQ", "valid_from": "01/07/2025", "legal_basis": "NQ 60"}
    assert login_client("sysadmin").post(url, data).status_code == 302
    overseer.refresh_from_db()
    assert overseer.short_name == "MTTQ"


def test_others_cannot_write(login_client):
    overseer = Overseer.objects.first()
    data = {"name": "X", "valid_from": "01/01/1900", "valid_to": "02/01/1900"}
    assert login_client("assoc_admin").post(reverse("orgs:overseer_create"), data).status_code == 403
    assert login_client("overseer").post(reverse("orgs:overseer_edit", args=[overseer.pk]), data).status_code == 403
    assert login_client("sysadmin").get(reverse("orgs:overseer_edit", args=[99999])).status_code == 404
