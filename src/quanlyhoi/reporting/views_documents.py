"""The consolidated report page: choose the unit (or, for the overseer, all associations) and the period,
download the draft (DOCX, or the tables as XLSX), or number it in the issuing body's register and download the
issued document. Thin: reporting.services.documents does the work."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.core.web import domain_http
from quanlyhoi.documents import services as register
from quanlyhoi.documents.views import attachment
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.queries import home_unit
from quanlyhoi.reporting import calendar
from quanlyhoi.reporting.models import PeriodKind
from quanlyhoi.reporting.services.documents import consolidated_report, issuing_body
from quanlyhoi.reporting.services.periods import period_for


def _chosen(params, user):
    """(unit or None for all associations, period, error) from unit=&period=: without a unit, the overseer's
    report for those who see the whole system, else the user's own unit."""
    code = (params.get("unit") or "").strip().upper()
    if code:
        unit = Unit.objects.restrict(user, "view").select_related("association", "parent").filter(code=code).first()
        if unit is None:
            raise NotFound(f"Không tìm thấy đơn vị {code}.")
    else:
        unit = None if has_system_scope(user, "view") else home_unit(user)
    try:
        spec = calendar.parse(params["period"]) if params.get("period") else None
        period = period_for(spec.code if spec else calendar.latest_ended(PeriodKind.HALF, today()).code)
    except DomainError as exc:
        return unit, None, exc.message
    return unit, period, ""


def _query(unit, period, **more) -> str:
    return urlencode({"unit": unit.code if unit else "", "period": period.code if period else "", **more})


@login_required
@require_GET
@domain_http
def document_page(request):
    unit, period, error = _chosen(request.GET, request.user)
    body = issuing_body(request.user, unit, today()) if not error else None
    issued = body.documents.order_by("-year", "-number")[:20] if body is not None and body.pk else []
    context = {
        "unit": unit, "period": period, "error": error, "body": body, "issued": issued,
        "may_issue": body is not None and register.may_issue(request.user, body),
        "query": _query(unit, period),
    }  # fmt: skip
    return render(request, "reporting/document.html", context)


@login_required
@require_GET
@domain_http
def document_file(request):
    """The draft (number left blank) in the chosen format."""
    unit, period, error = _chosen(request.GET, request.user)
    try:
        if error:
            raise DomainError("bad_period", error, status=422)
        made = consolidated_report(actor=request.user, period=period, unit=unit, fmt=request.GET.get("format", ""))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect(f"{reverse('reporting:document')}?{_query(unit, period)}")
    return attachment(made.file_name, made.data, made.content_type)


@login_required
@require_POST
@domain_http
def document_issue(request):
    unit, period, error = _chosen(request.POST, request.user)
    back = f"{reverse('reporting:document')}?{_query(unit, period)}"
    if error:
        messages.error(request, error)
        return redirect(back)
    try:
        made = consolidated_report(actor=request.user, period=period, unit=unit, issue=True)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect(back)
    messages.success(request, _("Issued as number %(ref)s.") % {"ref": made.registered.reference})
    return redirect(back)
