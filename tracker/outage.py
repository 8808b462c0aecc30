"""When the database is unreachable (restarting, failing over): a 503 page and one log line per request."""
import logging

from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.http import HttpResponse

logger = logging.getLogger("tracker.outage")


class DatabaseUnavailableMiddleware:
    """Turns a lost database connection into `503 Service Unavailable` with templates/503.html.

    The page is rendered without the request (no context processors, so nothing
    touches the database), with `Retry-After`, and logged as one line instead of
    a traceback per request. The broken connection is closed by Django at the
    end of the request; with CONN_HEALTH_CHECKS the next request opens a fresh one.
    """

    RETRY_AFTER_SECONDS = 10

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        reason = str(exception).strip().splitlines()[0] if str(exception).strip() else type(exception).__name__
        logger.error("Database unavailable: %s %s: %s", request.method, request.path, reason)
        response = HttpResponse(render_to_string("503.html"), status=503)
        response["Retry-After"] = str(self.RETRY_AFTER_SECONDS)
        response._has_been_logged = True  # the line above is the log: Django need not add "Service Unavailable"
        return response


class DropTraceback(logging.Filter):
    """A logging filter that keeps a record's message and drops its traceback: one line per event."""

    def filter(self, record):
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
