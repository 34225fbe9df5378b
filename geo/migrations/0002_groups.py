"""The two editorial groups and what they may do.

Editors write and publish articles, FAQ, entities and tags; they may read
but not change disclaimers and site settings. Legal handles disclaimers
(and, from articles 0003 on, takedown requests); they read articles but
cannot change or publish them."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = {
    "articles": {
        "article": ["add", "change", "delete", "view", "publish"],
        "historicalarticle": ["view"],
        "entity": ["add", "change", "view"],
        "entitytable": ["add", "change", "delete", "view"],
        "entityrow": ["add", "change", "delete", "view"],
        "tag": ["add", "change", "view"],
        "taggedarticle": ["add", "change", "delete", "view"],
        "disclaimer": ["view"],
    },
    "faq": {"faqitem": ["add", "change", "delete", "view"]},
    "geo": {"sitesettings": ["view"]},
}
LEGAL = {
    "articles": {
        "article": ["view"],
        "historicalarticle": ["view"],
        "entity": ["view"],
        "tag": ["view"],
        "disclaimer": ["add", "change", "delete", "view"],
    },
    "faq": {"faqitem": ["view"]},
    "geo": {"sitesettings": ["view"]},
}


def codename(action, model):
    return f"{action}_{model}" if action != "publish" else "publish_article"


def grant(apps, group_name, table):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    for app_label, models in table.items():
        for model, actions in models.items():
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[codename(action, model) for action in actions],
                )
            )


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    grant(apps, "Editors", EDITORS)
    grant(apps, "Legal", LEGAL)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Editors", "Legal"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("geo", "0001_initial"),
        ("articles", "0002_default_disclaimers"),
        ("faq", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
