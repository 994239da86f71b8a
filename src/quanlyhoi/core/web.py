"""Helpers shared by the HTML views of every app (thin views: parse, call a service, render)."""

from __future__ import annotations

import functools

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.errors import DomainError, Forbidden, NotFound

PAGE_SIZE = 50


def form_error(form: Form, exc: DomainError) -> None:
    """Show a service's refusal on the form, on its field when the field is on the form."""
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def pick_template(request, full: str, fragment: str) -> str:
    """HTMX requests get only the fragment (the table), full page otherwise."""
    return fragment if getattr(request, "htmx", False) else full


def style_form(form: Form) -> Form:
    """Bootstrap classes on every widget (plain forms and FilterSet forms alike); returns the form."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.NullBooleanSelect):
            # As a filter, "unknown" means "either": say so.
            widget.choices = [("unknown", _("Any")), ("true", _("Yes")), ("false", _("No"))]
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
            if isinstance(widget, forms.DateInput):
                widget.attrs.setdefault("placeholder", "dd/mm/yyyy")
        widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()
    return form


def render_list(request, full: str, fragment: str, context: dict):
    """A filtered list: the whole page, or only the table fragment for HTMX, varying on HX-Request."""
    response = render(request, pick_template(request, full, fragment), context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def domain_http(view):
    """Map NotFound to 404 and Forbidden to 403 for HTML views (other DomainErrors belong on a form)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapped
