"""Words most people have are searched by reading in the official order (SQLite): the same answers as the index."""

import pytest
from django.db import connection

from quanlyhoi.members import queries
from tests.members_lists.test_search import found, people  # noqa: F401 - the shared people fixture

TEXTS = ["nguyen van a", "nguyen van an", "van an", "nguy van", "nguyen", "thi", "le thi hoa", "dao", "trinh thi d"]


@pytest.fixture
def analysed(people):  # noqa: F811
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL searches every name through its GIN index")
@pytest.mark.parametrize("text", TEXTS)
def test_reading_in_order_finds_what_the_index_finds(analysed, operator, monkeypatch, text):
    through_index = found(operator, text)
    monkeypatch.setattr(queries, "COMMON_MIN_PEOPLE", 0)
    monkeypatch.setattr(queries, "COMMON_SHARE", 0.0)
    assert queries._only_common_words(queries.name_tokens(text))
    assert found(operator, text) == through_index


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only")
def test_rare_words_go_through_the_index(analysed, monkeypatch):
    monkeypatch.setattr(queries, "COMMON_MIN_PEOPLE", 0)
    assert not queries._only_common_words(["zzz"])
