"""Every object already in the database gets its first version, so its history starts where readers found it;
and the public changes of each history table get an index (pages list them newest first)."""
from django.db import migrations

HISTORY_TABLES = [
    ("claims", "claim"), ("claims", "appearance"), ("claims", "evidence"), ("claims", "rebuttal"),
    ("claims", "review"), ("claims", "topic"), ("claims", "technique"), ("claims", "framingterm"),
    ("sources", "actor"), ("sources", "source"),
]
PUBLIC_KINDS = ("correction", "update", "clarification")


def first_versions(apps, schema_editor, tables=HISTORY_TABLES):
    quote = schema_editor.quote_name
    for app_label, model_name in tables:
        model = apps.get_model(app_label, model_name)
        history = apps.get_model(app_label, f"historical{model_name}")
        # The columns both tables share: the object's own, as the history keeps them.
        kept = {field.column for field in history._meta.concrete_fields}
        columns = [field.column for field in model._meta.concrete_fields
                   if field.column in kept and not getattr(field, "generated", False)]
        listed = ", ".join(quote(column) for column in columns)
        schema_editor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({listed}, history_date, history_type, change_kind, changes,"
            f" history_change_reason) SELECT {listed}, now(), '+', 'created', '[]'::jsonb, 'In the database before"
            f" versioned history began' FROM {quote(model._meta.db_table)} AS o WHERE NOT EXISTS"
            f" (SELECT 1 FROM {quote(history._meta.db_table)} h WHERE h.id = o.id)"
        )


def public_change_indexes(tables=HISTORY_TABLES):
    operations = []
    kinds = ", ".join(f"'{kind}'" for kind in PUBLIC_KINDS)
    for app_label, model_name in tables:
        table = f"{app_label}_historical{model_name}"
        operations.append(migrations.RunSQL(
            f"CREATE INDEX {table}_public ON {table} (history_date DESC, history_id DESC) WHERE change_kind IN ({kinds})",
            f"DROP INDEX {table}_public",
        ))
    return operations


class Migration(migrations.Migration):
    dependencies = [("claims", "0012_public_rebuttal_counts"), ("sources", "0009_history_and_last_updated")]

    # Indexes first: PostgreSQL will not build one on a table with pending (deferred) constraint checks.
    operations = [*public_change_indexes(), migrations.RunPython(first_versions, migrations.RunPython.noop)]
