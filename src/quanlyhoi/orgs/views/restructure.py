"""Restructuring pages: create, rename, move, merge, split, dissolve, and the 2025 provincial merger.

Every form has two steps: "preview" runs the real service with preview=True (rolled back) and shows its
Outcome lines; "apply" re-posts the same data and writes the event. The services check permissions, dates
and the tree; their refusals (DomainError, in Vietnamese) are shown on the form."""

from __future__ import annotations

import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.permissions import can_place_under, can_restructure
from quanlyhoi.core.scoping import scopes_for
from quanlyhoi.core.web import form_error
from quanlyhoi.members.models import Membership
from quanlyhoi.members.services.restructure import read_mapping_file
from quanlyhoi.orgs.forms import Merger2025Form, living_children
from quanlyhoi.orgs.forms_restructure import (
    SplitPartFormSet,
    UnitCreateForm,
    UnitDissolveForm,
    UnitMergeForm,
    UnitMoveForm,
    UnitRenameForm,
    UnitSplitForm,
)
from quanlyhoi.orgs.models import Association, RestructuringEvent, Unit
from quanlyhoi.orgs.services import (
    NewUnit,
    merger2025,
    unit_create,
    unit_dissolve,
    unit_move,
    unit_rename,
    unit_split,
    units_merge,
)
from quanlyhoi.orgs.views.units import get_unit

APPLY, PREVIEW = "apply", "preview"
SIBLING_LIMIT = 300


def _restructurable(request, code: str) -> Unit:
    """404 if the unit is not visible, 403 if visible but the user may not restructure it."""
    unit = get_unit(request.user, code)
    if not can_restructure(request.user, unit):
        raise PermissionDenied
    return unit


def _after_apply(user, outcome, fallback: Unit | None) -> str:
    if outcome.event_id and RestructuringEvent.objects.restrict(user, "view").filter(pk=outcome.event_id).exists():
        return reverse("orgs:event_detail", args=[outcome.event_id])
    return reverse("orgs:unit_detail", args=[fallback.code]) if fallback else reverse("orgs:event_list")


def fingerprint(data) -> str:
    """What was previewed: apply is accepted only for exactly the data that was last previewed."""
    skip = {"csrfmiddlewaretoken", "action", "previewed"}
    items = sorted((k, v) for k in data for v in data.getlist(k) if k not in skip)
    return hashlib.sha256(repr(items).encode()).hexdigest()[:24]


def _wants_apply(request) -> bool:
    """action=apply with the fingerprint of the preview; an apply of changed data becomes a new preview."""
    if request.POST.get("action") != APPLY:
        return False
    if request.POST.get("previewed") == fingerprint(request.POST):
        return True
    messages.warning(request, _("The form changed after the preview. Check the new preview, then apply."))
    return False


def _two_step(request, form, run, *, template: str, context: dict, after=None, extra_valid=True):
    """The preview/apply cycle shared by every restructuring form. `run(preview)` calls the service."""
    outcome = None
    if request.method == "POST" and form.is_valid() and extra_valid:
        applying = _wants_apply(request)
        try:
            outcome = run(not applying)
        except DomainError as exc:
            form_error(form, exc)
        else:
            if applying:
                messages.success(request, outcome.summary)
                for line in outcome.lines:
                    messages.info(request, line)
                return redirect(after(outcome) if after else _after_apply(request.user, outcome, context.get("unit")))
    context.update(form=form, outcome=outcome, fingerprint=fingerprint(request.POST) if outcome else "")
    return render(request, template, context)


