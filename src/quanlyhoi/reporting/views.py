"""Web pages of the reporting app: the state of a period's reports over a unit's subtree (with the button to
start a report), a report's form (a small screen's width: one column of fields) and its workflow buttons, and
the live roll-up. Thin: the services and queries do the work."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.core.permissions import require
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import scopes_for
from quanlyhoi.core.web import domain_http
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.queries import home_unit, lineage
from quanlyhoi.reporting import calendar, excel, validation
from quanlyhoi.reporting.models import PeriodKind, Submission
from quanlyhoi.reporting.queries import children_narratives, completeness
from quanlyhoi.reporting.rollup import rollup
from quanlyhoi.reporting.services import submissions
from quanlyhoi.reporting.services.periods import deadline_of, period_for

STEPS = {
    "approve": lambda actor, s, reason: submissions.approve(actor=actor, submission=s),
    "return": lambda actor, s, reason: submissions.return_submission(actor=actor, submission=s, reason=reason),
    "lock": lambda actor, s, reason: submissions.lock(actor=actor, submission=s),
    "reopen": lambda actor, s, reason: submissions.reopen(actor=actor, submission=s, reason=reason),
}


def _target(request):
    """(unit, period, error) from ?unit=&period=, with the user's home unit and the latest ended half-year."""
    code = (request.GET.get("unit") or "").strip().upper()
    unit = Unit.objects.restrict(request.user, "view").filter(code=code).first() if code else home_unit(request.user)
    if code and unit is None:
        raise NotFound(f"Không tìm thấy đơn vị {code}.")
    try:
        spec = calendar.parse(request.GET["period"]) if request.GET.get("period") else None
        period = period_for(spec.code if spec else calendar.latest_ended(PeriodKind.HALF, today()).code)
    except DomainError as exc:
        return unit, None, exc.message
    return unit, period, ""


@login_required
@require_GET
@domain_http
def status_page(request):
    unit, period, error = _target(request)
    result = completeness(request.user, unit, period) if unit and period else None
    codes = [r.code for r in result.rows] if result else []
    found = Submission.objects.restrict(request.user, "view").filter(period=period, unit__code__in=codes)
    reports = {s.unit.code: s.pk for s in found.select_related("unit")}
    reporters = Unit.objects.restrict(request.user, Action.REPORT).filter(code__in=codes)
    can_report = set(reporters.values_list("code", flat=True))
    context = {
        "unit": unit,
        "period": period,
        "error": error,
        "result": result,
        "counts": result.counts() if result else None,
        "rows": [(row, reports.get(row.code), row.code in can_report) for row in result.rows] if result else [],
        # The level above may remind the units that have not reported (reporting:remind).
        "can_remind": bool(result and Unit.objects.restrict(request.user, Action.APPROVE).filter(pk=unit.pk).exists()),
        "can_manage_reporting": bool(scopes_for(request.user, Action.MANAGE_REPORTING)),
    }
    return render(request, "reporting/status.html", context)


def posted_unit(request) -> Unit:
    """The unit of a form's `unit` field if the user sees it; 404 otherwise."""
    code = (request.POST.get("unit") or "").strip().upper()
    unit = Unit.objects.restrict(request.user, "view").filter(code=code).first()
    if unit is None:
        raise NotFound(f"Không tìm thấy đơn vị {code}.")
    return unit


@login_required
@require_POST
@domain_http
def start(request):
    unit = posted_unit(request)
    try:
        report = submissions.start(actor=request.user, unit=unit, period=period_for(request.POST.get("period", "")))
    except DomainError as exc:
        _tell(request, exc)
        return redirect(f"{_status_url()}?unit={unit.code}&period={request.POST.get('period', '')}")
    return redirect("reporting:report", pk=report.pk)


def _tell(request, exc: DomainError) -> None:
    """A refusal shown as a message on the page the user returns to; out of scope stays 403/404."""
    if exc.status in (403, 404):
        raise exc
    messages.error(request, exc.message)


def _status_url() -> str:
    return reverse("reporting:status")


def _visible(request, pk: int) -> Submission:
    return get_object_or_404(
        Submission.objects.restrict(request.user, "view").select_related("unit", "unit__level", "period", "template"),
        pk=pk,
    )


