"""Report templates as data: revised into new versions, never edited in place.

`revise_template` copies the current version into version + 1 with the changes applied and makes it current;
the reports already started keep the version they were started on (their indicators, sections and rules), and
new reports start on the new one. Roll-ups list the current version's indicators, then those of older versions
that reports of the period still carry (reporting.rollup).

Who: shared templates and indicators (no association) are managed with MANAGE_REPORTING on a system scope (the
overseer, system administrators); an association's own with MANAGE_REPORTING on that association (its
administrators). What one cannot see answers 404, what one sees but may not change 403.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Count, Q

from quanlyhoi.core import audit
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.permissions import recheck
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, scopes_for
from quanlyhoi.core.text import normalise
from quanlyhoi.orgs.models import Association, UnitLevel
from quanlyhoi.reporting.models import (
    Indicator,
    IndicatorKind,
    PeriodKind,
    ReportTemplate,
    RuleKind,
    Severity,
    Submission,
    SubmissionState,
    TemplateIndicator,
    TemplateSection,
    ValidationRule,
)

MANAGE = Action.MANAGE_REPORTING
TEMPLATE_CODE = re.compile(r"[A-Z][A-Z0-9_-]{0,29}")
PART_CODE = re.compile(r"[a-z][a-z0-9_]{0,29}")  # sections and rules
COUNTABLE = [SubmissionState.SUBMITTED, SubmissionState.APPROVED, SubmissionState.LOCKED]
HEAD_FIELDS = ("name", "period_kinds", "levels", "counted_states")


def can_manage(actor, association_id: int | None) -> bool:
    """Whether `actor` manages the shared configuration (None) or that association's own."""
    return any(
        s.kind == SYSTEM
        or (association_id is not None and s.kind == ASSOCIATION and s.association_id == association_id)
        for s in scopes_for(actor, MANAGE)
    )


def check_creation(actor, association: Association | None) -> None:
    if association is not None and not Association.objects.restrict(actor, "view").filter(pk=association.pk).exists():
        raise NotFound(f"Không tìm thấy hội {association.code}.")
    if not can_manage(actor, association.pk if association else None):
        raise Forbidden(_refusal(association is None))


def check_allowed(actor, obj: Indicator | ReportTemplate, what: str) -> None:
    """404 when `obj` is out of sight, 403 when it may not be changed by `actor`."""
    manager = type(obj).objects
    if not manager.restrict(actor, "view").filter(pk=obj.pk).exists():
        raise NotFound(f"Không tìm thấy {what} này.")
    if not manager.restrict(actor, MANAGE).filter(pk=obj.pk).exists():
        raise Forbidden(_refusal(obj.association_id is None))


def _refusal(shared: bool) -> str:
    if shared:
        return "Chỉ cơ quan theo dõi và quản trị hệ thống mới được sửa chỉ tiêu, mẫu báo cáo dùng chung."
    return "Chỉ quản trị của hội mới được sửa chỉ tiêu, mẫu báo cáo riêng của hội."


def _error(code: str, message: str, field: str, status: int = 422) -> DomainError:
    return DomainError(code, message, status=status, field=field)


def _number(value, where: str, field: str) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise _error("bad_rule", f"{where}: '{value}' không phải là số.", field) from None
    if not number.is_finite() or abs(number) >= 10**16:
        raise _error("bad_rule", f"{where}: số '{value}' không hợp lệ.", field)
    return number


def spec_of(template: ReportTemplate) -> dict:
    """A version as plain data (what revise_template takes): copied into the next version, shown and audited."""
    rules = template.rules.select_related("indicator", "other").order_by("code")
    return {
        "name": template.name,
        "period_kinds": list(template.period_kinds),
        "levels": list(template.levels),
        "counted_states": list(template.counted_states),
        "items": [
            {"indicator": i.indicator.code, "group": i.group, "required": i.required}
            for i in template.items.select_related("indicator").order_by("position")
        ],
        "sections": [
            {"code": s.code, "title": s.title, "required": s.required} for s in template.sections.order_by("position")
        ],
        "rules": [
            {
                "code": r.code,
                "kind": r.kind,
                "severity": r.severity,
                "indicator": r.indicator.code,
                "other": r.other.code if r.other else "",
                "minimum": _plain(r.minimum),
                "maximum": _plain(r.maximum),
                "message": r.message,
            }
            for r in rules
        ],  # fmt: skip
    }


