"""The two editorial groups and what they may do with articles.

Editors write and publish articles, entities and tags; they may read but
not change disclaimers. Legal handles disclaimers; they read articles but
cannot change or publish them. (FAQ, site settings and takedown requests
are granted in their own apps' migrations.)"""

from django.db import migrations

from geo.permissions import grant

EDITORS = {
    "article": ["add", "change", "delete", "view", "publish_article"],
    "historicalarticle": ["view"],
    "entity": ["add", "change", "view"],
    "entitytable": ["add", "change", "delete", "view"],
    "entityrow": ["add", "change", "delete", "view"],
    "tag": ["add", "change", "view"],
    "taggedarticle": ["add", "change", "delete", "view"],
    "disclaimer": ["view"],
}
LEGAL = {
    "article": ["view"],
    "historicalarticle": ["view"],
    "entity": ["view"],
    "tag": ["view"],
    "disclaimer": ["add", "change", "delete", "view"],
}


def grant_permissions(apps, schema_editor):
    grant(apps, "Editors", "articles", EDITORS)
    grant(apps, "Legal", "articles", LEGAL)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0005_move_takedowns_out"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_permissions, migrations.RunPython.noop)]
