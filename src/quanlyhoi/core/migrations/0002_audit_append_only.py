"""The database itself refuses to change or delete audit records, whatever the entry point."""

from django.db import migrations


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for op in ("UPDATE", "DELETE"):
            schema_editor.execute(
                f"CREATE TRIGGER core_auditrecord_no_{op.lower()} BEFORE {op} ON core_auditrecord "
                f"BEGIN SELECT RAISE(ABORT, 'audit records are append-only'); END;"
            )
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE FUNCTION core_audit_append_only() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'audit records are append-only'; END $$ LANGUAGE plpgsql;"
        )
        schema_editor.execute(
            "CREATE TRIGGER core_auditrecord_append_only BEFORE UPDATE OR DELETE ON core_auditrecord "
            "FOR EACH ROW EXECUTE FUNCTION core_audit_append_only();"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_update;")
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditrecord_no_delete;")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP TRIGGER IF EXISTS core_auditrecord_append_only ON core_auditrecord;")
        schema_editor.execute("DROP FUNCTION IF EXISTS core_audit_append_only();")


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