def _plain(number: Decimal | None) -> str:
    return "" if number is None else format(number.normalize(), "f")


def _choices(raw, allowed: list[str], field: str, what: str, *, empty_ok: bool) -> list[str]:
    values = list(dict.fromkeys(str(v).strip() for v in (raw or []) if str(v).strip()))
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise _error(f"bad_{field}", f"Không có {what} '{unknown[0]}'. Chọn trong: {', '.join(allowed)}.", field)
    if not values and not empty_ok:
        raise _error(f"bad_{field}", f"Cần chọn ít nhất một {what}.", field)
    return [v for v in allowed if v in values]  # in a fixed order, so that a reordering is no change


def _clean_items(raw, association_id: int | None) -> list[dict]:
    usable = Indicator.objects.filter(Q(association__isnull=True) | Q(association_id=association_id))
    by_code = {i.code: i for i in usable.order_by("-association_id")}  # an own code over a shared one
    out, seen = [], set()
    for n, item in enumerate(raw or [], 1):
        code = str(item.get("indicator") or "").strip().upper()
        indicator = by_code.get(code)
        if indicator is None:
            raise _error("unknown_indicator", f"Chỉ tiêu thứ {n}: không có chỉ tiêu mã '{code}'.", "items")
        if code in seen:
            raise _error("duplicate_indicator", f"Chỉ tiêu {code} có hai lần trong mẫu.", "items")
        seen.add(code)
        group = normalise(str(item.get("group") or ""))
        if len(group) > 200:
            raise _error("bad_group", f"Tên nhóm của chỉ tiêu {code} dài quá 200 ký tự.", "items")
        out.append({"indicator": indicator, "group": group, "required": bool(item.get("required"))})
    return out


def _clean_sections(raw) -> list[dict]:
    out, seen = [], set()
    for n, section in enumerate(raw or [], 1):
        code = str(section.get("code") or "").strip().lower()
        if not PART_CODE.fullmatch(code):
            raise _error(
                "bad_section",
                f"Phần thứ {n}: mã '{code}' không hợp lệ (chữ thường không dấu, số, gạch dưới; tối đa 30 ký tự).",
                "sections",
            )
        if code in seen:
            raise _error("duplicate_section", f"Mã phần {code} có hai lần trong mẫu.", "sections")
        seen.add(code)
        title = normalise(str(section.get("title") or ""))
        if not title or len(title) > 250:
            raise _error("bad_section", f"Phần {code}: tiêu đề không được để trống (tối đa 250 ký tự).", "sections")
        out.append({"code": code, "title": title, "required": bool(section.get("required"))})
    return out


def _clean_rule(rule: dict, n: int, items: dict) -> dict:
    code = str(rule.get("code") or "").strip().lower()
    if not PART_CODE.fullmatch(code):
        raise _error("bad_rule", f"Quy tắc thứ {n}: mã '{code}' không hợp lệ.", "rules")
    where = f"Quy tắc {code}"
    kind, severity = str(rule.get("kind") or "").strip(), str(rule.get("severity") or Severity.ERROR).strip()
    if kind not in RuleKind.values:
        raise _error("bad_rule", f"{where}: loại '{kind}' không có ({', '.join(RuleKind.values)}).", "rules")
    if severity not in Severity.values:
        raise _error("bad_rule", f"{where}: mức '{severity}' không có ({', '.join(Severity.values)}).", "rules")
    indicator, other = (items.get(str(rule.get(k) or "").strip().upper()) for k in ("indicator", "other"))
    for name, found in (("indicator", indicator), ("other", other)):
        given = str(rule.get(name) or "").strip().upper()
        if given and found is None:
            raise _error("rule_indicator", f"{where}: chỉ tiêu {given} không có trong mẫu.", "rules")
        if found is not None and found.kind == IndicatorKind.TEXT:
            raise _error("rule_indicator", f"{where}: chỉ tiêu {found.code} là văn bản, không so sánh được.", "rules")
    if indicator is None:
        raise _error("rule_indicator", f"{where}: cần chỉ tiêu được kiểm tra.", "rules")
    minimum, maximum = _number(rule.get("minimum"), where, "rules"), _number(rule.get("maximum"), where, "rules")
    if kind == RuleKind.AT_MOST:
        if other is None or other == indicator:
            raise _error("bad_rule", f"{where}: cần một chỉ tiêu khác để so sánh.", "rules")
        minimum = maximum = None
    elif kind == RuleKind.RANGE:
        other = None
        if minimum is None and maximum is None or (None not in (minimum, maximum) and minimum > maximum):
            raise _error("bad_rule", f"{where}: cần giới hạn dưới và/hoặc trên, dưới không lớn hơn trên.", "rules")
    else:
        other, minimum = None, None
        if maximum is None or maximum <= 0:
            raise _error("bad_rule", f"{where}: cần mức thay đổi tối đa lớn hơn 0 (0,2 là 20%).", "rules")
    message = normalise(str(rule.get("message") or ""))
    if not message or len(message) > 300:
        raise _error("bad_rule", f"{where}: cần lời nhắn cho người nhập (tối đa 300 ký tự).", "rules")
    return {"code": code, "kind": kind, "severity": severity, "indicator": indicator, "other": other,
            "minimum": minimum, "maximum": maximum, "message": message}  # fmt: skip


def _level_codes(association_id: int | None) -> list[str]:
    levels = (
        UnitLevel.objects.all() if association_id is None else UnitLevel.objects.filter(association_id=association_id)
    )
    return list(dict.fromkeys(levels.order_by("rank").values_list("code", flat=True)))


def _clean_spec(spec: dict, association_id: int | None) -> dict:
    """Every part checked and resolved (indicator codes to indicators); raises on the first problem."""
    name = normalise(str(spec.get("name") or ""))
    if not name or len(name) > 250:
        raise _error("name_required", "Tên mẫu báo cáo không được để trống (tối đa 250 ký tự).", "name")
    items = _clean_items(spec.get("items"), association_id)
    sections = _clean_sections(spec.get("sections"))
    if not items and not sections:
        raise _error("empty_template", "Mẫu báo cáo cần ít nhất một chỉ tiêu hoặc một phần viết.", "items")
    by_code = {i["indicator"].code: i["indicator"] for i in items}
    rules = [_clean_rule(r, n, by_code) for n, r in enumerate(spec.get("rules") or [], 1)]
    if len({r["code"] for r in rules}) != len(rules):
        raise _error("duplicate_rule", "Hai quy tắc kiểm tra trùng mã.", "rules")
    return {
        "name": name,
        "period_kinds": _choices(
            spec.get("period_kinds"), PeriodKind.values, "period_kinds", "loại kỳ", empty_ok=False
        ),
        "levels": _choices(spec.get("levels"), _level_codes(association_id), "levels", "cấp", empty_ok=True),
        "counted_states": _choices(
            spec.get("counted_states"), COUNTABLE, "counted_states", "trạng thái được tính", empty_ok=False
        ),
        "items": items,
        "sections": sections,
        "rules": rules,
    }


def _as_spec(cleaned: dict) -> dict:
    """A cleaned version back as spec_of shows it, to compare with the version it replaces."""
    rules = [
        {**r, "indicator": r["indicator"].code, "other": r["other"].code if r["other"] else "",
         "minimum": _plain(r["minimum"]), "maximum": _plain(r["maximum"])}
        for r in cleaned["rules"]
    ]  # fmt: skip
    return {
        **{k: cleaned[k] for k in ("name", "period_kinds", "levels", "counted_states", "sections")},
        "items": [{**i, "indicator": i["indicator"].code} for i in cleaned["items"]],
        "rules": sorted(rules, key=lambda r: r["code"]),
    }


def _write(template: ReportTemplate, cleaned: dict) -> None:
    TemplateIndicator.objects.bulk_create(
        TemplateIndicator(template=template, position=n, **item) for n, item in enumerate(cleaned["items"])
    )
    TemplateSection.objects.bulk_create(
        TemplateSection(template=template, position=n, **section) for n, section in enumerate(cleaned["sections"])
    )
    ValidationRule.objects.bulk_create(ValidationRule(template=template, **rule) for rule in cleaned["rules"])


def _audit(actor, action: str, template: ReportTemplate, changes: dict, message: str) -> None:
    audit.record(
        actor=actor, action=action, obj=template, changes=changes, message=message,
        association_id=template.association_id,
    )  # fmt: skip