@login_required
def unit_create_view(request):
    user = request.user
    if not scopes_for(user, "restructure"):
        raise PermissionDenied
    parent = None
    if request.GET.get("parent"):
        parent = get_unit(user, request.GET["parent"])
        if not can_place_under(user, parent):
            raise PermissionDenied
    form = UnitCreateForm(request.POST or None, user=user, parent=parent)

    def run(preview: bool):
        data = form.cleaned_data
        return unit_create(
            actor=user,
            association=data["association"],
            level=data["level"],
            spec=form.spec(),
            basis=form.basis(),
            preview=preview,
        )

    def after(outcome):
        return reverse("orgs:unit_detail", args=[outcome.unit_codes[0]])

    context = {"parent": parent, "title": _("New unit"), "unit": parent, "operation": "create"}
    return _two_step(request, form, run, template="orgs/restructure_form.html", context=context, after=after)


@login_required
def unit_rename_view(request, code: str):
    unit = _restructurable(request, code)
    form = UnitRenameForm(request.POST or None, user=request.user, unit=unit)

    def run(preview: bool):
        area = form.cleaned_data.get("area")
        return unit_rename(
            actor=request.user,
            unit=unit,
            name=form.cleaned_data["name"],
            basis=form.basis(),
            area=area if area is not None else ...,
            preview=preview,
        )

    context = {"unit": unit, "title": _("Rename %(code)s") % {"code": unit.code}, "operation": "rename"}
    return _two_step(request, form, run, template="orgs/restructure_form.html", context=context)


@login_required
def unit_move_view(request, code: str):
    unit = _restructurable(request, code)
    form = UnitMoveForm(request.POST or None, user=request.user, unit=unit)

    def run(preview: bool):
        return unit_move(
            actor=request.user,
            unit=unit,
            new_parent=form.cleaned_data["new_parent"],
            basis=form.basis(),
            preview=preview,
        )

    context = {"unit": unit, "title": _("Move %(code)s") % {"code": unit.code}, "operation": "move"}
    return _two_step(request, form, run, template="orgs/restructure_move.html", context=context)


def _siblings(user, unit: Unit) -> list[Unit]:
    """Living units of the same association and level that the user may restructure (merge candidates)."""
    qs = (
        Unit.objects.restrict(user, "restructure")
        .filter(association=unit.association_id, level=unit.level_id, valid_to__isnull=True)
        .exclude(pk=unit.pk)
    )
    if unit.parent_id:
        qs = qs.filter(parent=unit.parent_id)
    return list(qs.order_by("code")[:SIBLING_LIMIT])


@login_required
def unit_merge_view(request, code: str):
    unit = _restructurable(request, code)
    siblings = _siblings(request.user, unit)
    form = UnitMergeForm(request.POST or None, user=request.user, unit=unit, siblings=siblings)

    def run(preview: bool):
        data = form.cleaned_data
        common = {"actor": request.user, "sources": data["source_units"], "basis": form.basis(), "preview": preview}
        if data["target_kind"] == UnitMergeForm.NEW:
            spec = NewUnit(name=data["name"], area=data["area"], parent=data.get("parent"))
            return units_merge(new_target=spec, **common)
        return units_merge(
            target=data["target"],
            target_name=data.get("name") or None,
            target_area=data["area"] if data.get("area") is not None else ...,
            **common,
        )

    context = {"unit": unit, "title": _("Merge %(code)s") % {"code": unit.code}, "operation": "merge"}
    return _two_step(request, form, run, template="orgs/restructure_merge.html", context=context)


def _part_rows(data, prefix: str) -> int:
    try:
        return max(2, min(50, int(data.get(f"{prefix}-TOTAL_FORMS", 2))))
    except ValueError:
        return 2


def _with_uploaded_mapping(request):
    """An uploaded member list becomes the typed list (members_mapping), so that the preview and the apply carry
    the same data and the apply needs no second upload. Returns (the data, an error message or None)."""
    upload = request.FILES["members_file"]
    try:
        mapping = read_mapping_file(upload.name, upload.read())
    except DomainError as exc:
        return request.POST, exc.message
    data = request.POST.copy()
    data["members_mapping"] = "\n".join(f"{number}={part}" for number, part in mapping.items())
    request.POST = data  # the preview's fingerprint is taken over what the form shows
    return data, None


