"""The template and indicator pages: the overseer edits the shared template as text lists and gets version 2;
a refused form shows the message, keeps what was typed and changes nothing; a form opened on a version that is
no longer current is refused with 409; an association's administrator may not edit the shared template."""

from django.urls import reverse

from quanlyhoi.reporting.models import Indicator, ReportTemplate
from quanlyhoi.reporting.services.templates import spec_of

EDIT = reverse("reporting:template_edit", kwargs={"code": "BC-HQC"})


def posted(**changes) -> dict:
    """The edit form as the page fills it for the current version, with `changes`."""
    from quanlyhoi.reporting.forms_templates import items_text, rules_text, sections_text

    template = ReportTemplate.objects.get(code="BC-HQC", is_current=True)
    spec = spec_of(template)
    data = {
        "version": template.version,
        "name": spec["name"],
        "period_kinds": spec["period_kinds"],
        "levels": spec["levels"],
        "counted_states": spec["counted_states"],
        "items": items_text(spec["items"]),
        "sections": sections_text(spec["sections"]),
        "rules": rules_text(spec["rules"]),
    }
    return {**data, **changes}


def test_the_overseer_saves_a_new_version(login_client, db):
    overseer = login_client("overseer")
    page = overseer.get(EDIT)
    assert page.status_code == 200 and "HV_TONG | Hội viên và phát triển hội viên" in page.content.decode()
    form = posted()
    form["sections"] += "\nbai_hoc | Bài học kinh nghiệm | x"
    saved = overseer.post(EDIT, form)
    assert saved.status_code == 302 and saved["Location"] == reverse("reporting:template", kwargs={"code": "BC-HQC"})
    current = ReportTemplate.objects.get(code="BC-HQC", is_current=True)
    assert current.version == 2 and current.sections.filter(code="bai_hoc", required=True).exists()
    assert current.rules.count() == 5 and current.items.count() == 22
    detail = overseer.get(saved["Location"]).content.decode()
    assert "Bài học kinh nghiệm" in detail and "?version=1" in detail
    old = overseer.get(saved["Location"], {"version": 1}).content.decode()
    assert "Bài học kinh nghiệm" not in old
    # The form of version 1, sent again, is stale.
    stale = overseer.post(EDIT, {**form, "version": 1, "name": "Khác"})
    assert stale.status_code == 409 and "không còn là phiên bản hiện hành" in stale.content.decode()
    assert ReportTemplate.objects.filter(code="BC-HQC").count() == 2


def test_a_refused_form_shows_why_and_changes_nothing(login_client, db):
    overseer = login_client("overseer")
    form = posted(items=posted()["items"] + "\nKHONG_CO | Nhóm")
    refused = overseer.post(EDIT, form)
    body = refused.content.decode()
    assert refused.status_code == 422 and "KHONG_CO" in body and "không có chỉ tiêu" in body
    bad_rule = posted(rules="r1 | at_most | error | HV_MOI | | | | Không quá.")
    assert overseer.post(EDIT, bad_rule).status_code == 422
    assert overseer.post(EDIT, posted(counted_states=[])).status_code == 422
    assert ReportTemplate.objects.filter(code="BC-HQC").count() == 1


def test_who_edits_the_shared_template(login_client, db):
    assert login_client("assoc_admin").get(EDIT).status_code == 403
    assert login_client("assoc_admin").post(EDIT, posted(name="Khác")).status_code == 403
    assert login_client("province_officer").get(reverse("reporting:templates")).status_code == 200
    assert ReportTemplate.objects.filter(code="BC-HQC").count() == 1
    page = login_client("overseer").get(reverse("reporting:status"), {"unit": "NCT", "period": "2025-H2"})
    assert reverse("reporting:templates") in page.content.decode()


def test_an_association_creates_its_template_and_indicator(login_client, db):
    admin = login_client("assoc_admin")
    new_indicator = {
        "association": "NCT", "code": "nct_clb", "name": "Câu lạc bộ", "kind": "integer", "aggregation": "sum",
        "breakdowns": "loai | Loại | A=Dưỡng sinh; B=Văn nghệ",
    }  # fmt: skip
    assert admin.post(reverse("reporting:indicator_new"), {**new_indicator, "association": ""}).status_code == 422
    assert admin.post(reverse("reporting:indicator_new"), new_indicator).status_code == 302
    ind = Indicator.objects.get(code="NCT_CLB")
    assert ind.association.code == "NCT" and ind.breakdowns[0]["choices"] == [["A", "Dưỡng sinh"], ["B", "Văn nghệ"]]
    new_template = {
        "association": "NCT", "code": "NCT-Q", "name": "Báo cáo quý", "period_kinds": ["quarter"],
        "counted_states": ["approved"], "items": "NCT_CLB | Câu lạc bộ | x\nHV_TONG", "sections": "", "rules": "",
    }  # fmt: skip
    created = admin.post(reverse("reporting:template_new"), new_template)
    assert created.status_code == 302, created.content.decode()[:2000]
    template = ReportTemplate.objects.get(code="NCT-Q")
    assert [i.indicator.code for i in template.items.order_by("position")] == ["NCT_CLB", "HV_TONG"]
    assert login_client("outsider").get(reverse("reporting:template", kwargs={"code": "NCT-Q"})).status_code == 404
    edit = reverse("reporting:indicator_edit", kwargs={"pk": ind.pk})
    saved = admin.post(edit, {**new_indicator, "name": "Câu lạc bộ hội viên", "kind": "text", "aggregation": "none"})
    assert saved.status_code == 302
    ind.refresh_from_db()
    assert (ind.name, ind.kind, ind.code) == ("Câu lạc bộ hội viên", "text", "NCT_CLB")


def test_an_indicator_in_use_shows_its_fixed_fields(login_client, filled):
    ind = Indicator.objects.get(code="HV_TONG")  # filled in from the registry when the report was started
    overseer = login_client("overseer")
    edit = reverse("reporting:indicator_edit", kwargs={"pk": ind.pk})
    page = overseer.get(edit).content.decode()
    assert "Reports already hold values" in page or "Đã có báo cáo lưu số liệu" in page
    sent = {"name": "Tổng số hội viên cuối kỳ", "unit_of_measure": "người", "kind": "text", "aggregation": "none"}
    assert overseer.post(edit, sent).status_code == 302
    ind.refresh_from_db()
    assert (ind.name, ind.kind, ind.aggregation) == ("Tổng số hội viên cuối kỳ", "integer", "sum")
