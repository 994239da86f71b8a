"""The searchable name with the given name first, the SQLite name index on two columns (given name, rest), and
the person index in the official order covering the name, so that a search can read the people whose given
name starts with a word in that order (members.search_index, members.name_search). Replaces the
single-column index of 0002 and the vocabulary of 0007."""

import itertools

from django.db import migrations, models

from quanlyhoi.core.text import fold
from quanlyhoi.members.search_index import FTS_TABLE, fts_values, search_name

VOCAB_TABLE = "members_person_fts_vocab"  # of 0007: its counts cost a read of each word's list, no cheaper

OLD = [
    f"DROP TABLE IF EXISTS {VOCAB_TABLE}",
    "DROP TRIGGER IF EXISTS members_person_fts_au",
    "DROP TRIGGER IF EXISTS members_person_fts_ad",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
]
NEW = [
    # Contentless (the words are in members_person.name_folded); column detail is enough for "which column", and
    # the one- and two-letter prefix indexes keep short typed prefixes ("nguyen van l") cheap.
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(given, rest, content='', detail='column', prefix='1 2', "
    "tokenize='unicode61')",
    f"INSERT INTO {FTS_TABLE}(rowid, given, rest) SELECT id, {fts_values('name_folded')} FROM members_person",
    f"CREATE TRIGGER members_person_fts_ad AFTER DELETE ON members_person BEGIN INSERT INTO {FTS_TABLE}"
    f"({FTS_TABLE}, rowid, given, rest) VALUES ('delete', old.id, {fts_values('old.name_folded')}); END",
    f"CREATE TRIGGER members_person_fts_au AFTER UPDATE OF name_folded ON members_person BEGIN INSERT INTO "
    f"{FTS_TABLE}({FTS_TABLE}, rowid, given, rest) VALUES ('delete', old.id, {fts_values('old.name_folded')}); "
    f"INSERT INTO {FTS_TABLE}(rowid, given, rest) VALUES (new.id, {fts_values('new.name_folded')}); END",
]
# Back to 0007: the single-column index over the name as written, and its vocabulary.
PREVIOUS = [
    "DROP TRIGGER IF EXISTS members_person_fts_au",
    "DROP TRIGGER IF EXISTS members_person_fts_ad",
    f"DROP TABLE IF EXISTS {FTS_TABLE}",
    f"CREATE VIRTUAL TABLE {FTS_TABLE} USING fts5(name_folded, content='members_person', content_rowid='id', "
    "tokenize='unicode61')",
    f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')",
    f"CREATE TRIGGER members_person_fts_ad AFTER DELETE ON members_person BEGIN INSERT INTO {FTS_TABLE}"
    f"({FTS_TABLE}, rowid, name_folded) VALUES ('delete', old.id, old.name_folded); END",
    f"CREATE TRIGGER members_person_fts_au AFTER UPDATE OF name_folded ON members_person BEGIN INSERT INTO "
    f"{FTS_TABLE}({FTS_TABLE}, rowid, name_folded) VALUES ('delete', old.id, old.name_folded); "
    f"INSERT INTO {FTS_TABLE}(rowid, name_folded) VALUES (new.id, new.name_folded); END",
    f"CREATE VIRTUAL TABLE {VOCAB_TABLE} USING fts5vocab({FTS_TABLE}, row)",
]


def _refold(name_of):
    """Recompute name_folded for every person (executemany: ORM bulk updates take minutes for a million)."""

    def run(apps, schema_editor):
        Person = apps.get_model("members", "Person")
        rows = Person.objects.values_list("id", "given_name", "full_name").iterator(chunk_size=10_000)
        with schema_editor.connection.cursor() as cursor:
            while batch := [(name_of(given, full), pk) for pk, given, full in itertools.islice(rows, 10_000)]:
                cursor.executemany("UPDATE members_person SET name_folded = %s WHERE id = %s", batch)

    return run


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


def _as_written(given_name, full_name):
    return fold(full_name)


class Migration(migrations.Migration):
    dependencies = [("members", "0007_search_vocabulary")]

    operations = [
        migrations.RunPython(_sqlite(OLD), _sqlite(PREVIOUS)),
        migrations.RunPython(_refold(search_name), _refold(_as_written)),
        migrations.RunPython(_sqlite(NEW), _sqlite(OLD[1:])),
        # The person index in the official order also holds the searchable name, so that a search reading in
        # that order checks names without reading rows, and ends with the id that breaks ties (no sort).
        migrations.AlterModelOptions(
            name="membership",
            options={
                "ordering": ["person__sort_key", "person__name_folded", "id"],
                "verbose_name": "membership",
                "verbose_name_plural": "memberships",
            },
        ),
        migrations.AlterModelOptions(
            name="person",
            options={
                "ordering": ["sort_key", "name_folded", "id"],
                "verbose_name": "person",
                "verbose_name_plural": "people",
            },
        ),
        migrations.RemoveIndex(model_name="person", name="members_per_associa_b2d8a2_idx"),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["association", "sort_key", "name_folded"], name="members_per_associa_f20ec2_idx"
            ),
        ),
    ]
