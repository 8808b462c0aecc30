"""Reads from a streaming read replica, writes to the primary, and a client's reads from the primary right after
it wrote, so an editor always sees what they just saved.

Installed only when DATABASE_REPLICA_URL is set (tracker/settings/base.py): the replica is the database alias
"replica", the primary "default". Without it there is one database and none of this runs.

The rule, kept in one context variable per request:
- Outside a request (commands, the shell, migrations, imports) everything uses the primary.
- A request with a safe method (GET, HEAD, OPTIONS) reads from the replica, unless the client holds the
  PIN_COOKIE: then it reads from the primary.
- A request with another method (POST, PUT, PATCH, DELETE) reads from the primary; so does the rest of any
  request once it has asked to write. Either way the response sets PIN_COOKIE for
  settings.DATABASE_REPLICA_PIN_SECONDS, longer than the replica takes to catch up, so the page the client
  goes to next (the redirect after a save) reads from the primary too.
A replica is a copy of the primary kept by PostgreSQL's streaming replication, read-only: migrations run on
the primary only and reach the replica through the same stream.
"""
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

PRIMARY, REPLICA = "default", "replica"
PIN_COOKIE = "read_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class _Request:
    """Where the current request reads from, and whether it has written."""

    __slots__ = ("replica", "wrote")

    def __init__(self, replica):
        self.replica, self.wrote = replica, False


_request = ContextVar("database_request", default=None)  # None outside a request: the primary


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        state = _request.get()
        return REPLICA if state is not None and state.replica else PRIMARY

    def db_for_write(self, model, **hints):
        state = _request.get()
        if state is not None:  # read-after-write: the rest of this request reads what it wrote
            state.replica, state.wrote = False, True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: objects from either may be related

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReadReplicaMiddleware:
    """Decides, for each request, whether its reads may go to the replica, and pins a client that writes."""

    def __init__(self, get_response):
        if not settings.DATABASE_REPLICA_URL:  # the setting that adds the "replica" database
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in SAFE_METHODS
        state = _Request(replica=safe and PIN_COOKIE not in request.COOKIES)
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if response.streaming:  # the CSV export reads as it is sent, after this returns: by the same rule
            response.streaming_content = _within(state, response.streaming_content)
        if state.wrote or not safe:
            response.set_cookie(PIN_COOKIE, "1", max_age=settings.DATABASE_REPLICA_PIN_SECONDS, httponly=True,
                                samesite="Lax", secure=settings.SESSION_COOKIE_SECURE)
        return response


def _within(state, chunks):
    """The chunks of a streamed response, each produced with `state` as the request's."""
    chunks = iter(chunks)
    while True:
        token = _request.set(state)
        try:
            chunk = next(chunks, None)
        finally:
            _request.reset(token)
        if chunk is None:
            return
        yield chunk