def _form(report: Submission, posted=None, passages=None) -> dict:
    """What the form shows: the template's indicators by group with their values (or what was just posted),
    the narrative sections, the problems and the warnings to explain."""
    values = {(v.indicator_id, v.key): v for v in report.values.all()}
    groups: list[tuple[str, list]] = []
    for item in report.template.items.select_related("indicator").order_by("position"):
        ind = item.indicator
        dims = ind.breakdowns or []
        keys = [""] + ([c[0] for c in dims[0].get("choices", [])] if len(dims) == 1 else [])
        fields = []
        for key in keys:
            name = f"v:{ind.code}" + (f":{key}" if key else "")
            stored = values.get((ind.pk, key))
            shown = stored.text if stored and ind.kind == "text" else (stored.number if stored else None)
            if posted is not None and name in posted:
                shown = posted[name]
            label = dict(dims[0]["choices"]).get(key, key) if key else ""
            fields.append({"name": name, "value": _plain(shown), "label": label})
        if not groups or groups[-1][0] != item.group:
            groups.append((item.group, []))
        groups[-1][1].append(
            {"indicator": ind, "fields": fields, "computed": bool(ind.source), "required": item.required}
        )
    written = {n.section_id: n.text for n in report.narratives.all()}
    sections = [
        {
            "section": s,
            "name": f"s:{s.code}",
            "text": (posted or {}).get(f"s:{s.code}", written.get(s.pk, "")),
            "passages": (passages or {}).get(s.code, []),
        }
        for s in report.template.sections.order_by("position")
    ]
    found = validation.problems(report)
    explained = report.explanations or {}
    warnings = [
        {"code": p.code, "message": p.message, "text": (posted or {}).get(f"e:{p.code}", explained.get(p.code, ""))}
        for p in found
        if p.severity == "warning"
    ]
    return {"groups": groups, "sections": sections, "problems": found, "warnings": warnings}


def _plain(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "to_integral_value") and value == value.to_integral_value():
        return str(int(value))
    return str(value).rstrip("0").rstrip(".") if "." in str(value) else str(value)


def _render(request, report: Submission, posted=None, error: str = "", status: int = 200):
    user = request.user
    steps = submissions.TRANSITIONS.get(report.state, {})
    passages = children_narratives(user, report)
    context = {
        "report": report,
        "error": error,
        "editable": report.state in submissions.EDITABLE
        and Unit.objects.restrict(user, Action.REPORT).filter(pk=report.unit_id).exists(),
        "can_approve": submissions.can_approve(user, report.unit),
        "steps": steps,
        # Sending back needs a reason: "return" for a submitted report, "reopen" for an approved or locked one.
        "send_back": next((s for s in ("return", "reopen") if s in steps), ""),
        "due_on": deadline_of(report.period, report.unit),
        "passages": passages,
        **_form(report, posted, passages),
    }
    return render(request, "reporting/report.html", context, status=status)


@login_required
@require_GET
@domain_http
def report_page(request, pk: int):
    return _render(request, _visible(request, pk))


@login_required
@require_POST
@domain_http
def save(request, pk: int):
    report = _visible(request, pk)
    post = request.POST
    values, narratives, explanations = {}, {}, {}
    for name, value in post.items():
        kind, _sep, rest = name.partition(":")
        if kind == "v" and rest:
            code, _sep, key = rest.partition(":")
            values[(code, key)] = value
        elif kind == "s" and rest:
            narratives[rest] = value
        elif kind == "e" and rest:
            explanations[rest] = value
    try:
        report = submissions.save(
            actor=request.user, submission=report, version=post.get("version"), values=values,
            narratives=narratives, explanations=explanations,
        )  # fmt: skip
        if post.get("then") == "submit":
            report = submissions.submit(actor=request.user, submission=report)
            messages.success(request, _("The report was submitted to the level above."))
        else:
            messages.success(request, _("The report was saved."))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        report = _visible(request, pk)
        return _render(request, report, posted=post, error=exc.message, status=422 if exc.status != 409 else 409)
    return redirect("reporting:report", pk=report.pk)


@login_required
@require_GET
@domain_http
def form_download(request, pk: int):
    """The report's form as .xlsx, to fill in offline and upload back."""
    report = _visible(request, pk)
    return excel.download(report)


