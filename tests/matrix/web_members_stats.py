"""Matrix entries of the member statistics pages (members/urls_stats.py): every signed-in persona may see the
statistics of the units it can see; the outsider (CTD) cannot see NCT's commune chapter."""

from tests.matrix.personas import row

LOGIN = 302
COMMUNE = {"unit": "NCT.01.00004"}


def none() -> dict:
    return {}


# name -> (URL kwargs factory, query, method, expected answers in personas.ORDER)
ENTRIES = {
    "members:stats": (none, COMMUNE, "get", row(200, 200, 200, 200, 200, 200, 404, LOGIN)),
    "members:stats_unit": (none, COMMUNE, "get", row(200, 200, 200, 200, 200, 200, 404, LOGIN)),
    "members:stats_overview": (none, {}, "get", row(200, 200, 200, 200, 200, 200, 200, LOGIN)),
}
