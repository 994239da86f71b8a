"""Matrix entries of the member statistics API (api/members_stats.py). Without a query every caller gets the
statistics of its own scope; distinct people across associations are for system-wide roles only (the
system administrator and the overseer)."""

from tests.matrix.personas import row

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("GET", "/api/v1/members/stats"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/members/stats/people"): ({}, None, row(200, 200, 403, 403, 403, 403, 403, 401)),
}
