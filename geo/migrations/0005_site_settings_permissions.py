"""Editors and Legal may read the site settings; only superusers change them."""

from django.db import migrations

from geo.permissions import grant


def grant_permissions(apps, schema_editor):
    for group in ("Editors", "Legal"):
        grant(apps, group, "geo", {"sitesettings": ["view"]})


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0004_cache_table"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
