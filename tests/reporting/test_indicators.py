"""Indicators as data: codes, breakdowns, aggregations and sources are checked; an indicator reports hold
values of keeps what gives them their meaning; shared ones are the system scopes', own ones the association's."""

import pytest

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.models import AuditRecord
from quanlyhoi.orgs.models import Association
from quanlyhoi.reporting.models import Indicator
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.indicators import create_indicator, in_use, update_indicator

pytestmark = pytest.mark.django_db
SEX = [{"code": "sex", "name": "Giới tính", "choices": [["M", "Nam"], ["F", "Nữ"]]}]


def nct():
    return Association.objects.get(code="NCT")


def test_create_and_update_with_audit(operator):
    ind = create_indicator(
        actor=operator, code="clb_so", name=" Câu lạc bộ ", unit_of_measure="câu lạc bộ", kind="integer",
        aggregation="sum", breakdowns=[{"code": "Loai", "name": "Loại", "choices": [{"code": "A", "name": "Một"},
                                                                                     {"code": "B", "name": "Hai"}]}],
        source="",
    )  # fmt: skip
    assert (ind.code, ind.name, ind.association) == ("CLB_SO", "Câu lạc bộ", None)
    assert ind.breakdowns == [{"code": "loai", "name": "Loại", "choices": [["A", "Một"], ["B", "Hai"]]}]
    update_indicator(actor=operator, indicator=ind, kind="decimal", aggregation="average")
    ind.refresh_from_db()
    assert (ind.kind, ind.aggregation) == ("decimal", "average")
    records = AuditRecord.objects.filter(object_type="reporting.indicator").order_by("pk")
    actions = list(records.values_list("action", flat=True))
    assert actions == ["indicator.create", "indicator.update"]


BAD = {
    "lower-case start": ({"code": "1ABC"}, "bad_code"),
    "spaces in code": ({"code": "CLB SO"}, "bad_code"),
    "shared code taken": ({"code": "HV_TONG"}, "code_taken"),
    "empty name": ({"name": " "}, "name_required"),
    "text summed": ({"kind": "text", "aggregation": "sum"}, "bad_aggregation"),
    "percent summed": ({"kind": "percent", "aggregation": "sum"}, "bad_aggregation"),
    "yes/no last value": ({"kind": "yesno", "aggregation": "last"}, "bad_aggregation"),
    "unknown kind": ({"kind": "date"}, "bad_kind"),
    "three dimensions": ({"breakdowns": SEX * 3}, "bad_breakdown"),
    "one choice": ({"breakdowns": [{**SEX[0], "choices": [["M", "Nam"]]}]}, "bad_breakdown"),
    "duplicate choice": ({"breakdowns": [{**SEX[0], "choices": [["M", "Nam"], ["M", "Nữ"]]}]}, "bad_breakdown"),
    "choice with a bar": ({"breakdowns": [{**SEX[0], "choices": [["M|", "Nam"], ["F", "Nữ"]]}]}, "bad_breakdown"),
    "duplicate dimension": ({"breakdowns": SEX * 2}, "bad_breakdown"),
    "dimension without name": ({"breakdowns": [{**SEX[0], "name": ""}]}, "bad_breakdown"),
    "registry money": ({"kind": "money", "source": "members"}, "bad_source"),
    "registry with breakdown": ({"source": "members", "breakdowns": SEX}, "bad_source"),
    "unknown source": ({"source": "guess"}, "bad_source"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_refusals_change_nothing(operator, case):
    changes, code = BAD[case]
    spec = {"code": "CLB_SO", "name": "Câu lạc bộ", "kind": "integer", "aggregation": "sum", **changes}
    before = Indicator.objects.count(), AuditRecord.objects.count()
    with pytest.raises(DomainError) as refused:
        create_indicator(actor=operator, **spec)
    assert refused.value.code == code, refused.value.message
    assert (Indicator.objects.count(), AuditRecord.objects.count()) == before


def test_own_codes_may_not_shadow_shared_ones(personas):
    with pytest.raises(DomainError) as refused:
        create_indicator(actor=personas["assoc_admin"], association=nct(), code="HV_TONG", name="Trùng")
    assert refused.value.status == 409
    own = create_indicator(actor=personas["assoc_admin"], association=nct(), code="NCT_CLB", name="Câu lạc bộ")
    ctd = Association.objects.get(code="CTD")
    assert create_indicator(actor=personas["outsider"], association=ctd, code="NCT_CLB", name="Của CTD").pk != own.pk


def test_an_indicator_in_a_report_keeps_its_meaning(operator, draft):
    tt = Indicator.objects.get(code="TT_LUOT")
    assert not in_use(tt)
    submissions.save(actor=operator, submission=draft, version=draft.version, values={("TT_LUOT", "F"): 3})
    assert in_use(tt)
    for change in ({"kind": "decimal"}, {"aggregation": "maximum"}, {"breakdowns": []}):
        with pytest.raises(DomainError) as refused:
            update_indicator(actor=operator, indicator=tt, **change)
        assert refused.value.status == 409 and "không đổi được" in refused.value.message
    update_indicator(actor=operator, indicator=tt, name="Lượt người dự tuyên truyền", unit_of_measure="lượt")
    tt.refresh_from_db()
    assert (tt.name, tt.unit_of_measure, tt.kind) == ("Lượt người dự tuyên truyền", "lượt", "integer")
    # A template that a sent report uses makes its indicators fixed even where the report left them empty.
    assert not in_use(Indicator.objects.get(code="MH_HAY"))
    draft.state = "submitted"
    draft.save()
    assert in_use(Indicator.objects.get(code="MH_HAY"))


@pytest.mark.parametrize(
    ("persona", "own", "status"),
    [
        ("assoc_admin", False, 403),
        ("province_officer", False, 403),
        ("outsider", False, 403),
        ("province_officer", True, 403),
        ("inspector", True, 403),
        ("outsider", True, 404),
    ],
)
def test_who_may_change_an_indicator(personas, persona, own, status):
    if own:
        target = Indicator.objects.create(association=nct(), code="NCT_CLB", name="Câu lạc bộ")
    else:
        target = Indicator.objects.get(code="TT_BUOI")
    with pytest.raises(DomainError) as refused:
        update_indicator(actor=personas[persona], indicator=target, name="Khác")
    assert refused.value.status == status
    with pytest.raises(DomainError) as refused:
        create_indicator(actor=personas[persona], association=nct() if own else None, code="MOI", name="Mới")
    assert refused.value.status == (404 if persona == "outsider" and own else 403)


def test_system_scopes_manage_shared_and_own(personas):
    for persona in ("overseer", "sysadmin"):
        update_indicator(actor=personas[persona], indicator=Indicator.objects.get(code="TT_BUOI"), name=persona)
        create_indicator(actor=personas[persona], association=nct(), code=f"X_{persona.upper()}", name="Của NCT")
    assert Indicator.objects.filter(association=nct()).count() == 2
