"""GET /api/v1/members/stats and /api/v1/members/stats/people."""

import pytest

pytestmark = pytest.mark.django_db

STATS = "/members/stats"


def test_stats_of_a_unit_as_of_a_date(world_members, api):
    response = api("assoc_admin").get(STATS, {"unit": "NCT.01", "as_of": "2026-01-01"})
    assert response.status_code == 200
    data = response.json()
    assert (data["unit"]["code"], data["as_of"], data["members"], data["period"]) == ("NCT.01", "2026-01-01", 4, None)
    assert [(c["code"], c["members"]) for c in data["children"]] == [("NCT.01.00004", 3), ("NCT.01.00008", 1)]


def test_stats_breakdowns_in_the_answer(world_members, api):
    data = api("assoc_admin").get(STATS, {"unit": "NCT.01", "as_of": "2026-01-01"}).json()
    assert data["by_sex"] == {"M": 2, "F": 2, "unknown": 0}
    assert data["by_age_band"]["70-79"] == 3 and data["elderly"] == 4
    assert {f["code"]: f["count"] for f in data["by_type"]}["official"] == 4


def test_stats_with_a_period_give_joined_and_left(world_members, api):
    query = {"unit": "NCT.01", "as_of": "2025-12-31", "from": "2025-09-01", "to": "2025-09-30"}
    period = api("assoc_admin").get(STATS, query).json()["period"]
    assert period == {"from": "2025-09-01", "to": "2025-09-30", "joined": 3,
                      "left": {"left": 0, "deceased": 0, "transferred": 0}}  # fmt: skip


def test_stats_of_a_whole_association(world_members, api):
    data = api("overseer").get(STATS, {"association": "CTD", "as_of": "2026-01-01"}).json()
    assert (data["association"], data["unit"], data["members"]) == ("CTD", None, 1)


def test_stats_take_one_of_unit_and_association(world_members, api):
    response = api("assoc_admin").get(STATS, {"unit": "NCT.01", "association": "NCT"})
    assert (response.status_code, response.json()["code"]) == (422, "stats_target")


@pytest.mark.parametrize(("persona", "association", "unit"), [
    ("assoc_admin", "NCT", None),
    ("outsider", "CTD", None),
    ("commune_officer", "NCT", {"code": "NCT.01.00004", "name": "Hội NCT phường Ba Đình"}),
])  # fmt: skip
def test_without_a_target_the_caller_gets_their_own_scope(world_members, api, persona, association, unit):
    data = api(persona).get(STATS).json()
    assert (data["association"], data["unit"]) == (association, unit)


def test_a_period_needs_both_ends(world_members, api):
    response = api("assoc_admin").get(STATS, {"unit": "NCT.01", "from": "2025-09-01"})
    assert (response.status_code, response.json()["code"]) == (422, "bad_period")


def test_a_bad_date_is_a_validation_error(world_members, api):
    assert api("assoc_admin").get(STATS, {"unit": "NCT.01", "as_of": "31/12/2025"}).status_code == 422


def test_a_unit_out_of_scope_answers_404(world_members, api):
    assert api("commune_officer").get(STATS, {"unit": "NCT.01"}).status_code == 404


def test_a_unit_officer_asking_for_the_whole_association_gets_403(world_members, api):
    assert api("province_officer").get(STATS, {"association": "NCT"}).status_code == 403


def test_stats_need_a_token(world_members, api):
    assert api(None).get(STATS, {"unit": "NCT.01"}).status_code == 401


def test_distinct_people_for_the_overseer(world_members, api):
    data = api("overseer").get(STATS + "/people", {"as_of": "2026-01-01"}).json()
    assert (data["memberships"], data["people"], data["people_with_id_number"]) == (6, 5, 5)


def test_distinct_people_are_refused_to_an_association_administrator(world_members, api):
    response = api("assoc_admin").get(STATS + "/people")
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
