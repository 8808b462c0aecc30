import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection, transaction

SEED_APPS = ("sources", "claims")


def _seed_tables():
    """(table, columns, primary key) of every model of the seed's apps, many-to-many and history tables
    included; generated columns are left out (PostgreSQL computes them again on the way in)."""
    tables = []
    for app in SEED_APPS:
        for model in apps.get_app_config(app).get_models(include_auto_created=True):
            columns = [f.column for f in model._meta.concrete_fields if not getattr(f, "generated", False)]
            tables.append((model._meta.db_table, columns, model._meta.pk.column))
    return tables


def _quoted(names):
    return ", ".join(connection.ops.quote_name(name) for name in names)


@pytest.fixture(scope="session")
def seed_snapshot(django_db_setup, django_db_blocker):
    """The seed, loaded once per test session and kept as rows, table by table (COPY data).

    Loading it takes thousands of queries; copying its rows back in takes a COPY
    per table, so tests that use the seed cost milliseconds instead of seconds.
    The rows include what migrations wrote (our own reviewer), since a test on a
    flushed database needs those too. The load itself is rolled back.
    """
    snapshot = []
    with django_db_blocker.unblock(), transaction.atomic(), connection.cursor() as cursor:
        tables = _seed_tables()
        call_command("load_seed", verbosity=0)
        for table, columns, key in tables:
            rows = io.StringIO()
            cursor.copy_expert(
                f"COPY (SELECT {_quoted(columns)} FROM {connection.ops.quote_name(table)} ORDER BY {key}) TO STDOUT",
                rows,
            )
            if rows.getvalue():
                snapshot.append((table, columns, key, rows.getvalue()))
        transaction.set_rollback(True)
    return snapshot


def restore_seed(snapshot):
    """Copy the seed's rows back in (skipping any already there, as what migrations wrote may be) and move
    each table's id sequence past them, in one transaction, so foreign keys, deferred, are checked once every
    table is in."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, key, rows in snapshot:
            quoted_table = connection.ops.quote_name(table)
            cursor.execute(f"CREATE TEMPORARY TABLE seed_rows (LIKE {quoted_table}) ON COMMIT DROP")
            cursor.copy_expert(f"COPY seed_rows ({_quoted(columns)}) FROM STDIN", io.StringIO(rows))
            cursor.execute(f"INSERT INTO {quoted_table} ({_quoted(columns)}) SELECT {_quoted(columns)} FROM seed_rows"
                           " ON CONFLICT DO NOTHING")
            cursor.execute("DROP TABLE seed_rows")
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence(%s, %s), (SELECT MAX({key}) FROM {quoted_table}))",
                [table, key],
            )


@pytest.fixture
def seed(db, seed_snapshot):
    """The seed dataset, inside the test's transaction."""
    restore_seed(seed_snapshot)
