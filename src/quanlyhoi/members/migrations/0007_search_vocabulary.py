"""The FTS5 vocabulary of the name index (SQLite): how many people have each word, so that a search can tell a
common name from a rare one before choosing how to read (members.queries.name_match_q)."""

from django.db import migrations


def _run(sql_by_vendor):
    def run(apps, schema_editor):
        sql = sql_by_vendor.get(schema_editor.connection.vendor)
        if sql:
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0006_membership_stats_index")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": "CREATE VIRTUAL TABLE members_person_fts_vocab USING fts5vocab(members_person_fts, row)"}),
            _run({"sqlite": "DROP TABLE IF EXISTS members_person_fts_vocab"}),
        ),
    ]
