"""The checks of a report before it is submitted: errors block it; warnings need an explanation.

Checks from the indicator's type (whole numbers, no negative counts or money, percent within 0-100, yes/no),
from the template (required indicators and narrative sections) and the template's rules as data (one value at
most another, a value within a range, a value far from the previous period's)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from quanlyhoi.reporting.models import (
    IndicatorKind,
    RuleKind,
    Severity,
    Submission,
    SubmissionNarrative,
    SubmissionValue,
    ValidationRule,
)


@dataclass(frozen=True)
class Problem:
    severity: str  # Severity
    code: str  # the rule's code, or a built-in check's
    message: str
    field: str = ""  # indicator code or section code
    explained: bool = False  # a warning with its explanation given

    def as_dict(self) -> dict:
        return {"severity": self.severity, "code": self.code, "message": self.message, "field": self.field}


def _totals(submission: Submission) -> dict[str, Decimal | None]:
    rows = SubmissionValue.objects.filter(submission=submission, key="").values_list("indicator__code", "number")
    return dict(rows)


def _previous_totals(submission: Submission) -> dict[str, Decimal | None]:
    from quanlyhoi.reporting.calendar import parse

    previous_code = parse(submission.period.code).previous().code
    previous = Submission.objects.filter(
        unit_id=submission.unit_id, template_code=submission.template_code, period__code=previous_code
    ).first()
    return _totals(previous) if previous else {}


def _kind_problems(submission: Submission) -> list[Problem]:
    out = []
    rows = SubmissionValue.objects.filter(submission=submission).select_related("indicator")
    for row in rows:
        ind, n = row.indicator, row.number
        if n is None:
            continue
        label = f"{ind.code} {ind.name}" + (f" ({row.key})" if row.key else "")
        if ind.kind == IndicatorKind.INTEGER and n != n.to_integral_value():
            out.append(Problem(Severity.ERROR, "integer", f"{label}: phải là số nguyên.", ind.code))
        if ind.kind in (IndicatorKind.INTEGER, IndicatorKind.MONEY, IndicatorKind.DECIMAL) and n < 0:
            out.append(Problem(Severity.ERROR, "negative", f"{label}: không được âm.", ind.code))
        if ind.kind == IndicatorKind.PERCENT and not (0 <= n <= 100):
            out.append(Problem(Severity.ERROR, "percent", f"{label}: tỷ lệ phải từ 0 đến 100.", ind.code))
        if ind.kind == IndicatorKind.YESNO and n not in (0, 1):
            out.append(Problem(Severity.ERROR, "yesno", f"{label}: chỉ nhận Có hoặc Không.", ind.code))
    return out


def _required_problems(submission: Submission, totals: dict) -> list[Problem]:
    out = []
    texts = dict(SubmissionValue.objects.filter(submission=submission, key="").values_list("indicator__code", "text"))
    for item in submission.template.items.filter(required=True).select_related("indicator"):
        code = item.indicator.code
        if totals.get(code) is None and not (texts.get(code) or "").strip():
            out.append(
                Problem(Severity.ERROR, "required", f"Chưa nhập chỉ tiêu bắt buộc {code} {item.indicator.name}.", code)
            )
    written = dict(SubmissionNarrative.objects.filter(submission=submission).values_list("section__code", "text"))
    for section in submission.template.sections.filter(required=True):
        if not (written.get(section.code) or "").strip():
            out.append(
                Problem(Severity.ERROR, "required_section", f"Chưa viết phần bắt buộc “{section.title}”.", section.code)
            )
    return out


def _rule_broken(rule: ValidationRule, totals: dict, previous: dict) -> bool:
    value = totals.get(rule.indicator.code)
    if value is None:
        return False
    if rule.kind == RuleKind.AT_MOST:
        other = totals.get(rule.other.code) if rule.other else None
        return other is not None and value > other
    if rule.kind == RuleKind.RANGE:
        return (rule.minimum is not None and value < rule.minimum) or (
            rule.maximum is not None and value > rule.maximum
        )
    if rule.kind == RuleKind.CHANGE:
        before = previous.get(rule.indicator.code)
        if not before or rule.maximum is None:
            return False
        return abs(value - before) / abs(before) > rule.maximum
    return False


def problems(submission: Submission) -> list[Problem]:
    """Every problem of the report as it stands, errors first."""
    totals = _totals(submission)
    out = _kind_problems(submission) + _required_problems(submission, totals)
    rules = list(submission.template.rules.select_related("indicator", "other"))
    previous = _previous_totals(submission) if any(r.kind == RuleKind.CHANGE for r in rules) else {}
    for rule in rules:
        if _rule_broken(rule, totals, previous):
            explained = bool((submission.explanations or {}).get(rule.code, "").strip())
            out.append(Problem(rule.severity, rule.code, rule.message, rule.indicator.code, explained))
    return sorted(out, key=lambda p: p.severity != Severity.ERROR)


def blocking(found: list[Problem]) -> list[Problem]:
    """What stops a submission: every error, and warnings not yet explained."""
    return [p for p in found if p.severity == Severity.ERROR or not p.explained]
