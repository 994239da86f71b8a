"""A unit's report for a period: started with the registry's figures filled in, edited (a stale version is
refused, never overwritten), submitted when it passes its checks, then returned or approved by the level
above, locked, and reopened by an approver. Every step is audited.

    draft --submit--> submitted --approve--> approved --lock--> locked
      ^                  |                       |                |
      |              return (reason)          reopen (reason)  reopen (reason)
      +---- edit ---- returned <-----------------+----------------+
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from quanlyhoi.core import audit
from quanlyhoi.core.dates import vn
from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.permissions import require
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import ASSOCIATION, SYSTEM, UNIT, scopes_for
from quanlyhoi.orgs.models import Unit
from quanlyhoi.reporting import registry, validation
from quanlyhoi.reporting.models import (
    IndicatorKind,
    Period,
    ReportTemplate,
    Submission,
    SubmissionNarrative,
    SubmissionState,
    SubmissionValue,
)

St = SubmissionState
# state -> {step: state after}
TRANSITIONS: dict[str, dict[str, str]] = {
    St.DRAFT: {"submit": St.SUBMITTED},
    St.RETURNED: {"submit": St.SUBMITTED},
    St.SUBMITTED: {"return": St.RETURNED, "approve": St.APPROVED},
    St.APPROVED: {"lock": St.LOCKED, "reopen": St.RETURNED},
    St.LOCKED: {"reopen": St.RETURNED},
}
EDITABLE = (St.DRAFT, St.RETURNED)
STEP_NAMES = {"submit": "gửi", "return": "trả lại", "approve": "duyệt", "lock": "khoá", "reopen": "mở lại"}


def applies(template: ReportTemplate, unit: Unit, period: Period) -> bool:
    """Whether a unit reports on this template for this period: shared or its association's, for the period's
    type, for its level (or every level)."""
    return (
        template.association_id in (None, unit.association_id)
        and period.kind in template.period_kinds
        and (not template.levels or unit.level.code in template.levels)
    )


def templates_for(unit: Unit, period: Period) -> list[ReportTemplate]:
    """The current templates a unit reports on for this period, by code."""
    return [t for t in ReportTemplate.objects.filter(is_current=True).order_by("code") if applies(t, unit, period)]


def _audit(actor, action: str, submission: Submission, changes: dict | None = None, message: str = "") -> None:
    audit.record(
        actor=actor,
        action=action,
        obj=submission,
        changes=changes or {},
        message=message,
        association_id=submission.association_id,
        unit_path=submission.unit.path,
    )


@transaction.atomic
def start(*, actor, unit: Unit, period: Period, template_code: str = "") -> Submission:
    """The unit's draft for the period, with the registry's figures filled in (one per unit, template and
    period: a second start is refused)."""
    require(actor, Action.REPORT, unit)
    _check_open(period)
    if not unit.is_valid_on(period.ends_on):
        raise DomainError(
            "unit_not_valid", f"Đơn vị {unit.code} không hoạt động vào ngày chốt số liệu {vn(period.ends_on)}."
        )
    templates = templates_for(unit, period)
    if template_code:
        templates = [t for t in templates if t.code == template_code.strip().upper()]
    if not templates:
        raise DomainError(
            "no_template",
            f"Không có mẫu báo cáo {template_code or ''} cho đơn vị {unit.code} kỳ {period.code}.".replace("  ", " "),
        )
    template = templates[0]
    if Submission.objects.filter(unit=unit, template_code=template.code, period=period).exists():
        raise DomainError(
            "duplicate", f"Đơn vị {unit.code} đã có báo cáo {template.code} kỳ {period.code}.", status=409
        )
    submission = Submission.objects.create(
        association_id=unit.association_id, unit=unit, period=period, template=template, template_code=template.code
    )
    _fill_from_registry(submission)
    _audit(actor, "report.start", submission, {"template": [None, f"{template.code} v{template.version}"]})
    return submission


def _fill_from_registry(submission: Submission) -> None:
    period, unit = submission.period, submission.unit
    items = submission.template.items.select_related("indicator").exclude(indicator__source="")
    rows = [
        SubmissionValue(
            submission=submission,
            indicator=item.indicator,
            key="",
            number=registry.value(item.indicator.source, unit, period.starts_on, period.ends_on),
        )
        for item in items
    ]
    SubmissionValue.objects.filter(submission=submission, indicator__in=[r.indicator for r in rows], key="").delete()
    SubmissionValue.objects.bulk_create(rows)


def _number(indicator, raw) -> Decimal | None:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if indicator.kind == IndicatorKind.YESNO and isinstance(raw, str):
        folded = raw.strip().lower()
        if folded in ("có", "co", "yes", "x", "1", "true"):
            return Decimal(1)
        if folded in ("không", "khong", "no", "0", "false"):
            return Decimal(0)
    if isinstance(raw, int | float | Decimal) and not isinstance(raw, bool):
        return Decimal(str(raw))  # already a number (API, spreadsheet cell)
    try:
        return Decimal(_plain_number(str(raw), whole=indicator.kind in (IndicatorKind.INTEGER, IndicatorKind.MONEY)))
    except InvalidOperation:
        raise DomainError(
            "bad_value",
            f"{indicator.code} {indicator.name}: '{raw}' không phải là số.",
            status=422,
            field=indicator.code,
        ) from None


def _plain_number(text: str, *, whole: bool) -> str:
    """A number as written in Vietnamese ("1.234.567", "12,5") or in English ("12.5") as Python reads it: a
    comma is the decimal mark; dots group thousands, except a single dot in a number that may have decimals."""
    text = text.strip().replace(" ", "").replace("\u00a0", "")
    if "," in text:
        return text.replace(".", "").replace(",", ".")
    if whole or text.count(".") > 1:
        return text.replace(".", "")
    return text


def _check_open(period: Period) -> None:
    """A closed period takes no entry: no new report, no change, no sending (the level above still decides)."""
    if not period.is_open:
        raise DomainError("period_closed", f"Kỳ báo cáo {period.code} đã đóng, không nhận nhập liệu.", status=409)


def _check_version(submission: Submission, version: int | None) -> None:
    if version is not None and int(version) != submission.version:
        raise DomainError(
            "stale",
            "Báo cáo đã được người khác sửa sau khi bạn mở ra (phiên bản "
            f"{submission.version}, bạn đang sửa phiên bản {version}). Hãy tải lại để xem thay đổi rồi sửa tiếp.",
            status=409,
        )


def _locked(submission: Submission) -> Submission:
    return (
        Submission.objects.select_for_update()
        .select_related("unit", "unit__level", "period", "template")
        .get(pk=submission.pk)
    )


@transaction.atomic
def save(
    *,
    actor,
    submission: Submission,
    version: int | None,
    values: dict | None = None,
    narratives: dict[str, str] | None = None,
    explanations: dict[str, str] | None = None,
) -> Submission:
    """Write values ({indicator code or (code, breakdown key): value}), narrative sections ({section code:
    text}) and explanations of warnings ({rule code: text}) into an editable report. Registry-computed values
    are the registry's; unknown codes are refused; nothing is written when anything is refused."""
    submission = _locked(submission)
    require(actor, Action.REPORT, submission.unit)
    _check_open(submission.period)
    _check_version(submission, version)
    if submission.state not in EDITABLE:
        raise DomainError(
            "not_editable", f"Báo cáo đang ở trạng thái “{submission.get_state_display()}”, không sửa được.", status=409
        )
    items = {i.indicator.code: i.indicator for i in submission.template.items.select_related("indicator")}
    sections = {s.code: s for s in submission.template.sections.all()}
    changes: dict = {}
    for raw_key, raw in (values or {}).items():
        code, key = raw_key if isinstance(raw_key, tuple) else (raw_key, "")
        indicator = items.get(str(code).strip().upper())
        if indicator is None:
            raise DomainError(
                "unknown_indicator", f"Mẫu báo cáo không có chỉ tiêu '{code}'.", status=422, field=str(code)
            )
        if indicator.source:
            raise DomainError(
                "computed",
                f"{indicator.code} được tính từ dữ liệu hội viên, không nhập tay.",
                status=422,
                field=indicator.code,
            )
        _check_key(indicator, key)
        fields = {"text": str(raw or "").strip(), "number": None} if indicator.kind == IndicatorKind.TEXT else {
            "number": _number(indicator, raw), "text": ""}  # fmt: skip
        row, _ = SubmissionValue.objects.get_or_create(submission=submission, indicator=indicator, key=key)
        before = row.text if indicator.kind == IndicatorKind.TEXT else row.number
        after = fields["text"] if indicator.kind == IndicatorKind.TEXT else fields["number"]
        if before != after:
            changes[f"{indicator.code}{'|' + key if key else ''}"] = [before, after]
            SubmissionValue.objects.filter(pk=row.pk).update(**fields)
    for code, text in (narratives or {}).items():
        section = sections.get(str(code).strip())
        if section is None:
            raise DomainError("unknown_section", f"Mẫu báo cáo không có phần '{code}'.", status=422, field=str(code))
        row, _ = SubmissionNarrative.objects.get_or_create(submission=submission, section=section)
        if row.text != (text or "").strip():
            changes[f"section:{section.code}"] = [row.text, (text or "").strip()]
            row.text = (text or "").strip()
            row.save(update_fields=["text"])
    if explanations:
        merged = {**submission.explanations, **{k: (v or "").strip() for k, v in explanations.items()}}
        if merged != submission.explanations:
            changes["explanations"] = [submission.explanations, merged]
            submission.explanations = merged
    if changes:
        submission.version += 1
        submission.save(update_fields=["version", "explanations", "updated_at"])
        _audit(actor, "report.update", submission, changes)
    return submission


