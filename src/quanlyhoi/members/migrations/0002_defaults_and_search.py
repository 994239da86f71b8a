"""Shipped defaults (membership types, welfare need kinds) and the name search index.

Name search matches whole words and prefixes without diacritics ("nguyen van a" finds "Nguyễn Văn Anh"): an
FTS5 table on SQLite (new people are added by members.search_index, set-based; changes and deletions by
triggers), a GIN index over a `simple` text-search vector on PostgreSQL.
"""

from django.db import migrations

TYPES = [("official", "Hội viên chính thức", 1), ("honorary", "Hội viên danh dự", 2), ("associate", "Hội viên liên kết", 3)]
NEED_KINDS = [
    ("difficult", "Hoàn cảnh khó khăn", 1),
    ("disability", "Khuyết tật", 2),
    ("vulnerable", "Yếu thế", 3),
    ("lonely", "Cô đơn, không nơi nương tựa", 4),
    ("other", "Khác", 9),
]

SQLITE_UP = [
    "CREATE VIRTUAL TABLE members_person_fts USING fts5(name_folded, content='members_person', "
    "content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER members_person_fts_ad AFTER DELETE ON members_person BEGIN "
    "INSERT INTO members_person_fts(members_person_fts, rowid, name_folded) VALUES ('delete', old.id, old.name_folded); END",
    "CREATE TRIGGER members_person_fts_au AFTER UPDATE OF name_folded ON members_person BEGIN "
    "INSERT INTO members_person_fts(members_person_fts, rowid, name_folded) VALUES ('delete', old.id, old.name_folded); "
    "INSERT INTO members_person_fts(rowid, name_folded) VALUES (new.id, new.name_folded); END",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS members_person_fts_au",
    "DROP TRIGGER IF EXISTS members_person_fts_ad",
    "DROP TABLE IF EXISTS members_person_fts",
]
PG_UP = [
    "CREATE INDEX members_person_name_tsv ON members_person USING gin (to_tsvector('simple', name_folded))",
]
PG_DOWN = ["DROP INDEX IF EXISTS members_person_name_tsv"]


def seed(apps, schema_editor):
    MembershipType = apps.get_model("members", "MembershipType")
    WelfareNeedKind = apps.get_model("members", "WelfareNeedKind")
    for code, name, order in TYPES:
        MembershipType.objects.get_or_create(association=None, code=code, defaults={"name": name, "ordering": order})
    for code, name, order in NEED_KINDS:
        WelfareNeedKind.objects.get_or_create(association=None, code=code, defaults={"name": name, "ordering": order})


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("members", "0001_initial")]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}), _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN})
        ),
    ]
