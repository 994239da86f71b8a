"""Enumerate the project's web routes and API operations, so that a route without a matrix entry fails."""

from django.urls import URLPattern, URLResolver, get_resolver

# Routes that are not pages of the system: Django's language switch (POST only, public by design).
EXEMPT = {"set_language"}


def web_route_names() -> set[str]:
    names: set[str] = set()

    def walk(patterns, namespace: str | None, prefix: str):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = p.namespace or namespace
                route = prefix + str(p.pattern)
                if route.startswith("api/"):
                    continue
                walk(p.url_patterns, f"{namespace}:{p.namespace}" if namespace and p.namespace else ns, route)
            elif isinstance(p, URLPattern) and p.name:
                full = f"{namespace}:{p.name}" if namespace else p.name
                if full not in EXEMPT:
                    names.add(full)

    walk(get_resolver().url_patterns, None, "")
    return names


def api_operations() -> set[tuple[str, str]]:
    from quanlyhoi.api.urls import api

    schema = api.get_openapi_schema()
    ops = set()
    for path, methods in schema["paths"].items():
        for method in methods:
            if method.upper() in {"GET", "POST", "PUT", "PATCH", "DELETE"}:
                ops.add((method.upper(), path))
    return ops
