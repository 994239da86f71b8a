"""Matrix entries of the member list and its export (members/urls_lists.py). Every signed-in persona may list
the members it can see (the outsider sees CTD's, none of NCT's); filtering on an NCT unit is not an error for
the outsider but an empty list. Asking for personal data in clear is not refused either: rows stay masked
where the permission is missing."""

from tests.matrix.personas import row

LOGIN = 302
COMMUNE = {"unit": "NCT.01.00004"}


def none() -> dict:
    return {}


# name -> (URL kwargs factory, query, method, expected answers in personas.ORDER)
ENTRIES = {
    "members:list": (none, {**COMMUNE, "personal": "1"}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
    "members:export": (none, {**COMMUNE, "format": "csv"}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
}
