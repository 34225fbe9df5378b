"""The embedded default keeps its shared cache in a table (settings.CACHES);
``migrate`` makes it, so no deploy step can forget ``createcachetable``.
With Redis configured there is no database cache and nothing to do."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("geo", "0003_legal_takedown_permissions")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
