"""Web pages of report templates and indicators: what every template asks (each version, and how many reports
were started on it), the edit form that saves a new version, and the indicators with their forms. Everyone
sees the shared templates and those of their associations; those who manage them edit (services.templates)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from quanlyhoi.core.errors import DomainError, Forbidden, NotFound
from quanlyhoi.core.web import domain_http, form_error
from quanlyhoi.orgs.models import Association
from quanlyhoi.reporting import forms_templates as f
from quanlyhoi.reporting.models import Indicator, ReportTemplate
from quanlyhoi.reporting.services import indicators, templates
from quanlyhoi.reporting.services.templates import can_manage, check_allowed

HEAD = ("name", "period_kinds", "levels", "counted_states")
PARTS = ("items", "sections", "rules")


def _owners(user) -> list[tuple[str, str]]:
    """For whom `user` may create templates and indicators: shared ("") and associations, by code."""
    out = [("", _("Shared by every association"))] if can_manage(user, None) else []
    for association in Association.objects.restrict(user, "view").order_by("code"):
        if can_manage(user, association.pk):
            out.append((association.code, f"{association.code} – {association.name}"))
    return out


def _owner(user, code: str) -> Association | None:
    return Association.objects.restrict(user, "view").filter(code=code).first() if code else None


def _version(raw) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else None
    except ValueError:
        raise NotFound() from None


def _failed(form, exc: DomainError) -> int:
    """Show a refusal on the form; the status the page answers with (out of scope stays 403/404)."""
    if exc.status in (403, 404):
        raise exc
    form_error(form, exc)
    return 409 if exc.status == 409 else 422


@login_required
@require_GET
@domain_http
def templates_page(request):
    user = request.user
    by_code: dict[str, list[ReportTemplate]] = {}
    for t in ReportTemplate.objects.restrict(user, "view").select_related("association").order_by("code", "-version"):
        by_code.setdefault(t.code, []).append(t)
    rows = [
        {
            "current": next((v for v in versions if v.is_current), versions[0]),
            "versions": versions,
            "can_edit": can_manage(user, versions[0].association_id),
        }
        for versions in by_code.values()
    ]
    return render(request, "reporting/templates.html", {"rows": rows, "can_create": bool(_owners(user))})


@login_required
@require_GET
@domain_http
def template_page(request, code: str):
    user = request.user
    template = templates.template_visible(user, code, _version(request.GET.get("version")))
    groups: list[tuple[str, list]] = []
    for item in template.items.select_related("indicator").order_by("position"):
        if not groups or groups[-1][0] != item.group:
            groups.append((item.group, []))
        groups[-1][1].append(item)
    used = templates.reports_by_version(user, template.code)
    versions = [(v, used.get(v.version, 0)) for v in ReportTemplate.objects.filter(code=template.code)]
    context = {
        "template": template,
        "groups": groups,
        "sections": template.sections.order_by("position"),
        "rules": template.rules.select_related("indicator", "other").order_by("code"),
        "versions": versions,
        "can_edit": template.is_current and can_manage(user, template.association_id),
    }
    return render(request, "reporting/template.html", context)


def _initial(spec: dict, version: int | None = None) -> dict:
    return {
        **{k: spec[k] for k in HEAD},
        "items": f.items_text(spec["items"]),
        "sections": f.sections_text(spec["sections"]),
        "rules": f.rules_text(spec["rules"]),
        "version": version,
    }


@login_required
@require_http_methods(["GET", "POST"])
@domain_http
def template_edit(request, code: str):
    """The current version's form; saving makes the next version (a form opened on an older one: 409)."""
    user = request.user
    posted = request.method == "POST"
    base = templates.template_visible(user, code, _version(request.POST.get("version")) if posted else None)
    check_allowed(user, base, "mẫu báo cáo")
    initial = _initial(templates.spec_of(base), base.version)
    form = f.TemplateForm(request.POST if posted else None, initial=initial, association_id=base.association_id)
    status = 422 if posted else 200
    if posted and form.is_valid():
        try:
            new = templates.revise_template(
                actor=user, template=base, **{k: form.cleaned_data[k] for k in HEAD + PARTS}
            )
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("Saved as version %(version)s of the template.") % {"version": new.version})
            return redirect("reporting:template", code=new.code)
    context = {"form": form, "template": base}
    return render(request, "reporting/template_form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_http
def template_new(request):
    user = request.user
    owners = _owners(user)
    if not owners:
        raise Forbidden()
    posted = request.method == "POST"
    default = {"period_kinds": ["half", "year"], "counted_states": ["approved", "locked"], "name": ""}
    initial = _initial({**default, "levels": [], "items": [], "sections": [], "rules": []})
    association = _owner(user, request.POST.get("association", "") if posted else owners[0][0])
    form = f.NewTemplateForm(
        request.POST if posted else None, initial=initial, owners=owners, association_id=association and association.pk
    )
    status = 422 if posted else 200
    if posted and form.is_valid():
        try:
            data = {k: form.cleaned_data[k] for k in HEAD + PARTS}
            new = templates.create_template(actor=user, association=association, code=form.cleaned_data["code"], **data)
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("The template was created."))
            return redirect("reporting:template", code=new.code)
    return render(request, "reporting/template_form.html", {"form": form, "template": None}, status=status)


@login_required
@require_GET
@domain_http
def indicators_page(request):
    user = request.user
    rows = Indicator.objects.restrict(user, "view").select_related("association").order_by("association__code", "code")
    context = {
        "rows": [(i, can_manage(user, i.association_id)) for i in rows],
        "can_create": bool(_owners(user)),
    }
    return render(request, "reporting/indicators.html", context)


FIELDS = ("name", "unit_of_measure", "kind", "aggregation", "breakdowns", "source")


@login_required
@require_http_methods(["GET", "POST"])
@domain_http
def indicator_new(request):
    user = request.user
    owners = _owners(user)
    if not owners:
        raise Forbidden()
    posted = request.method == "POST"
    form = f.IndicatorForm(request.POST if posted else None, owners=owners, initial={"aggregation": "sum"})
    status = 422 if posted else 200
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            indicators.create_indicator(
                actor=user, association=_owner(user, data["association"]), code=data["code"],
                **{k: data[k] for k in FIELDS},
            )  # fmt: skip
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("The indicator was created."))
            return redirect("reporting:indicators")
    return render(request, "reporting/indicator_form.html", {"form": form, "indicator": None}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_http
def indicator_edit(request, pk: int):
    """An indicator in use keeps its type, breakdowns, aggregation and source: those are shown, not editable."""
    user = request.user
    obj = get_object_or_404(Indicator.objects.restrict(user, "view"), pk=pk)
    check_allowed(user, obj, "chỉ tiêu")
    used = indicators.in_use(obj)
    initial = {**{k: getattr(obj, k) for k in FIELDS}, "code": obj.code}
    initial["breakdowns"] = f.breakdowns_text(obj.breakdowns)
    posted = request.method == "POST"
    fixed = tuple(indicators.MEANING) if used else ()
    form = f.IndicatorForm(request.POST if posted else None, initial=initial, fixed=fixed)
    status = 422 if posted else 200
    if posted and form.is_valid():
        try:
            indicators.update_indicator(actor=user, indicator=obj, **{k: form.cleaned_data[k] for k in FIELDS})
        except DomainError as exc:
            status = _failed(form, exc)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("reporting:indicators")
    context = {"form": form, "indicator": obj, "in_use": used}
    return render(request, "reporting/indicator_form.html", context, status=status)
