"""Matrix entries of the notifications pages (core/urls.py) and of the reporting reminder that sends them
(reporting:remind). Notifications are the user's own: every signed-in persona has the pages. Reminding needs
approval rights on the unit (the level above, or the commune officer for its branches)."""

from tests.matrix.personas import row

LOGIN = 302


def none() -> dict:
    return {}


COMMUNE = {"unit": "NCT.01.00004", "period": "2025-H2"}

# name -> (URL kwargs factory, query, method, expected answers in personas.ORDER)
ENTRIES = {
    "core:notifications": (none, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "core:notifications_read": (none, {"all": "1"}, "post", row(302, 302, 302, 302, 302, 302, 302, LOGIN)),
    "reporting:remind": (none, COMMUNE, "post", row(302, 403, 302, 302, 302, 403, 404, LOGIN)),
}
