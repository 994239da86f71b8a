"""Helpers shared by the HTML views of every app (thin views: parse, call a service, render)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.forms import Form

from quanlyhoi.core.errors import DomainError

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