@transaction.atomic
def revise_template(
    *,
    actor,
    template: ReportTemplate,
    name: str | None = None,
    period_kinds: list[str] | None = None,
    levels: list[str] | None = None,
    counted_states: list[str] | None = None,
    items: list[dict] | None = None,
    sections: list[dict] | None = None,
    rules: list[dict] | None = None,
) -> ReportTemplate:
    """The next version of the current `template`, with what is given (None: copied). Items, sections and rules
    are whole lists of plain dicts (as spec_of gives them). Refused (nothing changed) when any part is invalid,
    when nothing changes, and with 409 when `template` is no longer the current version."""
    versions = {t.pk: t for t in ReportTemplate.objects.select_for_update().filter(code=template.code)}
    base = versions.get(template.pk)
    if base is None:
        raise NotFound("Không tìm thấy mẫu báo cáo này.")
    check_allowed(actor, base, "mẫu báo cáo")
    if not base.is_current:
        current = max(t.version for t in versions.values())
        raise DomainError(
            "stale",
            f"Mẫu {base.code} phiên bản {base.version} không còn là phiên bản hiện hành (đã có phiên bản {current}). "
            "Hãy mở lại phiên bản mới nhất rồi sửa.",
            status=409,
        )
    before = spec_of(base)
    given = {"name": name, "period_kinds": period_kinds, "levels": levels, "counted_states": counted_states,
             "items": items, "sections": sections, "rules": rules}  # fmt: skip
    spec = {k: (before[k] if v is None else v) for k, v in given.items()}
    cleaned = _clean_spec(spec, base.association_id)
    changes = audit.diff(before, _as_spec(cleaned))
    if not changes:
        raise DomainError("unchanged", "Không có thay đổi nào so với phiên bản hiện hành.", status=422)
    ReportTemplate.objects.filter(pk=base.pk).update(is_current=False)
    new = ReportTemplate.objects.create(
        association_id=base.association_id, code=base.code, version=max(t.version for t in versions.values()) + 1,
        is_current=True, **{k: cleaned[k] for k in HEAD_FIELDS},
    )  # fmt: skip
    _write(new, cleaned)
    recheck(actor, MANAGE, ReportTemplate, [new.pk])
    _audit(actor, "template.revise", new, changes, f"{base.code}: v{base.version} → v{new.version}")
    return new


@transaction.atomic
def create_template(
    *,
    actor,
    association: Association | None = None,
    code: str,
    name: str,
    period_kinds: list[str],
    levels: list[str] | None = None,
    counted_states: list[str] | None = None,
    items: list[dict] | None = None,
    sections: list[dict] | None = None,
    rules: list[dict] | None = None,
) -> ReportTemplate:
    """A new template (version 1), shared or the association's own; its code is unique across all templates,
    because a unit's report on a template is found by the template's code."""
    check_creation(actor, association)
    code = (code or "").strip().upper()
    if not TEMPLATE_CODE.fullmatch(code):
        raise _error(
            "bad_code",
            f"Mã mẫu '{code}' không hợp lệ: chữ in hoa không dấu, chữ số, gạch ngang, gạch dưới; tối đa 30 ký tự.",
            "code",
        )
    if ReportTemplate.objects.filter(code=code).exists():
        raise _error("code_taken", f"Mã mẫu báo cáo {code} đã được dùng.", "code", status=409)
    spec = {"name": name, "period_kinds": period_kinds, "levels": levels or [], "items": items or [],
            "sections": sections or [], "rules": rules or [],
            "counted_states": counted_states or [SubmissionState.APPROVED, SubmissionState.LOCKED]}  # fmt: skip
    cleaned = _clean_spec(spec, association.pk if association else None)
    new = ReportTemplate.objects.create(
        association=association, code=code, version=1, is_current=True, **{k: cleaned[k] for k in HEAD_FIELDS}
    )
    _write(new, cleaned)
    recheck(actor, MANAGE, ReportTemplate, [new.pk])
    _audit(actor, "template.create", new, audit.diff({}, _as_spec(cleaned)), code)
    return new


def reports_by_version(actor, code: str) -> dict[int, int]:
    """How many reports (within `actor`'s scope) were started on each version of the template."""
    rows = Submission.objects.restrict(actor, "view").filter(template_code=code).values("template__version")
    return {row["template__version"]: row["n"] for row in rows.annotate(n=Count("pk")).order_by()}


def template_visible(actor, code: str, version: int | None = None) -> ReportTemplate:
    """The current version of the template (or the given one) if `actor` may see it; 404 otherwise."""
    rows = ReportTemplate.objects.restrict(actor, "view").filter(code=(code or "").strip().upper())
    found = rows.filter(version=version).first() if version else rows.filter(is_current=True).first()
    if found is None:
        raise NotFound(f"Không tìm thấy mẫu báo cáo {code}" + (f" phiên bản {version}." if version else "."))
    return found
