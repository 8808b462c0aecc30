"""Migration operations for PostgreSQL-only features, skipped on SQLite (used by `make run`)."""
from django.db import migrations


class AddIndexOnPostgreSQL(migrations.AddIndex):
    """AddIndex for index types only PostgreSQL has (GIN); the model state records it everywhere."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
