"""A lost database connection is a 503 page and one log line, not a 500 with a traceback."""
import logging
from unittest import mock

import pytest
from django.db import InterfaceError, OperationalError

from claims.views import HomeView

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("error", [OperationalError("connection to server failed\nIs the server running?"),
                                   InterfaceError("connection already closed")])
def test_a_request_during_an_outage_gets_the_503_page(client, caplog, error):
    with mock.patch.object(HomeView, "get_context_data", side_effect=error), caplog.at_level(logging.INFO):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert "Back in a moment" in response.content.decode()
    records = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(records) == 1  # ours alone: Django does not add "Service Unavailable" beside it
    assert records[0].getMessage() == f"Database unavailable: GET /: {str(error).splitlines()[0]}"
    assert records[0].exc_info is None


def test_other_errors_are_still_errors(client):
    client.raise_request_exception = True
    with mock.patch.object(HomeView, "get_context_data", side_effect=ValueError("a bug")), \
            pytest.raises(ValueError):
        client.get("/")
