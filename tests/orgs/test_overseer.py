"""The overseer is data with a validity period: it changed on 03/02/2025 and again on 01/07/2025."""

import datetime

import pytest

from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Overseer
from quanlyhoi.orgs.queries import overseer_on
from quanlyhoi.orgs.services import overseer_save
from tests.orgs.util import d, refused

pytestmark = pytest.mark.django_db


def test_overseer_of_a_date():
    assert overseer_on(d("01/06/2023")).name == "Ban Dân vận Trung ương"
    assert overseer_on(d("02/02/2025")).name == "Ban Dân vận Trung ương"
    assert overseer_on(d("03/02/2025")).name == "Ban Tuyên giáo và Dân vận Trung ương"
    assert overseer_on(d("30/06/2025")).name == "Ban Tuyên giáo và Dân vận Trung ương"
    assert overseer_on(d("01/07/2025")).name == "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
    assert overseer_on(datetime.date.today()).short_name == "MTTQVN"
    assert overseer_on(d("01/01/1900")) is None


def test_overlapping_periods_are_refused(operator):
    refused(
        "overlapping_period",
        overseer_save,
        actor=operator,
        data={"name": "Cơ quan thử", "valid_from": d("01/01/2026"), "valid_to": None},
    )
    refused(
        "overlapping_period",
        overseer_save,
        actor=operator,
        data={"name": "Cơ quan thử", "valid_from": d("01/01/1900"), "valid_to": d("01/01/1931")},
    )
    first = Overseer.objects.get(short_name="BDVTW")
    refused("overlapping_period", overseer_save, actor=operator, overseer=first, data={"valid_to": d("01/03/2025")})


def test_adjacent_periods_are_accepted_and_audited(operator):
    new = overseer_save(
        actor=operator,
        data={"name": "Cơ quan trước", "valid_from": d("01/01/1900"), "valid_to": d("15/10/1930")},
    )
    assert overseer_on(d("14/10/1930")) == new
    rec = AuditRecord.objects.get(object_type="orgs.overseer", object_id=str(new.pk))
    assert rec.action == "create" and rec.changes["name"] == [None, "Cơ quan trước"]


def test_end_before_start_is_refused(operator):
    refused(
        "bad_dates",
        overseer_save,
        actor=operator,
        data={"name": "Cơ quan thử", "valid_from": d("01/01/1900"), "valid_to": d("01/01/1899")},
    )


def test_only_system_administrators_edit_overseers(personas):
    for name in ("overseer", "assoc_admin", "inspector", "province_officer"):
        refused(
            "forbidden",
            overseer_save,
            actor=personas[name],
            data={"name": "Cơ quan thử", "valid_from": d("01/01/1900"), "valid_to": d("01/01/1901")},
        )
    overseer_save(
        actor=personas["sysadmin"],
        data={"name": "Cơ quan thử", "valid_from": d("01/01/1900"), "valid_to": d("01/01/1901")},
    )
