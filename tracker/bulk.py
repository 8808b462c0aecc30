"""PostgreSQL's COPY for bulk writes (the ClaimReview importer, the synthetic data generator, and first versions).

One COPY per table and batch: psycopg2's execute_values spent 70 µs a row adapting values for an INSERT.
Inside `copy_pipe()`, COPYs are sent from a thread, so the caller builds the next one (Python) while
PostgreSQL writes this one.
"""
import datetime
import io
import queue
import threading
from contextlib import contextmanager

from django.db import DatabaseError, connection

_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\n": "\\n", "\r": "\\r", "\t": "\\t"})
NULL = "\\N"
_local = threading.local()  # .pipe: the CopyPipe of this thread's connection, inside copy_pipe()


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
    sql = f"COPY {connection.ops.quote_name(table)} ({names}) FROM STDIN"
    pipe = getattr(_local, "pipe", None)
    if pipe is not None:
        pipe.send(sql, text.encode())
        return
    with connection.cursor() as cursor:
        cursor.copy_expert(sql, io.StringIO(text))


class CopyPipe:
    """Sends COPYs, in the order given, from one thread on the connection's own psycopg2 connection.

    psycopg2 lets go of the GIL while PostgreSQL works, so the caller's Python goes on meanwhile. Every other
    statement waits until the COPYs before it are done (an execute wrapper), so the statements reach
    PostgreSQL in the same order as without the pipe, and the first COPY that failed is raised there (or on
    leaving), as Django's exception, before anything else runs. After a failure nothing more is sent: a
    later COPY raises instead of being dropped unseen.
    """

    def __init__(self):
        connection.ensure_connection()
        self.raw = connection.connection
        self.jobs = queue.Queue()
        self.error = None  # the failure not yet raised in the caller's thread
        self.failed = False
        self.thread = threading.Thread(target=self._run, name="copy-pipe", daemon=True)
        self.thread.start()

    def _run(self):
        cursor = self.raw.cursor()
        while True:
            job = self.jobs.get()
            try:
                if job is None:
                    cursor.close()
                    return
                if not self.failed:  # after a failure the transaction is aborted: the rest is not sent
                    sql, data = job
                    cursor.copy_expert(sql, io.BytesIO(data), size=max(len(data), 1))
            except BaseException as error:  # noqa: BLE001 -- raised in the caller's thread by wait()
                self.error, self.failed = error, True
            finally:
                self.jobs.task_done()

    def send(self, sql, data):
        """COPY `data` (bytes) with `sql`, after those sent before."""
        self._raise()
        if self.failed:
            raise DatabaseError("a COPY before this one failed: the transaction is aborted")
        self.jobs.put((sql, data))

    def wait(self):
        """Until every COPY sent is done; raises the first that failed (once)."""
        self.jobs.join()
        self._raise()

    def _raise(self):
        if self.error is not None:
            error, self.error = self.error, None
            with connection.wrap_database_errors:
                raise error

    def close(self, abandon=False):
        """Stop the thread, after the COPYs sent (`abandon`: those not yet started are not sent)."""
        if abandon:
            self.failed = True
        self.jobs.put(None)
        self.thread.join()

    def before_statement(self, execute, sql, params, many, context):
        self.wait()
        return execute(sql, params, many, context)


@contextmanager
def copy_pipe():
    """COPYs through a CopyPipe for the duration (on the default connection, in this thread)."""
    if getattr(_local, "pipe", None) is not None:
        yield _local.pipe
        return
    pipe = _local.pipe = CopyPipe()
    ok = False
    try:
        with connection.execute_wrapper(pipe.before_statement):
            yield pipe
            pipe.wait()
        ok = True
    finally:
        _local.pipe = None
        pipe.close(abandon=not ok)
