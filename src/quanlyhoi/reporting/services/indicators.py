"""Indicators as data: created and edited by those who manage reporting (rights: services.templates).

An indicator whose values are stored in a report, or that is on a template a report has been sent on, keeps
what gives those values their meaning: its type, breakdowns, aggregation and registry source are fixed from
then on (a new indicator is the way to change them); its name and unit of measure stay editable. The code never
changes: spreadsheets, the API and the rules refer to it.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q

from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.permissions import recheck
from quanlyhoi.core.roles import Action
from quanlyhoi.core.text import normalise
from quanlyhoi.orgs.models import Association
from quanlyhoi.reporting.models import (
    Aggregation,
    Indicator,
    IndicatorKind,
    RegistrySource,
    Submission,
    SubmissionState,
    SubmissionValue,
)
from quanlyhoi.reporting.services.templates import check_allowed, check_creation

FIELDS = ["code", "name", "unit_of_measure", "kind", "aggregation", "breakdowns", "source"]
# Changing these would change what the values already stored mean.
MEANING = {"kind": "kiểu", "aggregation": "cách tổng hợp", "breakdowns": "phân tổ", "source": "nguồn số liệu"}
CODE = re.compile(r"[A-Z][A-Z0-9_]{0,29}")
DIMENSION_CODE = re.compile(r"[a-z][a-z0-9_]{0,19}")
CHOICE_CODE = re.compile(r"[A-Za-z0-9_]{1,10}")  # keys join choices with "|" into 40 characters at most
MAX_DIMENSIONS, MIN_CHOICES, MAX_CHOICES = 2, 2, 20
K, A = IndicatorKind, Aggregation
# What rolls up sensibly: a text is never added up; a yes/no adds up to the number of units answering yes
# (average: their share; maximum: whether any did); percentages are averaged, never added.
AGGREGATIONS = {
    K.INTEGER: set(A.values),
    K.DECIMAL: set(A.values),
    K.MONEY: set(A.values),
    K.PERCENT: {A.AVERAGE, A.MAXIMUM, A.NONE},
    K.YESNO: {A.SUM, A.AVERAGE, A.MAXIMUM, A.NONE},
    K.TEXT: {A.NONE},
}


def _error(code: str, message: str, field: str, status: int = 422) -> DomainError:
    return DomainError(code, message, status=status, field=field)


def indicator_code(text) -> str:
    return (text or "").strip().upper()


def _clean_code(text) -> str:
    code = indicator_code(text)
    if not CODE.fullmatch(code):
        raise _error(
            "bad_code",
            f"Mã chỉ tiêu '{(text or '').strip()}' không hợp lệ: bắt đầu bằng chữ cái, chỉ gồm chữ in hoa không "
            "dấu, chữ số và dấu gạch dưới, tối đa 30 ký tự.",
            "code",
        )
    return code


def _choices(dimension: str, raw) -> list[list[str]]:
    pairs = []
    for choice in raw if isinstance(raw, list | tuple) else []:
        code, name = (
            (choice.get("code"), choice.get("name")) if isinstance(choice, dict) else (list(choice) + ["", ""])[:2]
        )
        code, name = str(code or "").strip(), normalise(str(name or ""))
        if not CHOICE_CODE.fullmatch(code) or not name:
            raise _error(
                "bad_breakdown",
                f"Phân tổ {dimension}: mỗi lựa chọn cần mã (chữ không dấu hoặc số, tối đa 10 ký tự) và tên.",
                "breakdowns",
            )
        pairs.append([code, name])
    if not MIN_CHOICES <= len(pairs) <= MAX_CHOICES:
        raise _error(
            "bad_breakdown", f"Phân tổ {dimension} cần từ {MIN_CHOICES} đến {MAX_CHOICES} lựa chọn.", "breakdowns"
        )
    if len({code for code, _name in pairs}) != len(pairs):
        raise _error("bad_breakdown", f"Phân tổ {dimension} có mã lựa chọn trùng nhau.", "breakdowns")
    return pairs


def clean_breakdowns(raw) -> list[dict]:
    """[{"code", "name", "choices": [[code, name], ...]}] (choices may also come as {"code", "name"})."""
    raw = raw or []
    if not isinstance(raw, list | tuple) or len(raw) > MAX_DIMENSIONS:
        raise _error("bad_breakdown", f"Một chỉ tiêu được phân tổ theo tối đa {MAX_DIMENSIONS} tiêu chí.", "breakdowns")
    out = []
    for dim in raw:
        dim = dim if isinstance(dim, dict) else {}
        code, name = str(dim.get("code") or "").strip().lower(), normalise(str(dim.get("name") or ""))
        if not DIMENSION_CODE.fullmatch(code) or not name:
            raise _error(
                "bad_breakdown",
                "Mỗi tiêu chí phân tổ cần mã (chữ thường không dấu, số, dấu gạch dưới; tối đa 20 ký tự) và tên.",
                "breakdowns",
            )
        out.append({"code": code, "name": name, "choices": _choices(code, dim.get("choices"))})
    if len({d["code"] for d in out}) != len(out):
        raise _error("bad_breakdown", "Hai tiêu chí phân tổ trùng mã.", "breakdowns")
    return out


def _clean(obj: Indicator) -> None:
    """Check and normalise the fields of `obj` in place."""
    obj.name = normalise(obj.name)
    if not obj.name or len(obj.name) > 250:
        raise _error("name_required", "Tên chỉ tiêu không được để trống (tối đa 250 ký tự).", "name")
    obj.unit_of_measure = normalise(obj.unit_of_measure)
    if len(obj.unit_of_measure) > 40:
        raise _error("bad_unit", "Đơn vị tính dài quá 40 ký tự.", "unit_of_measure")
    if obj.kind not in K.values:
        raise _error("bad_kind", f"Kiểu chỉ tiêu '{obj.kind}' không có.", "kind")
    if obj.aggregation not in A.values:
        raise _error("bad_aggregation", f"Cách tổng hợp '{obj.aggregation}' không có.", "aggregation")
    if obj.aggregation not in AGGREGATIONS[obj.kind]:
        allowed = ", ".join(str(A(a).label) for a in A.values if a in AGGREGATIONS[obj.kind])
        raise _error(
            "bad_aggregation",
            f"Chỉ tiêu kiểu “{K(obj.kind).label}” chỉ tổng hợp theo cách: {allowed}.",
            "aggregation",
        )
    obj.breakdowns = clean_breakdowns(obj.breakdowns)
    obj.source = (obj.source or "").strip()
    if obj.source not in RegistrySource.values:
        raise _error("bad_source", f"Nguồn số liệu '{obj.source}' không có.", "source")
    if obj.source and (obj.kind != K.INTEGER or obj.breakdowns):
        raise _error(
            "bad_source",
            "Chỉ tiêu tính từ dữ liệu hội viên phải là số nguyên và không phân tổ.",
            "source",
        )


def _check_code_free(code: str, association_id: int | None, own_pk: int | None = None) -> None:
    """A code names one indicator wherever a template may use it: an association's own indicator may not take a
    shared code (nor a shared one any association's)."""
    clash = Indicator.objects.filter(code=code).exclude(pk=own_pk)
    if association_id is not None:
        clash = clash.filter(Q(association__isnull=True) | Q(association_id=association_id))
    if clash.exists():
        raise _error("code_taken", f"Mã chỉ tiêu {code} đã được dùng.", "code", status=409)


def in_use(indicator: Indicator) -> bool:
    """Values stored for it in a report, or on a template version a report has been sent on."""
    sent = Submission.objects.exclude(state=SubmissionState.DRAFT).filter(template__items__indicator=indicator)
    return SubmissionValue.objects.filter(indicator=indicator).exists() or sent.exists()


def _audit(actor, action: str, obj: Indicator, changes: dict) -> None:
    audit.record(actor=actor, action=action, obj=obj, changes=changes, association_id=obj.association_id)


@transaction.atomic
def create_indicator(
    *,
    actor,
    association: Association | None = None,
    code: str,
    name: str,
    unit_of_measure: str = "",
    kind: str = K.INTEGER,
    aggregation: str = A.SUM,
    breakdowns: list | None = None,
    source: str = "",
) -> Indicator:
    """A new indicator, shared (no association) or the association's own."""
    check_creation(actor, association)
    obj = Indicator(
        association=association, code=_clean_code(code), name=name, unit_of_measure=unit_of_measure, kind=kind,
        aggregation=aggregation, breakdowns=breakdowns or [], source=source or "",
    )  # fmt: skip
    _clean(obj)
    _check_code_free(obj.code, obj.association_id)
    obj.save()
    recheck(actor, Action.MANAGE_REPORTING, Indicator, [obj.pk])
    _audit(actor, "indicator.create", obj, audit.diff({}, audit.snapshot(obj, FIELDS)))
    return obj


@transaction.atomic
def update_indicator(
    *,
    actor,
    indicator: Indicator,
    name: str | None = None,
    unit_of_measure: str | None = None,
    kind: str | None = None,
    aggregation: str | None = None,
    breakdowns: list | None = None,
    source: str | None = None,
) -> Indicator:
    """Change what is given (None: unchanged). Refused with 409 when the indicator is in use and the change
    would alter the meaning of stored values."""
    obj = Indicator.objects.select_for_update().get(pk=indicator.pk)
    check_allowed(actor, obj, "chỉ tiêu")
    before = audit.snapshot(obj, FIELDS)
    given = {"name": name, "unit_of_measure": unit_of_measure, "kind": kind, "aggregation": aggregation,
             "breakdowns": breakdowns, "source": source}  # fmt: skip
    for field, value in given.items():
        if value is not None:
            setattr(obj, field, value)
    _clean(obj)
    changes = audit.diff(before, audit.snapshot(obj, FIELDS))
    fixed = [f for f in MEANING if f in changes]
    if fixed and in_use(obj):
        names = ", ".join(MEANING[f] for f in fixed)
        raise DomainError(
            "indicator_in_use",
            f"Chỉ tiêu {obj.code} đã có số liệu trong báo cáo nên không đổi được ({names}): đổi sẽ làm sai ý nghĩa "
            "số liệu đã nộp. Chỉ sửa được tên và đơn vị tính; cần khác đi thì tạo chỉ tiêu mới.",
            status=409,
            field=fixed[0],
        )
    if changes:
        obj.save()
        recheck(actor, Action.MANAGE_REPORTING, Indicator, [obj.pk])
        _audit(actor, "indicator.update", obj, changes)
    return obj
