"""Associations and overseers: lists, records, and their edit forms (through orgs.services.registry)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.forms.models import model_to_dict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from quanlyhoi.core.dates import today
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.permissions import get_visible
from quanlyhoi.core.queries import visible_audit
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.core.web import domain_http, form_error, paginate, render_list, style_form
from quanlyhoi.orgs.filters import AssociationFilter
from quanlyhoi.orgs.forms_associations import (
    OVERSEER_FIELDS,
    LevelForm,
    LevelsOrderForm,
    OverseerForm,
    association_form,
)
from quanlyhoi.orgs.models import Association, Overseer, RestructuringEvent, Unit, UnitLevel
from quanlyhoi.orgs.queries import overseer_on
from quanlyhoi.orgs.services import association_create as create_service
from quanlyhoi.orgs.services import (
    association_update,
    level_delete,
    level_save,
    levels_editable,
    levels_reorder,
    overseer_save,
)
from quanlyhoi.orgs.services.levels import level_code as clean_level_code
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
    association = get_visible(Association.objects, request.user, code=code.upper())
    return _detail(request, association)


def _detail(request, association: Association, *, order_form: LevelsOrderForm | None = None):
    user = request.user
    units = _current_units(user).filter(association=association)
    levels = list(association.levels.annotate(used=Count("units")).order_by("rank"))
    can_edit_levels = levels_editable(user, association)
    if can_edit_levels and order_form is None:
        order_form = LevelsOrderForm(levels=levels)
    positions = dict(order_form.bound_fields()) if order_form is not None else {}
    context = {
        "association": association,
        "levels": levels,
        "level_rows": [(level, positions.get(level)) for level in levels],
        "order_form": order_form,
        "can_edit_levels": can_edit_levels,
        "central": units.filter(parent__isnull=True).order_by("path").first(),
        "units_by_level": units.order_by()
        .values("level__rank", "level__name")
        .annotate(n=Count("id"))
        .order_by("level__rank"),
        "events": RestructuringEvent.objects.restrict(user, "view").filter(association=association)[:10],
        # The association's record and its levels: both are configured on this page.
        "history": visible_audit(user)
        .filter(
            Q(object_type="orgs.association", object_id=str(association.pk))
            | Q(object_type="orgs.unitlevel", association_id=association.pk)
        )
        .order_by("-at", "-id")[:50],
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
# Unit levels of an association: system administrators and the association's own administrators.


def _levels_association(request, code: str) -> Association:
    """The association if visible (404 otherwise) and its levels editable by the user (403 otherwise)."""
    association = get_visible(Association.objects, request.user, code=code.upper())
    if not levels_editable(request.user, association):
        raise PermissionDenied
    return association


def _level_form(request, association: Association, level: UnitLevel | None):
    initial = model_to_dict(level, fields=["name", "rank", "has_area"]) if level else {}
    form = LevelForm(request.POST or None, initial=initial, creating=level is None)
    if request.method == "POST" and form.is_valid():
        try:
            level_save(actor=request.user, association=association, data=form.cleaned_data, level=level)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Level saved."))
            return redirect("orgs:association_detail", code=association.code)
    return render(request, "orgs/level_form.html", {"form": form, "association": association, "level": level})


@login_required
@domain_http
def level_create(request, code: str):
    return _level_form(request, _levels_association(request, code), None)


@login_required
@domain_http
def level_edit(request, code: str, level_code: str):
    association = _levels_association(request, code)
    level = get_object_or_404(UnitLevel, association=association, code=clean_level_code(level_code))
    return _level_form(request, association, level)


@login_required
@require_POST
@domain_http
def level_delete_view(request, code: str, level_code: str):
    association = _levels_association(request, code)
    level = get_object_or_404(UnitLevel, association=association, code=clean_level_code(level_code))
    name = level.name
    try:
        level_delete(actor=request.user, association=association, level=level)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Level %(name)s deleted.") % {"name": name})
    return redirect("orgs:association_detail", code=association.code)


@login_required
@require_POST
@domain_http
def levels_reorder_view(request, code: str):
    association = _levels_association(request, code)
    levels = list(association.levels.annotate(used=Count("units")).order_by("rank"))
    form = LevelsOrderForm(request.POST, levels=levels)
    if form.is_valid():
        try:
            levels_reorder(actor=request.user, association=association, codes=form.codes())
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Order of the levels saved."))
            return redirect("orgs:association_detail", code=association.code)
    return _detail(request, association, order_form=form)


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
