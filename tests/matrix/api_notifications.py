"""Matrix entries of the caller's notifications (api/notifications.py, under /me) and of the reporting reminder
that sends them (POST /reports/remind: approval rights on the unit; the outsider cannot see NCT's units)."""

from tests.matrix.personas import row

EVERYONE = row(200, 200, 200, 200, 200, 200, 200, 401)

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("GET", "/api/v1/me/notifications"): ({}, None, EVERYONE),
    ("POST", "/api/v1/me/notifications/read"): ({}, {"all": True}, EVERYONE),
    ("POST", "/api/v1/reports/remind"): (
        {},
        {"unit": "NCT.01.00004", "period": "2025-H2"},
        row(200, 403, 200, 200, 200, 403, 404, 401),
    ),
}
