from django.db import migrations

# The row trigger of 0002 refuses UPDATE and DELETE; TRUNCATE fires no row trigger and would
# empty the trail in one statement. A statement trigger refuses it too. (A superuser can still
# drop a trigger: the hash chain, checked by verify_audit, is what catches that.)
CREATE = """
CREATE TRIGGER core_auditevent_no_truncate
    BEFORE TRUNCATE ON core_auditevent
    FOR EACH STATEMENT EXECUTE FUNCTION binaan_audit_append_only();
"""
DROP = "DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("core", "0006_audit_chain_required")]
    operations = [migrations.RunPython(forwards, backwards)]