@login_required
def unit_split_view(request, code: str):
    unit = _restructurable(request, code)
    children = living_children(unit)
    template = "orgs/restructure_split.html"
    context = {
        "unit": unit,
        "title": _("Split %(code)s") % {"code": unit.code},
        "operation": "split",
        "children": children,
        "has_members": Membership.objects.filter(unit=unit).exists(),
    }
    options = {"prefix": "part", "form_kwargs": {"area_level": unit.level.has_area}}
    data = request.POST if request.method == "POST" else None
    rows = _part_rows(data or {}, "part")
    if data is not None and data.get("action") == "add_part":
        # One more row; what was typed comes back as initial values, so nothing is validated yet.
        rows = min(rows + 1, 50)
        initial = [
            {"name": data.get(f"part-{i}-name", ""), "area": data.get(f"part-{i}-area", "")} for i in range(rows)
        ]
        formset = SplitPartFormSet(initial=initial, **options)
        form = UnitSplitForm(initial=data.dict(), user=request.user, unit=unit, children=children, parts=rows)
        return render(request, template, {**context, "form": form, "formset": formset, "outcome": None})
    file_error = None
    if data is not None and request.FILES.get("members_file"):
        data, file_error = _with_uploaded_mapping(request)
    formset = SplitPartFormSet(data, **options)
    form = UnitSplitForm(data, user=request.user, unit=unit, children=children, parts=rows)
    if file_error:
        form.add_error("members_file", file_error)
    formset_ok = data is not None and formset.is_valid()

    def run(preview: bool):
        parts, rows_to_parts = formset.parts()
        assignment = {}
        for child_id, row in form.assignment().items():
            if row not in rows_to_parts:
                raise DomainError("split_children", _("A unit is assigned to an empty part."))
            assignment[child_id] = rows_to_parts[row]
        return unit_split(
            actor=request.user,
            source=unit,
            parts=parts,
            basis=form.basis(),
            children=assignment,
            options=form.members_option(rows_to_parts),
            preview=preview,
        )

    context["formset"] = formset
    return _two_step(request, form, run, template=template, context=context, extra_valid=formset_ok)


@login_required
def unit_dissolve_view(request, code: str):
    unit = _restructurable(request, code)
    form = UnitDissolveForm(request.POST or None, user=request.user, unit=unit)

    def run(preview: bool):
        return unit_dissolve(actor=request.user, unit=unit, basis=form.basis(), preview=preview)

    context = {
        "unit": unit,
        "title": _("Dissolve %(code)s") % {"code": unit.code},
        "operation": "dissolve",
        "children": living_children(unit),
    }
    return _two_step(request, form, run, template="orgs/restructure_form.html", context=context)


@login_required
def merger_2025(request, code: str):
    """The 2025 provincial merger of one association: the plan, a preview of every line, and apply."""
    association = Association.objects.restrict(request.user, "view").filter(code=code.upper()).first()
    if association is None:
        raise Http404(_("No such association."))
    try:
        merger2025.require_permission(request.user, association)
    except DomainError as exc:
        raise PermissionDenied from exc
    the_plan = merger2025.plan(association)
    form = Merger2025Form(request.POST or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        applying = _wants_apply(request)
        try:
            result = merger2025.apply(
                actor=request.user,
                association=association,
                decision_number=form.cleaned_data["decision_number"],
                note=form.cleaned_data["note"],
                preview=not applying,
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            if applying:
                messages.success(
                    request,
                    _("The 2025 merger of %(code)s was applied: %(n)s events.")
                    % {"code": association.code, "n": len(result.outcomes)},
                )
                return redirect(f"{reverse('orgs:event_list')}?association={association.code}")
    context = {
        "association": association,
        "plan": the_plan,
        "form": form,
        "result": result,
        "fingerprint": fingerprint(request.POST) if result else "",
        "lines": [line for o in result.outcomes for line in o.lines] if result else [],
    }
    return render(request, "orgs/merger_2025.html", context)
