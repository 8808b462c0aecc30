"""The editorial roles as groups: contributor, editor, reviewer (see claims/roles.py for what each may do)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTENT = ["claim", "appearance", "evidence", "rebuttal", "review"]
REFERENCE = ["actor", "source", "topic", "technique", "framingterm"]


def codenames(actions, models):
    return [f"{action}_{model}" for action in actions for model in models]


ROLES = {
    # Drafts claims and what hangs off them, adds the actors and sources they need, submits for review.
    "contributor": codenames(["view", "add", "change"], CONTENT) + codenames(["view", "add"], REFERENCE)
    + codenames(["view"], ["historicalclaim"]),
    # Publishes, corrects and withdraws; edits everything; signs off verdicts written by others.
    "editor": codenames(["view", "add", "change"], CONTENT + REFERENCE)
    + ["publish_claim", "sign_off_review"],
    # Signs off verdicts written by others; reads everything.
    "reviewer": codenames(["view"], CONTENT + REFERENCE) + ["change_review", "sign_off_review"],
}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_label in ("claims", "sources"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # create_permissions skips apps without a models module
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = list(Permission.objects.filter(
            content_type__app_label__in=["claims", "sources"], codename__in=wanted
        ))
        missing = set(wanted) - {permission.codename for permission in permissions}
        assert not missing, f"permissions not found: {missing}"
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
