import functools


def navigation(request):
    """Flags the base template needs to show only the menu entries the user can use."""
    from quanlyhoi.core.notifications import unread_count
    from quanlyhoi.core.scoping import scopes_for

    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "can_view_audit": bool(scopes_for(user, "view_audit")),
        "can_manage_users": bool(scopes_for(user, "manage_users")),
        "can_restructure": bool(scopes_for(user, "restructure")),
        # A callable: counted (one indexed query) only when a template shows the badge, not for HTMX fragments.
        "unread_notifications": functools.partial(unread_count, user),
    }
