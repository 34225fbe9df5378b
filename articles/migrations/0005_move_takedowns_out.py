"""Takedown requests move to their own app (takedowns/). Only Django's
picture of the models moves: the tables stay as they are, under the same
names (takedowns 0001 takes them over)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('articles', '0004_ascii_slugs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
        migrations.RemoveField(
            model_name='takedownevent',
            name='actor',
        ),
        migrations.RemoveField(
            model_name='takedownevent',
            name='request',
        ),
        migrations.RemoveIndex(
            model_name='takedownrequest',
            name='articles_ta_status_5fd228_idx',
        ),
        migrations.DeleteModel(
            name='TakedownEvent',
        ),
        migrations.DeleteModel(
            name='TakedownRequest',
        ),
            ],
            database_operations=[],
        )
    ]
