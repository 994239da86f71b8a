"""The follow-up report of a briefing from its page: download the draft (DOCX, or its tables as XLSX with
?format=xlsx), or number it in the convener's register (POST) and return to the briefing's page. Thin:
briefings.services.report does the work."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from quanlyhoi.briefings.services.report import follow_up_report, visible_briefing
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.web import domain_http
from quanlyhoi.documents.views import attachment


def _back(pk: int) -> str:
    try:
        return reverse("briefings:detail", kwargs={"pk": pk})
    except NoReverseMatch:  # the briefing pages not installed: the register of issued documents
        return reverse("documents:register")


@login_required
@require_GET
@domain_http
def report_file(request, pk: int):
    """The draft follow-up report (number left blank) in the chosen format."""
    briefing = visible_briefing(request.user, pk)
    try:
        made = follow_up_report(actor=request.user, briefing=briefing, fmt=request.GET.get("format", ""))
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect(_back(briefing.pk))
    return attachment(made.file_name, made.data, made.content_type)


@login_required
@require_POST
@domain_http
def report_issue(request, pk: int):
    briefing = visible_briefing(request.user, pk)
    try:
        made = follow_up_report(actor=request.user, briefing=briefing, issue=True)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect(_back(briefing.pk))
    messages.success(request, _("Follow-up report issued as number %(ref)s.") % {"ref": made.registered.reference})
    return redirect(_back(briefing.pk))
