"""Migration helper: the Editors and Legal groups get their permissions in the
migrations of the apps that own the models (geo imports no app)."""

from django.contrib.auth.management import create_permissions


def grant(apps, group_name: str, app_label: str, models: dict[str, list[str]]) -> None:
    """Give ``group_name`` (created if missing) ``{model: [action, …]}`` on
    ``app_label``'s models; an action is ``add``/``change``/``delete``/``view``
    or a custom permission's codename (``publish_article``)."""
    # Permissions are normally made after all migrations; make this app's now.
    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=group_name)
    codenames = [
        action if "_" in action else f"{action}_{model}"
        for model, actions in models.items()
        for action in actions
    ]
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
    )
