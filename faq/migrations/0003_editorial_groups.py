"""Editors write the FAQ; Legal reads it."""

from django.db import migrations

from geo.permissions import grant


def grant_permissions(apps, schema_editor):
    grant(apps, "Editors", "faq", {"faqitem": ["add", "change", "delete", "view"]})
    grant(apps, "Legal", "faq", {"faqitem": ["view"]})


class Migration(migrations.Migration):
    dependencies = [
        ("faq", "0002_ascii_anchor"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
