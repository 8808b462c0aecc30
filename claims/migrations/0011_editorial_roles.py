"""The editorial roles as groups: contributor, editor, reviewer (see claims/roles.py for what each may do)."""
from django.contrib.auth.management import create_permissions
from django.db import migrations

from claims import roles


# The models the roles covered when this migration was written (0023 adds remarks and families).
ROLES_0011 = roles.roles_for(["claim", "appearance", "evidence", "rebuttal", "review"],
                             ["actor", "source", "topic", "technique", "framingterm"])


def create_roles(apps, schema_editor, wanted=ROLES_0011):
    # Permissions are normally created after all migrations; the groups need them now.
    for app_label in ("claims", "sources"):
        app_config = apps.get_app_config(app_label)
        app_config.models_module = True  # create_permissions skips apps without a models module
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    roles.create_roles(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"), wanted)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=roles.ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("claims", "0010_editorial_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
