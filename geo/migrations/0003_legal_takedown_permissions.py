"""Legal handles takedown requests; Editors do not see the queue."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

LEGAL_TAKEDOWN = {
    "takedownrequest": ["change", "view"],
    "takedownevent": ["view"],
}


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    legal, _ = Group.objects.get_or_create(name="Legal")
    codenames = [f"{action}_{model}" for model, actions in LEGAL_TAKEDOWN.items() for action in actions]
    legal.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    codenames = [f"{action}_{model}" for model, actions in LEGAL_TAKEDOWN.items() for action in actions]
    for legal in Group.objects.filter(name="Legal"):
        legal.permissions.remove(
            *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0002_groups"),
        ("articles", "0003_takedown_requests"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
