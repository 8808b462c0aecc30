"""PostgreSQL's COPY for bulk writes (the ClaimReview importer, the synthetic data generator, and first versions).

One COPY per table and batch: psycopg2's execute_values spent 70 µs a row adapting values for an INSERT.
"""
import datetime
import io

from django.db import connection

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})
NULL = "\\N"


def copy_text(value):
    """A value as COPY's text format writes it."""
    if value is None:
        return NULL
    if isinstance(value, str):
        return value.translate(_COPY_ESCAPES)
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return repr(value)
    if value == []:
        return "{}"  # an empty array (an actor's aliases)
    raise TypeError(f"no COPY text for {type(value).__name__}")


def copy_into(table, columns, rows):
    """COPY `rows` (each a list of values already in COPY text, in the order of `columns`) into `table`."""
    text = "".join("\t".join(row) + "\n" for row in rows)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN", io.StringIO(text))
