"""Report templates revised into new versions: reports already started keep theirs (their indicators, sections
and values), new reports start on the new one, roll-ups keep the figures of dropped indicators; every refusal
changes nothing; only those who manage the template may revise it."""

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Association
from quanlyhoi.reporting.models import (
    Indicator,
    ReportTemplate,
    Submission,
    TemplateIndicator,
    TemplateSection,
    ValidationRule,
)
from quanlyhoi.reporting.rollup import rollup
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.templates import create_template, revise_template, spec_of
from tests.reporting.conftest import NARRATIVES

pytestmark = pytest.mark.django_db


def current() -> ReportTemplate:
    return ReportTemplate.objects.get(code="BC-HQC", is_current=True)


def counts() -> tuple:
    models = (ReportTemplate, TemplateIndicator, TemplateSection, ValidationRule, AuditRecord)
    return tuple(m.objects.count() for m in models) + (current().pk,)


def without(spec_items: list[dict], *codes: str) -> list[dict]:
    return [i for i in spec_items if i["indicator"] not in codes]


def approved(actor, unit, period, values: dict) -> Submission:
    report = submissions.start(actor=actor, unit=unit, period=period)
    report = submissions.save(
        actor=actor, submission=report, version=report.version, values=values, narratives=NARRATIVES
    )
    report = submissions.submit(actor=actor, submission=report)
    return submissions.approve(actor=actor, submission=report)


def test_a_revision_is_a_new_current_version_and_old_reports_keep_theirs(operator, unit, h2):
    v1 = current()
    old = approved(operator, unit("NCT.01.00004"), h2, {"TT_BUOI": 5, "MH_HAY": 2})
    spec = spec_of(v1)
    items = [{**i, "required": i["indicator"] == "TT_BUOI"} for i in without(spec["items"], "MH_HAY")]
    v2 = revise_template(actor=operator, template=v1, name="Báo cáo 6 tháng (sửa)", items=items)
    v1.refresh_from_db()
    assert (v2.version, v2.is_current, v1.is_current) == (2, True, False)
    assert ReportTemplate.objects.filter(code="BC-HQC", is_current=True).get() == v2
    assert not v2.items.filter(indicator__code="MH_HAY").exists()
    assert v2.items.get(indicator__code="TT_BUOI").required
    assert v2.sections.count() == v1.sections.count() and v2.rules.count() == v1.rules.count()
    # The approved report still shows version 1 with its values.
    old.refresh_from_db()
    assert old.template == v1 and old.template.items.filter(indicator__code="MH_HAY").exists()
    assert {v.indicator.code: v.number for v in old.values.filter(key="")}["MH_HAY"] == 2
    # A new report starts on version 2.
    fresh = submissions.start(actor=operator, unit=unit("NCT.01.00008"), period=h2)
    assert fresh.template == v2
    # The roll-up keeps version 1's figures, the dropped indicator's after the current ones.
    figures = {f.code: f.value for f in rollup(operator, unit("NCT.01"), h2).figures if not f.key}
    assert figures["TT_BUOI"] == 5 and figures["MH_HAY"] == 2
    codes = [f.code for f in rollup(operator, unit("NCT.01"), h2).figures]
    assert codes.index("MH_HAY") > codes.index("TT_BUOI")
    record = AuditRecord.objects.get(action="template.revise")
    assert set(record.changes) == {"name", "items"} and "v1 → v2" in record.message


def test_only_the_current_version_is_revised(operator):
    v1 = current()
    revise_template(actor=operator, template=v1, name="Lần một")
    before = counts()
    with pytest.raises(DomainError) as refused:
        revise_template(actor=operator, template=v1, name="Lần hai")
    assert refused.value.status == 409 and refused.value.code == "stale"
    assert counts() == before


def item(code, group="", required=False):
    return {"indicator": code, "group": group, "required": required}


RULE = {"code": "r1", "kind": "at_most", "severity": "error", "indicator": "HV_MOI", "other": "HV_TONG",
        "message": "Không quá tổng số."}  # fmt: skip
