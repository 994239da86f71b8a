"""Helpers for the web-page tests: CSP-safe markup and HTMX requests."""

import re

from django.test import Client

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
HTMX = {"HTTP_HX_REQUEST": "true"}


def assert_csp_clean(response) -> None:
    """The Content-Security-Policy is sent and the page needs no inline script or style to work."""
    assert "script-src 'self'" in response["Content-Security-Policy"]
    html = response.content.decode()
    assert not INLINE_SCRIPT.search(html), INLINE_SCRIPT.search(html).group(0)
    assert not INLINE_STYLE.search(html), html[INLINE_STYLE.search(html).start() - 80 :][:200]
    # and no template syntax leaked into the page (Django comments are single-line)
    assert "{#" not in html and "{%" not in html


def htmx_get(client: Client, url: str, data: dict | None = None):
    return client.get(url, data or {}, **HTMX)


def assert_fragment(response) -> None:
    """An HTMX answer is the table fragment only, and caches keep it apart from the full page."""
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html and '<nav class="navbar' not in html
    assert "HX-Request" in response["Vary"]
    assert "<table" in html


def form_errors(response) -> str:
    """All errors of the context's form(s), joined, for assertions on Vietnamese service messages."""
    out = []
    for name in ("form", "edit_form", "grant_form", "password_form"):
        form = response.context.get(name) if response.context else None
        if form is not None and hasattr(form, "errors"):
            out.extend(str(e) for errors in form.errors.values() for e in errors)
    return " | ".join(out)
