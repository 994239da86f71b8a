"""The chapter tree: tree browser as of a date (children loaded lazily), flat list, unit page, contact edit,
and the small lookups behind the code and area inputs."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quanlyhoi.core import audit
from quanlyhoi.core.dates import today, vn
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import ancestor_paths, depth, subtree_q
from quanlyhoi.core.permissions import can_place_under, can_restructure
from quanlyhoi.core.text import fold
from quanlyhoi.core.web import domain_http, form_error, paginate, render_list, style_form
from quanlyhoi.geo.models import AdminArea
from quanlyhoi.orgs import queries
from quanlyhoi.orgs.filters import UnitFilter
from quanlyhoi.orgs.forms import TreeForm, UnitEditForm, find_unit
from quanlyhoi.orgs.models import EventUnit, RestructuringEvent, Unit, UnitLevel, UnitPeriod
from quanlyhoi.orgs.queries import TreeNode
from quanlyhoi.orgs.services import unit_update

# A unit created (or changed) this many days before the as-of date gets a "new" ("changed") badge.
RECENT_DAYS = 90
LOOKUP_LIMIT = 20


def get_unit(user, code: str) -> Unit:
    unit = find_unit(user, code)
    if unit is None:
        raise Http404(_("No such unit."))
    return unit


def _decorate(user, nodes: list[TreeNode], day: datetime.date) -> list[TreeNode]:
    """Child counts as of `day` and the badges, for a handful of nodes in two queries (not per node)."""
    flat, stack = [], list(nodes)
    while stack:
        node = stack.pop()
        flat.append(node)
        stack.extend(node.children)
    ids = [n.unit_id for n in flat]
    counts = dict(
        UnitPeriod.objects.restrict(user, "view")
        .as_of(day)
        .filter(parent_id__in=ids)
        .order_by()
        .values_list("parent_id")
        .annotate(n=Count("id"))
    )
    units = Unit.objects.in_bulk(ids)
    recent = day - datetime.timedelta(days=RECENT_DAYS)
    for node in flat:
        unit = units[node.unit_id]
        node.child_count = counts.get(node.unit_id, 0)
        node.ends_on = unit.valid_to
        node.is_new = recent < unit.valid_from <= day
        node.changed_on = (
            node.valid_from if recent < node.valid_from <= day and node.valid_from > unit.valid_from else None
        )
    return nodes


@login_required
@require_GET
def unit_tree(request):
    """Roots visible to the user (or a chosen root) with one level open; deeper levels load on demand."""
    user = request.user
    form = TreeForm(request.GET or None)
    day = form.day()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    visible = UnitPeriod.objects.restrict(user, "view").as_of(day)
    root, root_period, crumbs, nodes, results = None, None, [], [], None
    if data.get("root"):
        root = get_unit(user, data["root"])
        root_period = visible.filter(unit=root).select_related("unit__level", "area", "parent").first()
        if root_period is None:
            messages.warning(request, _("%(code)s did not exist on %(day)s.") % {"code": root.code, "day": vn(day)})
        else:
            crumbs = list(
                visible.filter(path__in=ancestor_paths(root_period.path)).select_related("unit").order_by("path")
            )
    if data.get("q"):
        units = UnitFilter({"q": data["q"]}, queryset=Unit.objects.restrict(user, "view")).qs
        found = visible.filter(unit__in=units.values("pk"))
        if root_period is not None:
            found = found.filter(subtree_q("path", root_period.path))
        results = paginate(request, found.select_related("unit__level", "unit__association", "area").order_by("path"))
    elif root_period is not None:
        nodes = queries.nest(queries.tree_rows(user, root, day, max_depth=1))
    elif root is None:
        nodes = [TreeNode.from_period(p, depth(p.path)) for p in queries.roots_on(user, day)]
        if len(nodes) == 1:  # one scope root (an officer): open it
            nodes = queries.nest(queries.tree_rows(user, Unit.objects.get(pk=nodes[0].unit_id), day, max_depth=1))
    context = {
        "form": form,
        "day": day,
        "as_of": vn(day),
        "root": root,
        "root_period": root_period,
        "crumbs": crumbs,
        "nodes": _decorate(user, nodes, day),
        "results": results,
        "page_obj": results,
        "is_today": day == today(),
    }
    return render_list(request, "orgs/tree.html", "orgs/tree_body.html", context)


@login_required
@require_GET
def unit_children(request, code: str):
    """The children of one node as of the date: the fragment a tree node loads when first opened."""
    unit = get_unit(request.user, code)
    form = TreeForm(request.GET)
    day = form.day()
    rows = queries.tree_rows(request.user, unit, day, max_depth=1)[1:]
    for row in rows:
        row.children = []
    context = {"nodes": _decorate(request.user, rows, day), "as_of": vn(day), "day": day, "lazy": True}
    return render(request, "orgs/tree_nodes.html", context)


@login_required
@require_GET
def unit_list(request):
    queryset = Unit.objects.restrict(request.user, "view").select_related("association", "level", "area", "parent")
    filterset = UnitFilter(request.GET or None, queryset=queryset)
    style_form(filterset.form)
    page = paginate(request, filterset.qs)
    context = {"filter": filterset, "form": filterset.form, "page_obj": page, "units": page.object_list}
    return render_list(request, "orgs/unit_list.html", "orgs/unit_list_table.html", context)


@login_required
@require_GET
def unit_detail(request, code: str):
    user = request.user
    unit = get_unit(user, code)
    day = today()
    lineage = queries.lineage(unit, actor=user)
    links = list(
        EventUnit.objects.filter(unit=unit).select_related("event").order_by("event__effective_date", "event_id")
    )
    event_ids = [link.event_id for link in links] + [e["event"].pk for side in lineage.values() for e in side]
    visible_events = set(
        RestructuringEvent.objects.restrict(user, "view").filter(pk__in=event_ids).values_list("pk", flat=True)
    )
    children = (
        UnitPeriod.objects.restrict(user, "view")
        .as_of(day)
        .filter(parent=unit)
        .select_related("unit__level", "area")
        .order_by("path")
    )
    alive = unit.valid_to is None
    has_lower_level = UnitLevel.objects.filter(association=unit.association_id, rank__gt=unit.level.rank).exists()
    context = {
        "unit": unit,
        "periods": queries.periods(unit),
        "lineage": lineage,
        "event_links": links,
        "visible_events": visible_events,
        "page_obj": paginate(request, children),
        "history": audit.history(unit).order_by("-at", "-id")[:100],
        "can_change": Unit.objects.restrict(user, "change").filter(pk=unit.pk).exists(),
        "can_restructure_unit": alive and can_restructure(user, unit),
        "can_add_child": alive and has_lower_level and can_place_under(user, unit),
        "day": day,
    }
    return render(request, "orgs/unit_detail.html", context)


@login_required
@domain_http
def unit_edit(request, code: str):
    """Contact data and note (unit_update); everything else changes through restructuring."""
    unit = get_unit(request.user, code)
    if not Unit.objects.restrict(request.user, "change").filter(pk=unit.pk).exists():
        raise PermissionDenied
    initial = {f: getattr(unit, f) for f in ("address", "phone", "email", "note")}
    form = UnitEditForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit_update(actor=request.user, unit=unit, data=form.cleaned_data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Contact data of %(code)s saved.") % {"code": unit.code})
            return redirect("orgs:unit_detail", code=unit.code)
    return render(request, "orgs/unit_edit.html", {"unit": unit, "form": form})


LOOKUP_PARAMS = {"association", "rank_below", "level"}


def _lookup_text(request) -> str:
    """The typed text: HTMX sends the input under its own name, which is whatever the form calls it."""
    for key, value in request.GET.items():
        if key not in LOOKUP_PARAMS:
            return value.strip()
    return ""


@login_required
@require_GET
def unit_lookup(request):
    """<option>s for a unit-code <datalist>: living units in scope, optionally of one association and above
    a rank (candidate parents)."""
    text = _lookup_text(request)
    units = Unit.objects.restrict(request.user, "view").filter(valid_to__isnull=True).select_related("level")
    if request.GET.get("association"):
        units = units.filter(association__code=request.GET["association"].upper())
    if request.GET.get("rank_below", "").isdigit():
        units = units.filter(level__rank__lt=int(request.GET["rank_below"]))
    if request.GET.get("level", "").isdigit():
        units = units.filter(level_id=int(request.GET["level"]))
    units = units.search(text) if text else units.none()
    return render(request, "orgs/unit_options.html", {"units": units.order_by("code")[:LOOKUP_LIMIT]})


@login_required
@require_GET
def area_lookup(request):
    """<option>s for an area <datalist>: areas of the 2025 generation by name (without diacritics) or code."""
    text = _lookup_text(request)
    areas = AdminArea.objects.current().select_related("parent")
    if request.GET.get("level") in AdminArea.Level.values:
        areas = areas.filter(level=request.GET["level"])
    if not text:
        areas = areas.none()
    elif text.isdigit():
        areas = areas.filter(code__startswith=text)
    else:
        areas = areas.filter(name_folded__contains=fold(text))
    return render(request, "orgs/unit_area_options.html", {"areas": areas.order_by("level", "code")[:LOOKUP_LIMIT]})