def _check_key(indicator, key: str) -> None:
    if not key:
        return
    parts = key.split("|")
    dims = indicator.breakdowns or []
    if len(parts) != len(dims) or any(
        p not in {c[0] for c in d.get("choices", [])} for p, d in zip(parts, dims, strict=False)
    ):
        raise DomainError(
            "bad_breakdown", f"{indicator.code}: không có phân tổ '{key}'.", status=422, field=indicator.code
        )


@transaction.atomic
def gather(*, actor, submission: Submission, version: int | None) -> Submission:
    """Append the narrative sections of the reports received from the units directly below to this report's
    own sections, each passage under a line naming its source unit, for the unit to edit into its text. A
    passage whose source line is already in the section is not added again."""
    from quanlyhoi.reporting.queries import children_narratives

    require(actor, Action.REPORT, submission.unit)
    passages = children_narratives(actor, submission)
    if not passages:
        raise DomainError(
            "nothing_to_gather", "Chưa có báo cáo nào của đơn vị trực thuộc gửi lên để tổng hợp.", status=409
        )
    own = {n.section.code: n.text for n in submission.narratives.select_related("section")}
    merged = {}
    for code, items in passages.items():
        text = own.get(code, "").strip()
        fresh = [p for p in items if f"[{p.unit} – " not in text]
        blocks = [text] + [f"[{p.unit} – {p.name}]\n{p.text.strip()}" for p in fresh]
        merged[code] = "\n\n".join(b for b in blocks if b)
    return save(actor=actor, submission=submission, version=version, narratives=merged)


