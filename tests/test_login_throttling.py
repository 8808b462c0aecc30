"""Admin logins are throttled by django-axes: repeated failures lock out that username from that address."""
import logging

import pytest

pytestmark = pytest.mark.django_db
LOGIN = "/admin/login/?next=/admin/"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.org", "the-right-password")


def login(client, password, username="editor", address="203.0.113.5"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_the_right_password_logs_in(client, editor):
    response = login(client, "the-right-password")
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_sixty_wrong_passwords_then_the_right_one_does_not_log_in(client, editor, caplog, settings):
    with caplog.at_level(logging.INFO, logger="axes"):
        statuses = {login(client, f"guess-{n}").status_code for n in range(60)}
        response = login(client, "the-right-password")
    assert statuses <= {200, 429}  # the form again, then the lockout page
    assert response.status_code == 429
    page = response.content.decode()
    assert "Too many failed logins" in page and "locked" in page
    assert client.get("/admin/").status_code == 302  # still not logged in: sent to the login page
    failures = [r for r in caplog.records if "login failure" in r.getMessage() and r.levelno >= logging.WARNING]
    assert len(failures) >= settings.AXES_FAILURE_LIMIT  # each failure is logged, as a warning


def test_the_lockout_starts_after_a_handful_of_failures(client, editor, settings):
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(client, f"guess-{n}").status_code == 200  # the form, with its error
    assert login(client, "the-right-password").status_code == 302  # still below the limit
    client.logout()
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"guess-{n}")
    assert login(client, "the-right-password").status_code == 429


def test_a_lockout_is_per_username_and_address(client, editor, django_user_model, settings):
    django_user_model.objects.create_superuser("other", "other@example.org", "other-right-password")
    for n in range(settings.AXES_FAILURE_LIMIT):
        login(client, f"guess-{n}")
    assert login(client, "the-right-password").status_code == 429
    # The same username from another address, and another username from the same one, can still log in.
    assert login(client, "the-right-password", address="198.51.100.9").status_code == 302
    client.logout()
    assert login(client, "other-right-password", username="other").status_code == 302
