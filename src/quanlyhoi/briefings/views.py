"""Web pages of the briefings: the list, a briefing's form and page (its conclusion, documents, directives and
their assignments), and the form that turns a conclusion into a directive. Thin: briefings.services and
briefings.queries do the work; the follow-up pages are in views_follow_up."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from quanlyhoi.briefings import files as stored
from quanlyhoi.briefings import queries
from quanlyhoi.briefings.forms import AttachForm, BriefingForm, DirectiveForm, codes, lines
from quanlyhoi.briefings.models import Briefing, BriefingFile
from quanlyhoi.briefings.services import directives, meetings
from quanlyhoi.briefings.services.report import issuing_body
from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, Forbidden
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import has_system_scope, scopes_for
from quanlyhoi.core.web import domain_http, form_error, paginate
from quanlyhoi.documents import services as register
from quanlyhoi.orgs.models import Unit
from quanlyhoi.orgs.queries import home_unit
from quanlyhoi.reporting.services.periods import period_for

FIELDS = ("kind", "title", "held_on", "place", "chair", "participants", "agenda", "minutes", "conclusion")


def visible_briefings(user):
    # An association sees a briefing through its participation or through its assignments: one row each.
    return Briefing.objects.restrict(user, "view").distinct()


def visible_briefing(request, pk: int) -> Briefing:
    return get_object_or_404(visible_briefings(request.user).select_related("unit", "period"), pk=pk)


def shown(assignment, day, rolled: bool = False):
    """The assignment with what a page shows of it: its status (overdue computed), whether it is due soon and,
    with `rolled`, the progress rolled up from its pass-downs."""
    assignment.status = queries.status(assignment, day)
    assignment.status_label = _("Overdue") if assignment.status == "overdue" else assignment.get_state_display()
    assignment.soon = queries.is_soon(assignment, day)
    if rolled:
        assignment.rolled = queries.rolled_progress(assignment)
    return assignment


def may_record(user) -> bool:
    """Whether the user may record some briefing: the overseer its own, unit officers their unit's."""
    return has_system_scope(user, Action.OVERSEE) or bool(scopes_for(user, Action.DIRECT))


@login_required
@require_GET
@domain_http
def briefing_list(request):
    page = paginate(request, visible_briefings(request.user).select_related("unit", "period"))
    counts = queries.briefing_counts(request.user, [b.pk for b in page])
    for briefing in page:
        briefing.counts = counts.get(briefing.pk, {"directives": 0, "overdue": 0})
    return render(request, "briefings/list.html", {"page": page, "may_record": may_record(request.user)})


def _values(data: dict) -> dict:
    return {name: data[name] for name in FIELDS}


def _period(code: str):
    return period_for(code) if code else None


