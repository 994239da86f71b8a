"""Reminders to the units that have not reported: only those whose report has not reached the level above, one
per unit and day (safe from cron), only by those who approve for the unit, audited once per call; from the
service, the status page, the API and the CLI."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import AuditRecord, Notification
from quanlyhoi.reporting.models import Submission
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.reminders import remind
from tests.api.conftest import api, token_for  # noqa: F401 - the JSON client of tests/api

# Below NCT.01 at the 2025-H2 cut-off: two communes and a branch; only NCT.01.00004 has an officer's account.
NO_OFFICER = ["NCT.01.00004.001", "NCT.01.00008"]
QUERY = {"unit": "NCT.01", "period": "2025-H2"}


def reminders(code: str = "NCT.01.00004"):
    return Notification.objects.filter(kind="report_reminder", key__contains=f":{code}:")


def test_the_province_reminds_every_unit_below_that_has_not_reported(h2, unit, personas):
    done = remind(actor=personas["province_officer"], unit=unit("NCT.01"), period=h2)
    assert done == {"units": 3, "notified": 1, "already": 0, "without_officer": NO_OFFICER}
    (note,) = Notification.objects.all()
    assert note.recipient == personas["commune_officer"] and note.key == f"report:2025-H2:NCT.01.00004:{today()}"
    assert "2025-H2" in note.title and "Hội NCT phường Ba Đình" in note.title
    assert "chưa lập báo cáo" in note.body and "Hạn nộp" in note.body and "đã quá hạn" in note.body
    assert note.link == "/reports/?unit=NCT.01.00004&period=2025-H2"


def today() -> str:
    from quanlyhoi.core.dates import today as current

    return current().isoformat()


def test_a_report_that_reached_the_level_above_is_not_reminded(filled, unit, personas, operator):
    submitted = submissions.submit(actor=operator, submission=filled)
    done = remind(actor=personas["province_officer"], unit=unit("NCT.01"), period=submitted.period)
    assert (done["units"], done["notified"]) == (2, 0) and not reminders().exists()
    returned = submissions.return_submission(actor=operator, submission=submitted, reason="Thiếu số liệu")
    done = remind(actor=personas["province_officer"], unit=unit("NCT.01"), period=returned.period)
    assert (done["units"], done["notified"]) == (3, 1)
    assert "bị trả lại" in reminders().get().body


def test_once_a_day_and_again_the_next_day(h2, unit, personas, monkeypatch):
    province = personas["province_officer"]
    assert remind(actor=province, unit=unit("NCT.01"), period=h2)["notified"] == 1
    again = remind(actor=province, unit=unit("NCT.01"), period=h2)
    assert again == {"units": 3, "notified": 0, "already": 1, "without_officer": NO_OFFICER}
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    monkeypatch.setattr("quanlyhoi.core.dates.today", lambda: tomorrow)
    assert remind(actor=province, unit=unit("NCT.01"), period=h2)["notified"] == 1
    assert reminders().count() == 2


def test_only_some_units(h2, unit, personas):
    done = remind(actor=personas["province_officer"], unit=unit("NCT.01"), period=h2, codes=["nct.01.00008"])
    assert done == {"units": 1, "notified": 0, "already": 0, "without_officer": ["NCT.01.00008"]}


@pytest.mark.parametrize("codes", [["NCT.02"], ["KHONGCO"], ["NCT.01"], ["NCT.01.00004", "CTD.01"]])
def test_unknown_or_out_of_reach_codes_send_nothing(h2, unit, personas, codes):
    with pytest.raises(DomainError) as refused:
        remind(actor=personas["province_officer"], unit=unit("NCT.01"), period=h2, codes=codes)
    assert refused.value.status == 404 and "Không tìm thấy đơn vị" in refused.value.message
    assert not Notification.objects.exists() and not AuditRecord.objects.filter(action="report.remind").exists()


@pytest.mark.parametrize(
    ("persona", "code", "status"),
    [
        ("commune_officer", "NCT.01", 404),  # a commune does not remind its province: it cannot even see it
        ("outsider", "NCT.01", 404),
        ("inspector", "NCT.01", 403),
        ("overseer", "NCT.01", 403),
    ],
)
def test_who_may_not_remind(h2, unit, personas, persona, code, status):
    with pytest.raises(DomainError) as refused:
        remind(actor=personas[persona], unit=unit(code), period=h2)
    assert refused.value.status == status and not Notification.objects.exists()


def test_a_commune_reminds_its_branches_not_itself(h2, unit, personas):
    done = remind(actor=personas["commune_officer"], unit=unit("NCT.01.00004"), period=h2)
    assert done == {"units": 1, "notified": 0, "already": 0, "without_officer": ["NCT.01.00004.001"]}


def test_one_audit_record_per_call(h2, unit, personas):
    remind(actor=personas["province_officer"], unit=unit("NCT.01"), period=h2)
    remind(actor=personas["province_officer"], unit=unit("NCT.01"), period=h2)
    first, second = AuditRecord.objects.filter(action="report.remind").order_by("pk")
    assert first.actor == personas["province_officer"] and first.object_repr.startswith("NCT.01 ")
    assert first.changes == {
        "period": "2025-H2", "reminded": ["NCT.01.00004"], "already": [], "without_officer": NO_OFFICER,
        "notified": 1,
    }  # fmt: skip
    assert second.changes["reminded"] == [] and second.changes["already"] == ["NCT.01.00004"]
    assert first.unit_path == unit("NCT.01").path


def test_an_officer_with_an_address_gets_an_email_when_smtp_is_configured(h2, unit, personas, settings):
    settings.EMAIL_HOST = "smtp.example.vn"
    commune = personas["commune_officer"]
    commune.email = "xa@example.vn"
    commune.save()
    remind(actor=personas["province_officer"], unit=unit("NCT.01"), period=h2)
    remind(actor=personas["province_officer"], unit=unit("NCT.01"), period=h2)
    (message,) = mail.outbox
    assert message.to == ["xa@example.vn"] and "2025-H2" in message.subject


def test_status_page_button_and_flash(login_client, h2):
    province = login_client("province_officer")
    page = province.get(reverse("reporting:status"), QUERY).content.decode()
    assert reverse("reporting:remind") in page
    inspector = login_client("inspector").get(reverse("reporting:status"), QUERY).content.decode()
    assert reverse("reporting:remind") not in inspector
    answer = province.post(reverse("reporting:remind"), QUERY, follow=True)
    shown = {m.tags: str(m) for m in answer.context["messages"]}
    assert answer.redirect_chain[-1][0] == f"{reverse('reporting:status')}?unit=NCT.01&period=2025-H2"
    assert "3" in shown["success"] and "1" in shown["success"] and "NCT.01.00008" in shown["warning"]
    assert reminders().count() == 1
    refused = province.post(reverse("reporting:remind"), {**QUERY, "only": "NCT.02"}, follow=True)
    assert any("Không tìm thấy đơn vị NCT.02" in str(m) for m in refused.context["messages"])
    assert login_client("inspector").post(reverse("reporting:remind"), QUERY).status_code == 403
    assert login_client("commune_officer").post(reverse("reporting:remind"), QUERY).status_code == 404


def test_api_remind(api, db):  # noqa: F811
    province = api("province_officer")
    body = {**QUERY, "units": []}
    first = province.post("/reports/remind", body)
    assert first.status_code == 200, first.content
    assert first.json() == {"units": 3, "notified": 1, "already": 0, "without_officer": NO_OFFICER}
    assert province.post("/reports/remind", body).json()["already"] == 1
    unknown = province.post("/reports/remind", {**QUERY, "units": ["NCT.02"]})
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_units"
    assert province.post("/reports/remind", {**QUERY, "period": "2025-H9"}).status_code == 422
    assert api("inspector").post("/reports/remind", QUERY).status_code == 403
    assert api("commune_officer").post("/reports/remind", QUERY).status_code == 404


def test_cli_remind(cli, h2):
    out = cli("reports", "remind", "--unit", "NCT.01", "--period", "2025-H2", "--json")
    assert out.code == 0, out.err
    # The operator (no --as, as from cron) approves for every unit, NCT.01 itself included.
    assert out.json() == {"units": 4, "notified": 2, "already": 0, "without_officer": NO_OFFICER}
    again = cli("reports", "remind", "--unit", "NCT.01", "--period", "2025-H2", "--only", "NCT.01.00004")
    assert again.code == 0 and "0 thông báo mới, 1 đơn vị đã được nhắc" in again.out
    assert AuditRecord.objects.filter(action="report.remind", source="cli").count() == 2
    assert not Submission.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--unit", "NCT.01", "--period", "2025-H3"], "không hợp lệ"),
        (["--unit", "KHONGCO", "--period", "2025-H2"], "Không tìm thấy"),
        (["--unit", "NCT.01", "--period", "2025-H2", "--as", "commune_officer"], "Không tìm thấy"),
        (["--unit", "NCT.01", "--period", "2025-H2", "--as", "inspector"], "quyền"),
        (["--unit", "NCT.01", "--period", "2025-H2", "--only", "NCT.02"], "Không tìm thấy đơn vị NCT.02"),
    ],
)
def test_cli_remind_refusals(cli, db, args, message):
    out = cli("reports", "remind", *args)
    assert out.code != 0 and message in out.err
    assert not Notification.objects.exists()