def can_approve(actor, unit: Unit) -> bool:
    """The level above approves: association-wide roles any unit of it; a unit officer the units strictly
    below its own (never its own unit's report)."""
    for scope in scopes_for(actor, Action.APPROVE):
        if scope.kind == SYSTEM:
            return True
        if scope.kind == ASSOCIATION and scope.association_id == unit.association_id:
            return True
        if scope.kind == UNIT and unit.path.startswith(scope.path) and unit.path != scope.path:
            return True
    return False


def _step(actor, submission: Submission, step: str, *, version: int | None = None, reason: str = "") -> Submission:
    submission = _locked(submission)
    if not Submission.objects.restrict(actor, "view").filter(pk=submission.pk).exists():
        raise NotFound()
    if step == "submit":
        require(actor, Action.REPORT, submission.unit)
        _check_open(submission.period)
    elif not can_approve(actor, submission.unit):
        raise Forbidden(f"Chỉ cấp trên của {submission.unit.code} mới {STEP_NAMES[step]} được báo cáo này.")
    _check_version(submission, version)
    after = TRANSITIONS.get(submission.state, {}).get(step)
    if after is None:
        raise DomainError(
            "bad_state",
            f"Không thể {STEP_NAMES[step]} báo cáo đang ở trạng thái “{submission.get_state_display()}”.",
            status=409,
        )
    if step in ("return", "reopen") and not reason.strip():
        raise DomainError("reason_required", f"Cần ghi lý do {STEP_NAMES[step]} báo cáo.", status=422, field="reason")
    before = submission.state
    submission.state = after
    submission.version += 1
    now = timezone.now()
    if step == "submit":
        submission.submitted_at = now
    elif step == "approve":
        submission.approved_at = now
    if step in ("return", "reopen"):
        submission.return_reason = reason.strip()
    submission.save()
    _audit(actor, f"report.{step}", submission, {"state": [before, after]}, reason.strip())
    return submission


@transaction.atomic
def submit(*, actor, submission: Submission, version: int | None = None) -> Submission:
    """Submit when the checks pass: errors block; warnings need an explanation (validation)."""
    stopping = validation.blocking(validation.problems(_locked(submission)))
    if stopping:
        raise DomainError(
            "invalid_report",
            "Báo cáo chưa gửi được: "
            + " ".join(p.message + ("" if p.severity == "error" else " (cần giải trình)") for p in stopping),
            status=422,
            details=[p.as_dict() for p in stopping],
        )
    return _step(actor, submission, "submit", version=version)


@transaction.atomic
def return_submission(*, actor, submission: Submission, reason: str) -> Submission:
    return _step(actor, submission, "return", reason=reason)


@transaction.atomic
def approve(*, actor, submission: Submission) -> Submission:
    return _step(actor, submission, "approve")


@transaction.atomic
def lock(*, actor, submission: Submission) -> Submission:
    return _step(actor, submission, "lock")


@transaction.atomic
def reopen(*, actor, submission: Submission, reason: str) -> Submission:
    """An approver takes an approved or locked report back to the unit for correction (audited, with reason)."""
    return _step(actor, submission, "reopen", reason=reason)
