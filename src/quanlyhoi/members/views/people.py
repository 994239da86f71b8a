"""One member's page and the forms that change them: join, correct the person's data, transfer, change status,
welfare needs, show personal data (audited), export the person's data on request, erase it.

Personal data is masked on the page for everyone; those with `view_personal` on the member may show it in clear
(a POST, audited as member.view_personal). Each form calls one service; refusals show on the form."""

from __future__ import annotations

import json
import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.queries import object_history
from quanlyhoi.core.roles import Action
from quanlyhoi.core.scoping import scopes_for
from quanlyhoi.core.web import domain_http, form_error
from quanlyhoi.members.forms import EraseForm, JoinForm, NeedEndForm, NeedForm, PersonForm, StatusForm, TransferForm
from quanlyhoi.members.masking import can_view_personal, personal_values
from quanlyhoi.members.models import MEMBER_STATUSES, Membership
from quanlyhoi.members.services.lifecycle import (
    allowed_statuses,
    member_join,
    member_set_status,
    member_transfer,
    membership_history,
    person_update,
)
from quanlyhoi.members.services.privacy import person_data_export, person_erase, personal_data_view
from quanlyhoi.members.services.welfare import need_kind, needs_of, welfare_need_add, welfare_need_end
from quanlyhoi.orgs.models import RestructuringEvent, Unit
from quanlyhoi.orgs.views.units import get_unit

HISTORY_LIMIT = 100


def get_membership(user, pk: int, action: str = Action.VIEW) -> Membership:
    """404 if the member is not visible to `user`, 403 if visible but `action` is not allowed on them."""
    visible = Membership.objects.restrict(user, Action.VIEW)
    membership = (
        visible.select_related("person__area", "unit__level", "unit__association", "type", "association")
        .filter(pk=pk)
        .first()
    )
    if membership is None:
        raise Http404(_("No such member."))
    if action != Action.VIEW and not Membership.objects.restrict(user, action).filter(pk=pk).exists():
        raise PermissionDenied
    return membership


def _allowed(user, membership: Membership, action: str) -> bool:
    return Membership.objects.restrict(user, action).filter(pk=membership.pk).exists()


def _detail(request, membership: Membership, *, reveal: bool):
    user = request.user
    person = membership.person
    periods = list(membership_history(membership))
    event_ids = [p.event_id for p in periods if p.event_id]
    can_change = _allowed(user, membership, Action.CHANGE)
    context = {
        "membership": membership,
        "person": person,
        "personal": personal_values(person, unmasked=reveal),
        "revealed": reveal,
        "may_reveal": not reveal and not person.erased_at and can_view_personal(user, membership),
        "periods": periods,
        "visible_events": set(
            RestructuringEvent.objects.restrict(user, "view").filter(pk__in=event_ids).values_list("pk", flat=True)
        ),
        "needs": list(needs_of(membership)),
        "history": object_history(user, person)[:HISTORY_LIMIT],
        "can_change": can_change,
        "can_edit": can_change and not person.erased_at,
        "can_change_status": can_change and bool(allowed_statuses(membership)),
        "can_erase": not person.erased_at and _allowed(user, membership, Action.ERASE_PERSONAL),
        "can_export": can_view_personal(user, membership),
        "is_member": membership.status in MEMBER_STATUSES,
    }
    return render(request, "members/person_detail.html", context)


@login_required
@require_GET
def member_detail(request, pk: int):
    return _detail(request, get_membership(request.user, pk), reveal=False)


@login_required
@require_POST
@domain_http
def member_personal(request, pk: int):
    """Show the personal data in clear, once, and record that it was seen."""
    membership = get_membership(request.user, pk, Action.VIEW_PERSONAL)
    membership.person = personal_data_view(actor=request.user, membership=membership)
    return _detail(request, membership, reveal=True)


