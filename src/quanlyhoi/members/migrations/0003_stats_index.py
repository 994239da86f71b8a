"""An index for member statistics: membership periods by unit and validity, covering status and membership.

Statistics count the periods valid on a day in the units of a subtree; with every column they read in the
index, SQLite answers the counts from the index alone (no lookup of each period's row), in unit order so the
per-unit grouping needs no sort. Raw SQL (not Meta.indexes) because the model belongs to the members core and
this index exists only for the statistics queries; the same statement works on SQLite and PostgreSQL.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("members", "0002_defaults_and_search")]

    operations = [
        migrations.RunSQL(
            "CREATE INDEX members_period_stats ON members_membershipperiod "
            "(unit_id, valid_from, valid_to, status, membership_id)",
            "DROP INDEX IF EXISTS members_period_stats",
        ),
    ]
