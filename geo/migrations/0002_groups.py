"""Once made the Editors and Legal groups for every app; each app's own
migrations grant its permissions now (geo imports no app). Kept, empty, so
the migration history of existing databases stays whole."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]

    operations = []
