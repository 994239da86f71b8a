"""Web pages of the follow-up: an assignment's page (its history, evidence, pass-downs, the linked indicators'
trend and the steps the user may take), "my directives", the overseer's board and the filtered list the board
links to. Thin: briefings.services.follow_up and briefings.queries do the work."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from quanlyhoi.briefings import files as stored
from quanlyhoi.briefings import queries
from quanlyhoi.briefings.forms import StepForm, codes
from quanlyhoi.briefings.models import OPEN, Assignment, Evidence, State
from quanlyhoi.briefings.services import directives, follow_up
from quanlyhoi.briefings.views import attachment, shown
from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError, NotFound
from quanlyhoi.core.web import domain_http, paginate

STEPS = ("progress", "done", "pass_down", "accept", "return", "cancel")
MESSAGES = {
    "progress": _("The progress was reported."),
    "done": _("Reported as done; it now awaits acceptance."),
    "pass_down": _("The directive was passed down to the units below."),
    "accept": _("The result was accepted."),
    "return": _("The result was returned to the assignee."),
    "cancel": _("The assignment was cancelled."),
}

STEP_LABELS = {
    "progress": _("Progress"),
    "done": _("Done"),
    "pass_down": _("Passed down"),
    "accept": _("Accepted"),
    "return": _("Returned"),
    "cancel": _("Cancelled"),
}


def visible_assignments(user):
    return Assignment.objects.restrict(user, "view")


def _visible(request, pk: int) -> Assignment:
    return get_object_or_404(
        visible_assignments(request.user).select_related("unit", "parent__unit", "directive__briefing__unit"), pk=pk
    )


def allowed_steps(user, assignment: Assignment) -> set[str]:
    """The steps the page offers: the assignee's while the assignment is open, the assigner's by state."""
    out: set[str] = set()
    if assignment.state in OPEN and directives.may_follow_up(user, assignment):
        out |= {"progress", "done"} | ({"pass_down"} if assignment.unit_id else set())
    if directives.may_assign(user, assignment):
        out |= {s for s, states in follow_up.ASSIGNER_STEPS.items() if assignment.state in states}
    return out


def _page(request, assignment: Assignment, *, failed: str = "", error: str = "", posted=None, status: int = 200):
    user, day = request.user, today()
    shown(assignment, day, rolled=True)
    children = [shown(c, day, rolled=True) for c in visible_assignments(user).filter(parent=assignment)
                .select_related("unit")]  # fmt: skip
    periods, trends = queries.indicator_trend(user, assignment, day=day)
    steps = allowed_steps(user, assignment)
    context = {
        "a": assignment,
        "directive": assignment.directive,
        "briefing": assignment.directive.briefing,
        "parent": visible_assignments(user).filter(pk=assignment.parent_id).select_related("unit").first(),
        "children": children,
        "updates": _history(assignment),
        "periods": periods,
        "trends": trends,
        "steps": steps,
        "below": queries.units_below(assignment) if "pass_down" in steps else [],
        "failed": failed,  # the step whose form shows `error` and what was posted
        "error": error,
        "posted": posted or {},
    }
    return render(request, "briefings/assignment.html", context, status=status)


def _history(assignment: Assignment) -> list:
    """The updates, newest first, with their step's name and their link when it is one to follow."""
    updates = list(assignment.updates.order_by("-created_at", "-id").prefetch_related("files"))
    for update in updates:
        update.step_label = STEP_LABELS.get(update.step, update.step)
        link = update.link
        safe = link.startswith(("http://", "https://")) or (link.startswith("/") and not link.startswith("//"))
        update.href = link if safe else ""
    return updates


@login_required
@require_GET
@domain_http
def assignment_page(request, pk: int):
    return _page(request, _visible(request, pk))


def _invalid(form: StepForm) -> DomainError:
    labels = {"progress": "Tiến độ", "due_on": "Hạn", "text": "Nội dung", "link": "Liên kết", "version": "Phiên bản"}
    name, problems = next(iter(form.errors.items()))
    return DomainError("invalid", f"{labels.get(name, name)}: {' '.join(problems)}", status=422, field=name)


@login_required
@require_POST
@domain_http
def step(request, pk: int, step: str):
    assignment = _visible(request, pk)
    if step not in STEPS:
        raise NotFound()
    form = StepForm(request.POST)
    try:
        if not form.is_valid():
            raise _invalid(form)
        data = form.cleaned_data
        files = [(f.name, f.read()) for f in request.FILES.getlist("files")]
        if step == "pass_down":
            units = request.POST.getlist("units") + codes(request.POST.get("codes", ""))
            if not units:
                raise DomainError("no_units", "Cần chọn ít nhất một đơn vị trực thuộc.", status=422, field="units")
            directives.pass_down(actor=request.user, assignment=assignment, codes=units, due_on=data["due_on"],
                                 text=data["text"])  # fmt: skip
        else:
            follow_up.step(
                actor=request.user, assignment=assignment, step=step, text=data["text"], progress=data["progress"],
                link=data["link"], files=files, version=data["version"],
            )  # fmt: skip
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        assignment = _visible(request, pk)
        status = 409 if exc.status == 409 else 422
        return _page(request, assignment, failed=step, error=exc.message, posted=request.POST, status=status)
    messages.success(request, MESSAGES[step])
    return redirect("briefings:assignment", pk=assignment.pk)


@login_required
@require_GET
@domain_http
def evidence_file(request, pk: int):
    found = get_object_or_404(Evidence, pk=pk, update__assignment__in=visible_assignments(request.user))
    return attachment(found.name, stored.read(found.sha256, found.name))


@login_required
@require_GET
@domain_http
def mine_page(request):
    day = today()
    page = paginate(request, queries.mine(request.user))
    for assignment in page:
        shown(assignment, day)
    waiting = [shown(a, day) for a in queries.to_accept(request.user)[:50]]
    return render(request, "briefings/mine.html", {"page": page, "waiting": waiting})


def _list_url(**params) -> str:
    return f"{reverse('briefings:assignments')}?{urlencode(params)}"


@login_required
@require_GET
@domain_http
def board_page(request):
    rows = queries.board(request.user)
    for row in rows:
        by = {"department": row.key[1:]} if row.key.startswith("~") else {"association": row.key}
        row.links = {
            s: _list_url(**by, status=s, top=1)
            for s in ("overdue", "soon", State.NOT_STARTED, State.IN_PROGRESS, State.DONE, State.ACCEPTED)
        }
        row.link = _list_url(**by, top=1)
    totals = {
        "total": sum(r.total for r in rows),
        "overdue": sum(r.counts.get("overdue", 0) for r in rows),
        "soon": sum(r.soon for r in rows),
        "done": sum(r.counts.get(State.DONE, 0) for r in rows),
    }
    return render(request, "briefings/board.html", {"rows": rows, "totals": totals})


STATUS_CHOICES = [
    ("", _("Any status")),
    ("overdue", _("Overdue")),
    ("soon", _("Due soon")),
    *State.choices,
]


@login_required
@require_GET
@domain_http
def assignment_list(request):
    params = {k: request.GET.get(k, "").strip() for k in ("association", "department", "status", "top")}
    found = queries.assignments(
        request.user, association=params["association"], department=params["department"], state=params["status"],
        top=params["top"] == "1",
    )  # fmt: skip
    page = paginate(request, found)
    day = today()
    for assignment in page:
        shown(assignment, day)
    query = urlencode({k: v for k, v in params.items() if v})
    return render(request, "briefings/assignments.html",
                  {"page": page, "params": params, "choices": STATUS_CHOICES, "query": query})  # fmt: skip
