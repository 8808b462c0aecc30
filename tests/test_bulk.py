"""tracker.bulk's COPY pipe: COPYs sent from a thread, every other statement after them, failures raised."""
import threading

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from tracker import bulk
from tracker.bulk import copy_into, copy_pipe, copy_text

pytestmark = pytest.mark.django_db
COLUMNS = ["id", "name"]


@pytest.fixture(autouse=True)
def table():
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE pipe_test (id integer PRIMARY KEY, name text NOT NULL)")


def names():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pipe_test ORDER BY id")
        return [name for (name,) in cursor.fetchall()]


def test_a_statement_after_copies_sees_their_rows():
    with transaction.atomic(), copy_pipe() as pipe:
        for pk in range(10):
            copy_into("pipe_test", COLUMNS, [[str(pk), copy_text(f"row {pk}\twith a tab")]])
        assert pipe.thread is not threading.current_thread()
        assert len(names()) == 10  # the query waits for the ten COPYs sent before it
    assert names() == [f"row {pk}\twith a tab" for pk in range(10)]
    assert not pipe.thread.is_alive()


def test_without_the_pipe_copy_into_writes_at_once():
    assert getattr(bulk._local, "pipe", None) is None
    copy_into("pipe_test", COLUMNS, [["1", "at once"]])
    assert names() == ["at once"]


def test_a_failed_copy_is_raised_as_djangos_error_before_the_next_statement():
    ran = []
    with pytest.raises(IntegrityError, match="duplicate key"):
        with transaction.atomic(), copy_pipe():
            copy_into("pipe_test", COLUMNS, [["1", "first"]])
            copy_into("pipe_test", COLUMNS, [["1", "same id"]])  # fails in the pipe's thread
            names()  # waits for both, and raises the second's failure
            ran.append("after")
    assert ran == []
    assert names() == []  # rolled back


def test_a_copy_after_a_failure_raises_instead_of_being_dropped():
    with pytest.raises(IntegrityError):  # the failure not yet raised: it is raised by the next COPY
        with transaction.atomic(), copy_pipe() as pipe:
            copy_into("pipe_test", COLUMNS, [["1", "first"]])
            copy_into("pipe_test", COLUMNS, [["1", "same id"]])
            pipe.jobs.join()
            copy_into("pipe_test", COLUMNS, [["2", "later"]])
    with pytest.raises(DatabaseError, match="before this one failed"):  # already raised once: still refused
        with transaction.atomic(), copy_pipe() as pipe:
            copy_into("pipe_test", COLUMNS, [["1", "first"]])
            copy_into("pipe_test", COLUMNS, [["1", "same id"]])
            with pytest.raises(IntegrityError):
                pipe.wait()
            copy_into("pipe_test", COLUMNS, [["2", "later"]])
    assert names() == []


def test_leaving_on_an_error_stops_the_thread_and_writes_nothing():
    with pytest.raises(RuntimeError):
        with transaction.atomic(), copy_pipe() as pipe:
            copy_into("pipe_test", COLUMNS, [["1", "then an error"]])
            raise RuntimeError("stop")
    assert not pipe.thread.is_alive()
    assert getattr(bulk._local, "pipe", None) is None
    assert names() == []
