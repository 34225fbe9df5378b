"""Once granted Legal the takedown permissions; takedowns 0002 does now.
Kept, empty, so the migration history of existing databases stays whole."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("geo", "0002_groups")]

    operations = []
