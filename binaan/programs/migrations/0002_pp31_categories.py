"""The program categories of PP 31/1999 Pasal 2–3 (pembinaan kepribadian and kemandirian)."""

from typing import Any

from django.db import migrations

PP31_CATEGORIES = [
    ("ketakwaan", "Ketakwaan kepada Tuhan Yang Maha Esa", "kepribadian"),
    ("kesadaran-berbangsa", "Kesadaran berbangsa dan bernegara", "kepribadian"),
    ("intelektual", "Intelektual", "kepribadian"),
    ("sikap-perilaku", "Sikap dan perilaku", "kepribadian"),
    ("kesehatan", "Kesehatan jasmani dan rohani", "kepribadian"),
    ("kesadaran-hukum", "Kesadaran hukum", "kepribadian"),
    ("reintegrasi", "Reintegrasi sehat dengan masyarakat", "kepribadian"),
    ("keterampilan-kerja", "Keterampilan kerja", "kemandirian"),
    ("latihan-kerja-produksi", "Latihan kerja dan produksi", "kemandirian"),
]


def add_categories(apps: Any, schema_editor: Any) -> None:
    category = apps.get_model("programs", "ProgramCategory")
    for order, (code, name, group) in enumerate(PP31_CATEGORIES):
        category.objects.update_or_create(
            code=code, defaults={"name": name, "group": group, "order": order}
        )


def remove_categories(apps: Any, schema_editor: Any) -> None:
    category = apps.get_model("programs", "ProgramCategory")
    category.objects.filter(code__in=[c for c, _, _ in PP31_CATEGORIES], programs=None).delete()


class Migration(migrations.Migration):
    dependencies = [("programs", "0001_initial")]

    operations = [migrations.RunPython(add_categories, remove_categories)]