REFUSALS = {
    "unknown indicator": ({"items": [item("KHONG_CO")]}, "unknown_indicator"),
    "duplicate indicator": ({"items": [item("HV_TONG"), item("hv_tong")]}, "duplicate_indicator"),
    "rule on a dropped indicator": ({"items": [item("HV_TONG")]}, "rule_indicator"),
    "rule on an unknown other": (
        {"items": [item("HV_TONG"), item("HV_MOI")], "rules": [{**RULE, "other": "TT_BUOI"}]},
        "rule_indicator",
    ),
    "rule comparing with itself": (
        {"items": [item("HV_TONG")], "rules": [{**RULE, "indicator": "HV_TONG"}]},
        "bad_rule",
    ),
    "range without bounds": (
        {"items": [item("HV_TONG")], "rules": [{**RULE, "kind": "range", "indicator": "HV_TONG", "other": ""}]},
        "bad_rule",
    ),
    "change without a maximum": (
        {"items": [item("HV_TONG")], "rules": [{**RULE, "kind": "change", "indicator": "HV_TONG"}]},
        "bad_rule",
    ),
    "rule without a message": ({"rules": [{**RULE, "message": " "}]}, "bad_rule"),
    "unknown rule kind": ({"rules": [{**RULE, "kind": "bigger"}]}, "bad_rule"),
    "duplicate rule": ({"rules": [RULE, RULE]}, "duplicate_rule"),
    "counted draft": ({"counted_states": ["draft", "approved"]}, "bad_counted_states"),
    "nothing counted": ({"counted_states": []}, "bad_counted_states"),
    "unknown period kind": ({"period_kinds": ["week"]}, "bad_period_kinds"),
    "no period kind": ({"period_kinds": []}, "bad_period_kinds"),
    "unknown level": ({"levels": ["hamlet"]}, "bad_levels"),
    "section without title": ({"sections": [{"code": "ket_qua", "title": "", "required": True}]}, "bad_section"),
    "bad section code": ({"sections": [{"code": "Kết quả", "title": "Kết quả"}]}, "bad_section"),
    "duplicate section": (
        {"sections": [{"code": "a", "title": "A"}, {"code": "a", "title": "B"}]},
        "duplicate_section",
    ),
    "empty template": ({"items": [], "sections": [], "rules": []}, "empty_template"),
    "empty name": ({"name": "  "}, "name_required"),
    "nothing changed": ({"name": "Báo cáo 6 tháng, năm của hội quần chúng"}, "unchanged"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_every_refusal_changes_nothing(operator, case):
    changes, code = REFUSALS[case]
    before = counts()
    with pytest.raises(DomainError) as refused:
        revise_template(actor=operator, template=current(), **changes)
    assert refused.value.code == code and refused.value.status == 422, refused.value.message
    assert counts() == before


@pytest.mark.parametrize(
    ("persona", "status"),
    [("assoc_admin", 403), ("province_officer", 403), ("inspector", 403), ("outsider", 403), ("overseer", None)],
)
def test_who_may_revise_the_shared_template(personas, persona, status):
    if status is None:
        assert revise_template(actor=personas[persona], template=current(), name="Sửa").version == 2
        return
    with pytest.raises(DomainError) as refused:
        revise_template(actor=personas[persona], template=current(), name="Sửa")
    assert refused.value.status == status


def test_an_association_manages_its_own_template(personas, operator):
    nct = Association.objects.get(code="NCT")
    own = create_template(
        actor=personas["assoc_admin"], association=nct, code="nct-q", name="Báo cáo quý của NCT",
        period_kinds=["quarter"], levels=["province"], items=[item("HV_TONG")],
        sections=[{"code": "ket_qua", "title": "Kết quả", "required": True}],
    )  # fmt: skip
    assert (own.code, own.version, own.association) == ("NCT-Q", 1, nct)
    for persona, status in [("outsider", 404), ("province_officer", 403), ("overseer", None)]:
        if status is None:
            continue
        with pytest.raises(DomainError) as refused:
            revise_template(actor=personas[persona], template=own, name="Khác")
        assert refused.value.status == status
    revised = revise_template(actor=personas["overseer"], template=own, levels=[])
    assert revised.version == 2 and revised.levels == []
    with pytest.raises(DomainError) as refused:
        create_template(actor=personas["assoc_admin"], code="X1", name="Chung", period_kinds=["year"])
    assert refused.value.status == 403
    with pytest.raises(DomainError) as taken:
        create_template(actor=operator, code="BC-HQC", name="Lại", period_kinds=["year"], items=[item("HV_TONG")])
    assert taken.value.status == 409


def test_an_association_template_uses_its_own_indicators(personas):
    nct = Association.objects.get(code="NCT")
    Indicator.objects.create(association=nct, code="NCT_CLB", name="Câu lạc bộ")
    Indicator.objects.create(association=Association.objects.get(code="CTD"), code="CTD_DOI", name="Đội")
    spec = {"name": "Quý", "period_kinds": ["quarter"], "sections": []}
    own = create_template(
        actor=personas["assoc_admin"], association=nct, code="NCT-Q", items=[item("NCT_CLB"), item("HV_TONG")], **spec
    )
    assert [i.indicator.code for i in own.items.order_by("position")] == ["NCT_CLB", "HV_TONG"]
    with pytest.raises(DomainError) as refused:
        create_template(actor=personas["assoc_admin"], association=nct, code="NCT-R", items=[item("CTD_DOI")], **spec)
    assert refused.value.code == "unknown_indicator"
    with pytest.raises(DomainError):
        revise_template(actor=personas["overseer"], template=current(), items=[item("NCT_CLB")], rules=[])
