from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0005_audit_chain_backfill")]

    operations = [
        migrations.AlterField(
            model_name="auditevent",
            name="sequence",
            field=models.PositiveBigIntegerField(
                editable=False, unique=True, verbose_name="sequence"
            ),
        ),
    ]
