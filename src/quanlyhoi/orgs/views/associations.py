"""Associations and overseers: lists, records, and their edit forms (through orgs.services.registry)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.permissions import get_visible
from quanlyhoi.core.queries import object_history
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.core.web import domain_http, form_error, paginate, render_list, style_form
from quanlyhoi.orgs.filters import AssociationFilter
from quanlyhoi.orgs.forms_associations import OVERSEER_FIELDS, OverseerForm, association_form
from quanlyhoi.orgs.models import Association, Overseer, RestructuringEvent, Unit
from quanlyhoi.orgs.queries import overseer_on
from quanlyhoi.orgs.services import association_create as create_service
from quanlyhoi.orgs.services import association_update, overseer_save
from quanlyhoi.orgs.services.registry import ASSOCIATION_FIELDS, association_editable_fields


def _is_registry_admin(user) -> bool:
    return has_system_scope(user, "manage_registry")


def _current_units(user):
    return Unit.objects.restrict(user, "view").valid_on(today())


@login_required
def association_list(request):
    user = request.user
    association_filter = AssociationFilter(request.GET or None, queryset=Association.objects.restrict(user, "view"))
    style_form(association_filter.form)
    page = paginate(request, association_filter.qs)
    counts = dict(
        _current_units(user)
        .filter(association_id__in=[a.pk for a in page])
        .order_by()
        .values_list("association_id")
        .annotate(n=Count("id"))
    )
    for association in page:
        association.unit_count = counts.get(association.pk, 0)
    context = {"filter": association_filter, "page_obj": page, "can_create": _is_registry_admin(user)}
    return render_list(request, "orgs/association_list.html", "orgs/_association_table.html", context)


@login_required
@domain_http
def association_detail(request, code: str):
    user = request.user
    association = get_visible(Association.objects, user, code=code.upper())
    units = _current_units(user).filter(association=association)
    context = {
        "association": association,
        "levels": association.levels.all(),
        "central": units.filter(parent__isnull=True).order_by("path").first(),
        "units_by_level": units.order_by()
        .values("level__rank", "level__name")
        .annotate(n=Count("id"))
        .order_by("level__rank"),
        "events": RestructuringEvent.objects.restrict(user, "view").filter(association=association)[:10],
        "history": object_history(user, association)[:50],
        "can_edit": bool(association_editable_fields(user, association)),
    }
    return render(request, "orgs/association_detail.html", context)


@login_required
@domain_http
def association_edit(request, code: str):
    user = request.user
    association = get_visible(Association.objects, user, code=code.upper())
    allowed = association_editable_fields(user, association)
    if not allowed:
        raise PermissionDenied
    form_class = association_form(allowed)
    form = form_class(request.POST or None, initial=model_to_dict(association, fields=list(allowed)))
    if request.method == "POST" and form.is_valid():
        try:
            association_update(actor=user, association=association, data=form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Association saved."))
            return redirect("orgs:association_detail", code=association.code)
    return render(request, "orgs/association_form.html", {"form": form, "association": association})


@login_required
def association_create(request):
    if not _is_registry_admin(request.user):
        raise PermissionDenied
    form_class = association_form(set(ASSOCIATION_FIELDS))
    form = form_class(request.POST or None, initial={"valid_from": today(), "is_confirmed": True})
    if request.method == "POST" and form.is_valid():
        try:
            association = create_service(actor=request.user, data=form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Association created."))
            return redirect("orgs:association_detail", code=association.code)
    return render(request, "orgs/association_form.html", {"form": form, "association": None})


# ---------------------------------------------------------------------------------------------------------
# Overseers: public reference data, edited by system administrators only.


@login_required
def overseer_list(request):
    context = {
        "page_obj": paginate(request, Overseer.objects.order_by("-valid_from")),
        "current": overseer_on(today()),
        "can_edit": _is_registry_admin(request.user),
    }
    return render(request, "orgs/overseer_list.html", context)


def _overseer_form(request, overseer: Overseer | None):
    if not _is_registry_admin(request.user):
        raise PermissionDenied
    initial = model_to_dict(overseer, fields=OVERSEER_FIELDS) if overseer else {}
    form = OverseerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            overseer_save(actor=request.user, data=form.cleaned_data, overseer=overseer)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Overseer saved."))
            return redirect("orgs:overseer_list")
    return render(request, "orgs/overseer_form.html", {"form": form, "overseer": overseer})


@login_required
def overseer_create(request):
    return _overseer_form(request, None)


@login_required
def overseer_edit(request, pk: int):
    return _overseer_form(request, get_object_or_404(Overseer, pk=pk))
