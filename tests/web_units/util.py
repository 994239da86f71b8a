"""Helpers for the chapter-tree and restructuring page tests."""

import re

from django.urls import reverse

from quanlyhoi.orgs.models import EventUnit, Lineage, RestructuringEvent, Unit, UnitPeriod

HTMX = {"HTTP_HX_REQUEST": "true"}
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)

BASIS = {"effective_date": "01/10/2025", "decision_number": "12/QĐ-NCT", "decision_date": "20/09/2025", "note": ""}


def html(response) -> str:
    return response.content.decode()


def assert_csp_clean(response) -> None:
    text = html(response)
    assert not INLINE_SCRIPT.search(text), INLINE_SCRIPT.search(text).group(0)
    assert not INLINE_STYLE.search(text)


def counts() -> tuple[int, ...]:
    """Everything a restructuring writes; a preview must leave all of it unchanged."""
    from quanlyhoi.core.models import AuditRecord

    return (
        RestructuringEvent.objects.count(),
        UnitPeriod.objects.count(),
        Unit.objects.count(),
        EventUnit.objects.count(),
        Lineage.objects.count(),
        AuditRecord.objects.count(),
    )


def errors(response) -> str:
    form = response.context["form"]
    out = [str(e) for errs in form.errors.values() for e in errs]
    formset = response.context.get("formset")
    if formset is not None:
        out += [str(e) for e in formset.non_form_errors()]
        out += [str(e) for f in formset.forms for errs in f.errors.values() for e in errs]
    return " | ".join(out)


def preview(client, url: str, data: dict):
    return client.post(url, {**data, "action": "preview"})


def preview_and_apply(client, url: str, data: dict):
    """Preview, then confirm exactly what was previewed (the page's confirm button)."""
    first = preview(client, url, data)
    assert first.status_code == 200, first.status_code
    assert first.context["outcome"] is not None or first.context.get("result") is not None, errors(first)
    return client.post(url, {**data, "action": "apply", "previewed": first.context["fingerprint"]})


def op_url(name: str, code: str) -> str:
    return reverse(f"orgs:{name}", args=[code])
