"""Contributors, editors and reviewers get the permissions on remarks and talking-point families (claims/roles.py)."""
import importlib

from django.db import migrations

from claims import roles

editorial_roles = importlib.import_module("claims.migrations.0011_editorial_roles")


# The models the roles cover as of this migration: a model added to claims/roles.py later needs its own migration.
ROLES_0023 = roles.roles_for(["claim", "remark", "appearance", "evidence", "rebuttal", "review"],
                             ["actor", "source", "topic", "technique", "framingterm", "family"])


def current_roles(apps, schema_editor):
    editorial_roles.create_roles(apps, schema_editor, ROLES_0023)


def roles_before(apps, schema_editor):
    editorial_roles.create_roles(apps, schema_editor, editorial_roles.ROLES_0011)


class Migration(migrations.Migration):
    dependencies = [("claims", "0022_history_of_remarks_and_families")]

    operations = [migrations.RunPython(current_roles, roles_before)]
