import django.utils.timezone
from django.db import migrations, models

# The columns of the hash chain (binaan.core.auditchain), nullable until the next migration has
# back-filled them for the rows written before the chain existed.


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_password_change")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="created_at",
            field=models.DateTimeField(
                db_index=True, default=django.utils.timezone.now, verbose_name="when"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(
                editable=False, null=True, unique=True, verbose_name="sequence"
            ),
        ),
        migrations.AddField(
            model_name="auditevent",
            name="prev_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="previous hash"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="auditevent",
            name="row_hash",
            field=models.CharField(default="", editable=False, max_length=64, verbose_name="hash"),
            preserve_default=False,
        ),
    ]
