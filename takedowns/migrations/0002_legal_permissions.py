"""Legal works the takedown queue and sees the task results (a failed mail
shows there); Editors do not see the queue."""

from django.db import migrations

from geo.permissions import grant


def grant_permissions(apps, schema_editor):
    grant(
        apps,
        "Legal",
        "takedowns",
        {"takedownrequest": ["change", "view"], "takedownevent": ["view"]},
    )
    grant(apps, "Legal", "django_tasks_database", {"dbtaskresult": ["view"]})


class Migration(migrations.Migration):
    dependencies = [
        ("takedowns", "0001_initial"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