@login_required
@domain_http
def member_join_view(request):
    """A new member of the unit given by ?unit=CODE (or typed on the form)."""
    user = request.user
    unit = get_unit(user, request.GET["unit"]) if request.GET.get("unit") else None
    if unit is not None and not Unit.objects.restrict(user, "change").filter(pk=unit.pk).exists():
        raise PermissionDenied
    if unit is None and not scopes_for(user, "change"):
        raise PermissionDenied
    form = JoinForm(request.POST or None, user=user, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            membership = member_join(
                actor=user,
                unit=data["unit"],
                person=form.person_data,
                joined_on=data["joined_on"],
                member_number=data.get("member_number") or "",
                type_code=data.get("type") or "",
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Member %(number)s admitted.") % {"number": membership.member_number})
            return redirect("members:detail", pk=membership.pk)
    return render(request, "members/join_form.html", {"form": form, "unit": unit})


@login_required
@domain_http
def member_edit(request, pk: int):
    """Correct the person's data (also on the person's request). The form shows the data in clear, so opening
    it is recorded like "show personal data"."""
    user = request.user
    membership = get_membership(user, pk, Action.CHANGE)
    if membership.person.erased_at:
        raise PermissionDenied
    if not can_view_personal(user, membership):
        raise PermissionDenied
    if request.method != "POST":
        personal_data_view(actor=user, membership=membership)
    form = PersonForm(request.POST or None, user=user, initial=PersonForm.initial_for(membership.person))
    if request.method == "POST" and form.is_valid():
        try:
            person_update(actor=user, person=membership.person, data=form.person_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("The person's data was saved."))
            return redirect("members:detail", pk=membership.pk)
    return render(request, "members/person_edit.html", {"form": form, "membership": membership})


def _member_form(request, membership, form, *, title: str, run, done: str, template: str = "members/member_form.html"):
    """GET shows the form; a valid POST runs the service and goes back to the member's page."""
    if request.method == "POST" and form.is_valid():
        try:
            run(form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("members:detail", pk=membership.pk)
    return render(request, template, {"form": form, "membership": membership, "title": title})


@login_required
@domain_http
def member_transfer_view(request, pk: int):
    user = request.user
    membership = get_membership(user, pk, Action.CHANGE)
    form = TransferForm(request.POST or None, user=user, membership=membership)

    def run(data):
        member_transfer(actor=user, membership=membership, unit=data["unit"], day=data["day"], reason=data["reason"])

    title = _("Transfer %(number)s to another unit") % {"number": membership.member_number}
    return _member_form(request, membership, form, title=title, run=run, done=_("The member was transferred."))


@login_required
@domain_http
def member_status_view(request, pk: int):
    user = request.user
    membership = get_membership(user, pk, Action.CHANGE)
    if not allowed_statuses(membership):
        raise PermissionDenied
    form = StatusForm(request.POST or None, user=user, membership=membership)

    def run(data):
        member_set_status(
            actor=user, membership=membership, status=data["status"], day=data["day"], reason=data["reason"]
        )

    title = _("Change the status of %(number)s") % {"number": membership.member_number}
    return _member_form(request, membership, form, title=title, run=run, done=_("The status was changed."))


@login_required
@domain_http
def member_need_add(request, pk: int):
    user = request.user
    membership = get_membership(user, pk, Action.CHANGE)
    form = NeedForm(request.POST or None, user=user, membership=membership)

    def run(data):
        kind = need_kind(membership.association, data["kind"])
        welfare_need_add(actor=user, membership=membership, kind=kind, since=data["since"], note=data["note"])

    title = _("Add a welfare need of %(number)s") % {"number": membership.member_number}
    return _member_form(request, membership, form, title=title, run=run, done=_("The welfare need was recorded."))


@login_required
@domain_http
def member_need_end(request, pk: int, need_id: int):
    user = request.user
    membership = get_membership(user, pk, Action.CHANGE)
    need = next((n for n in needs_of(membership) if n.pk == need_id), None)
    if need is None:
        raise Http404(_("No such welfare need."))
    form = NeedEndForm(request.POST or None, user=user)

    def run(data):
        welfare_need_end(actor=user, membership=membership, need_id=need.pk, until=data["until"])

    title = _("End the welfare need “%(kind)s”") % {"kind": need.kind.name}
    return _member_form(request, membership, form, title=title, run=run, done=_("The welfare need was ended."))


@login_required
@domain_http
def member_erase(request, pk: int):
    user = request.user
    membership = get_membership(user, pk, Action.ERASE_PERSONAL)
    if membership.person.erased_at:
        raise PermissionDenied
    form = EraseForm(request.POST or None, user=user, membership=membership)

    def run(data):
        person_erase(actor=user, membership=membership, reason=data["reason"])

    title = _("Erase the personal data of %(number)s") % {"number": membership.member_number}
    done = _("The personal data was erased; the membership stays as anonymised history.")
    template = "members/member_erase.html"
    return _member_form(request, membership, form, title=title, run=run, done=done, template=template)


@login_required
@require_POST
@domain_http
def member_data_export(request, pk: int):
    """Everything held about the person as a JSON download (a request by the person); audited."""
    membership = get_membership(request.user, pk, Action.VIEW_PERSONAL)
    data = person_data_export(actor=request.user, membership=membership)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", membership.member_number)
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{safe}.json"'
    return response
