from django.db import migrations

# DESIGN.md, "Attendance": the eight reasons with their flags. Notes are required where a
# reader of the register would otherwise not know where the resident was.
REASONS = [
    # code, label, counts_present, excused, needs_note, order
    ("hadir", "Hadir", True, False, False, 10),
    ("terlambat", "Terlambat", True, False, False, 20),
    ("izin", "Izin", False, True, False, 30),
    ("sakit", "Sakit", False, True, False, 40),
    ("sidang", "Sidang", False, True, False, 50),
    ("keluar", "Keluar sementara", False, True, True, 60),
    ("sanksi", "Sanksi", False, False, True, 70),
    ("alpa", "Alpa", False, False, False, 80),
]


def seed(apps, schema_editor):
    Reason = apps.get_model("attendance", "AttendanceReason")
    for code, label, present, excused, note, order in REASONS:
        Reason.objects.update_or_create(
            facility=None,
            code=code,
            defaults={
                "label": label,
                "counts_present": present,
                "excused": excused,
                "needs_note": note,
                "order": order,
            },
        )


def unseed(apps, schema_editor):
    Reason = apps.get_model("attendance", "AttendanceReason")
    Reason.objects.filter(facility=None, code__in=[r[0] for r in REASONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("attendance", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