def _files(request) -> list[tuple[str, bytes]]:
    files = request.FILES.getlist("files")
    if not files:
        raise DomainError("no_file", _("Choose the filled-in form (.xlsx) to upload."), status=422)
    return excel.uploaded(files)


@login_required
@require_POST
@domain_http
def form_upload(request, pk: int):
    """A filled-in form uploaded on its report's page: it must be this report's."""
    report = _visible(request, pk)
    require(request.user, Action.REPORT, report.unit)
    try:
        (name, content), *_rest = _files(request)
        excel.upload(actor=request.user, name=name, content=content, expected=report)
        messages.success(request, _("The form was read into the report."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("reporting:report", pk=report.pk)


@login_required
@require_POST
@domain_http
def forms_upload(request):
    """Many units' filled-in forms at once (each into its own report, each answered on its own)."""
    try:
        results = excel.upload_many(actor=request.user, files=_files(request))
    except DomainError as exc:
        messages.error(request, exc.message)
        results = []
    for r in results:
        if r["ok"]:
            messages.success(request, _("%(file)s: read into the report of %(unit)s.") % r)
        else:
            messages.error(request, f"{r['file']}: {r['message']}")
    back = {k: request.POST.get(k, "") for k in ("unit", "period") if request.POST.get(k)}
    return redirect(f"{_status_url()}?{urlencode(back)}" if back else _status_url())


@login_required
@require_POST
@domain_http
def gather(request, pk: int):
    """The children's narrative sections appended to this report's own, with their sources."""
    report = _visible(request, pk)
    try:
        submissions.gather(actor=request.user, submission=report, version=request.POST.get("version"))
        messages.success(request, _("The sections of the units below were added to the report, each under its source."))
    except DomainError as exc:
        _tell(request, exc)
    return redirect("reporting:report", pk=report.pk)


@login_required
@require_POST
@domain_http
def step(request, pk: int, step: str):
    report = _visible(request, pk)
    if step not in STEPS:
        raise NotFound()
    try:
        STEPS[step](request.user, report, request.POST.get("reason", ""))
    except DomainError as exc:
        _tell(request, exc)
    return redirect("reporting:report", pk=report.pk)


@login_required
@require_GET
@domain_http
def dashboard_page(request):
    """Key indicators of a period by association, by province (?by=province, then ?province=CODE for each
    association's chapter there), or by the units below one's own; against the previous period."""
    from quanlyhoi.reporting.dashboard import dashboard
    from quanlyhoi.reporting.dashboard_provinces import by_province

    home, period, error = _target(request)
    by, province = request.GET.get("by", ""), request.GET.get("province", "").strip()
    board = None
    if period:
        board = (
            by_province(request.user, period, province) if by == "province" else dashboard(request.user, period, home)
        )
    for row in board.rows if board else []:
        if row.unit:
            row.link = f"{reverse('reporting:rollup')}?unit={row.unit.code}&period={period.code}"
        elif board.by == "province" and row.code not in ("", "TW"):
            row.link = f"{reverse('reporting:dashboard')}?by=province&province={row.code}&period={period.code}"
    chart = None
    if board and board.rows and board.indicators:
        code, name = board.indicators[0]
        chart = {
            "kind": "bar",
            "title": name,
            "labels": [row.code for row in board.rows],
            "values": [float(row.cells[0].value or 0) for row in board.rows],
            "links": [row.link for row in board.rows],
        }
    context = {"unit": home, "period": period, "error": error, "board": board, "chart": chart, "by": by,
               "province": province}  # fmt: skip
    return render(request, "reporting/dashboard.html", context)


@login_required
@require_GET
@domain_http
def rollup_page(request):
    unit, period, error = _target(request)
    result, with_lineage = None, request.GET.get("lineage") == "1"
    if unit and period:
        try:
            result = rollup(request.user, unit, period, predecessors=with_lineage)
        except DomainError as exc:
            if exc.status in (403, 404):
                raise
            error = exc.message
    has_predecessors = bool(unit and lineage(unit, actor=request.user)["predecessors"])
    context = {"unit": unit, "period": period, "error": error, "result": result, "lineage": with_lineage,
               "has_predecessors": has_predecessors}  # fmt: skip
    return render(request, "reporting/rollup.html", context)
