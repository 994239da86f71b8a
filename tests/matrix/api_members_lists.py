"""Matrix entries of the member list and export API (api/members_lists.py): every caller with a token may list
and export the members it can see (the outsider: CTD's, none of NCT's)."""

from tests.matrix.personas import row

# (method, path) -> (path overrides, body, expected answers in personas.ORDER)
ENTRIES = {
    ("GET", "/api/v1/members"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
    ("GET", "/api/v1/members/export"): ({}, None, row(200, 200, 200, 200, 200, 200, 200, 401)),
}