@login_required
@require_http_methods(["GET", "POST"])
@domain_http
def briefing_new(request):
    user = request.user
    if not may_record(user):
        raise Forbidden(_("You may not record briefings."))
    system = has_system_scope(user, Action.OVERSEE)
    home = None if system else home_unit(user, Action.DIRECT)  # its internal briefings, by default
    form = BriefingForm(request.POST or None, initial={"unit": home.code if home else ""}, user=user)
    if not system:  # a unit officer records its own unit's internal briefings
        form.fields["unit"].required = True
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():  # a period created for a refused briefing goes too
                    unit = None
                    if data["unit"]:
                        unit = Unit.objects.restrict(user, "view").filter(code=data["unit"]).first()
                        if unit is None:
                            raise DomainError("unknown_unit", f"Không tìm thấy đơn vị {data['unit']}.", status=422,
                                              field="unit")  # fmt: skip
                    briefing = meetings.create_briefing(
                        actor=user, unit=unit, associations=list(data["associations"]),
                        period=_period(data["period"]), report=data["report"], **_values(data),
                    )  # fmt: skip
            except DomainError as exc:
                if exc.status == 403:
                    raise
                form_error(form, exc)
            else:
                messages.success(request, _("The briefing was recorded."))
                return redirect("briefings:detail", pk=briefing.pk)
    return render(request, "briefings/form.html", {"form": form, "briefing": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_http
def briefing_edit(request, pk: int):
    briefing = visible_briefing(request, pk)
    if not meetings.may_direct(request.user, briefing.unit):
        raise Forbidden(_("You may not change this briefing."))
    initial = {
        **{name: getattr(briefing, name) for name in FIELDS},
        "associations": list(briefing.associations.all()),
        "period": briefing.period.code if briefing.period else "",
        "report": briefing.report,
        "version": briefing.version,
    }
    form = BriefingForm(request.POST or None, initial=initial, fixed_unit=True, user=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                with transaction.atomic():
                    meetings.update_briefing(
                        actor=request.user, briefing=briefing, version=data["version"],
                        associations=list(data["associations"]), period=_period(data["period"]),
                        report=data["report"], **_values(data),
                    )  # fmt: skip
            except DomainError as exc:
                if exc.status in (403, 404):
                    raise
                status = 409 if exc.status == 409 else 422
                form_error(form, exc)
            else:
                messages.success(request, _("The briefing was saved."))
                return redirect("briefings:detail", pk=briefing.pk)
    return render(request, "briefings/form.html", {"form": form, "briefing": briefing}, status=status)


def _directive_form(briefing: Briefing, data=None) -> DirectiveForm:
    return DirectiveForm(data, departments=briefing.unit_id is None, prefix="d")


@login_required
@require_GET
@domain_http
def briefing_detail(request, pk: int):
    briefing = visible_briefing(request, pk)
    return _detail(request, briefing)


def _detail(request, briefing: Briefing, form: DirectiveForm | None = None, status: int = 200):
    day = today()
    found = queries.directives_of(request.user, briefing)
    for directive in found:
        for assignment in directive.shown:
            shown(assignment, day, rolled=True)
    may_direct = meetings.may_direct(request.user, briefing.unit)
    context = {
        "briefing": briefing,
        "directives": found,
        "files": briefing.files.all(),
        "may_direct": may_direct,
        "may_issue": register.may_issue(request.user, issuing_body(briefing.unit, day)),
        "attach_form": AttachForm(prefix="f") if may_direct else None,
        "directive_form": (form or _directive_form(briefing)) if may_direct else None,
        "associations": briefing.associations.order_by("sort_order", "code"),
    }
    return render(request, "briefings/detail.html", context, status=status)


@login_required
@require_POST
@domain_http
def attach(request, pk: int):
    briefing = visible_briefing(request, pk)
    files = [(f.name, f.read()) for f in request.FILES.getlist("files")]
    try:
        made = meetings.attach(actor=request.user, briefing=briefing, kind=request.POST.get("kind", ""), files=files)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(n)d document(s) attached.") % {"n": len(made)})
    return redirect("briefings:detail", pk=briefing.pk)


def attachment(name: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type=stored.CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
@require_GET
@domain_http
def briefing_file(request, pk: int, file_id: int):
    found = get_object_or_404(BriefingFile, pk=file_id, briefing__in=visible_briefings(request.user), briefing_id=pk)
    return attachment(found.name, stored.read(found.sha256, found.name))


@login_required
@require_http_methods(["GET", "POST"])
@domain_http
def directive_new(request, pk: int):
    briefing = visible_briefing(request, pk)
    if not meetings.may_direct(request.user, briefing.unit):
        raise Forbidden(_("You may not assign directives from this briefing."))
    form = _directive_form(briefing, request.POST or None)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            try:
                directive = directives.create_directive(
                    actor=request.user, briefing=briefing, title=data["title"], content=data["content"],
                    coordinator=data["coordinator"], due_on=data["due_on"], recurrence=data["recurrence"] or "",
                    priority=data["priority"], indicators=codes(data["indicators"]),
                    assignees=codes(data["assignees"]), departments=lines(data.get("departments", "")),
                )  # fmt: skip
            except DomainError as exc:
                if exc.status == 403:
                    raise
                form_error(form, exc)
            else:
                n = directive.assignments.count()
                messages.success(request, _("The directive was assigned to %(n)d assignee(s).") % {"n": n})
                return redirect("briefings:detail", pk=briefing.pk)
    return render(request, "briefings/directive_form.html", {"form": form, "briefing": briefing}, status=status)
