from django.db import migrations

# Chains the rows written before the chain existed, in the order they were inserted (id). The
# append-only trigger is lifted for this one transaction only: the migration is the single
# moment the rows are allowed to change, and only in the three new columns.
#
# It imports the live hash module on purpose: the serialisation is a frozen format that every
# row depends on (see binaan.core.auditchain), not code that may drift from this migration.
from binaan.core.auditchain import GENESIS, ChainContent, row_hash

BATCH = 1000
TRIGGER = "core_auditevent_append_only"


def forwards(apps, schema_editor):  # type: ignore[no-untyped-def]
    AuditEvent = apps.get_model("core", "AuditEvent")
    postgresql = schema_editor.connection.vendor == "postgresql"
    if postgresql:
        # ALTER TABLE refuses to run while deferred foreign-key checks are queued.
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE core_auditevent DISABLE TRIGGER {TRIGGER}")
    sequence, prev_hash, last_id = 0, GENESIS, 0
    while True:
        # Keyset pages keep memory bounded on a large trail without a cursor over a table that
        # is being written.
        rows = list(AuditEvent.objects.filter(id__gt=last_id).order_by("id")[:BATCH])
        if not rows:
            break
        for event in rows:
            sequence += 1
            event.sequence = sequence
            event.prev_hash = prev_hash
            event.row_hash = prev_hash = row_hash(
                prev_hash,
                ChainContent(
                    sequence=sequence,
                    actor_id=event.actor_id,
                    actor_username=event.actor_username,
                    facility_id=event.facility_id,
                    action=event.action,
                    object_type=event.object_type,
                    object_id=event.object_id,
                    object_repr=event.object_repr,
                    before=event.before,
                    after=event.after,
                    ip_address=event.ip_address,
                    created_at=event.created_at,
                ),
            )
        AuditEvent.objects.bulk_update(rows, ["sequence", "prev_hash", "row_hash"])
        last_id = rows[-1].id
    if postgresql:
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        schema_editor.execute(f"ALTER TABLE core_auditevent ENABLE TRIGGER {TRIGGER}")


class Migration(migrations.Migration):
    dependencies = [("core", "0004_audit_chain_columns")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
