"""The public API takes no credentials (no password oracle) and throttles anonymous use per address."""
import base64
from unittest import mock

import pytest
from django.contrib.auth import hashers
from django.core.cache import cache
from rest_framework.throttling import SimpleRateThrottle

pytestmark = pytest.mark.django_db


def basic(username, password):
    return "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()


@pytest.fixture
def hasher_calls():
    """Every use of a password hasher (hashing or checking a password) in the test, counted."""
    with mock.patch.object(hashers, "get_hasher", wraps=hashers.get_hasher) as get_hasher, \
            mock.patch.object(hashers, "identify_hasher", wraps=hashers.identify_hasher) as identify_hasher:
        yield lambda: get_hasher.call_count + identify_hasher.call_count


def test_the_spy_sees_a_password_check(django_user_model, hasher_calls):
    user = django_user_model.objects.create_user("editor", password="right-password")
    before = hasher_calls()
    assert not user.check_password("wrong")
    assert hasher_calls() > before


@pytest.mark.parametrize("password", ["right-password", "wrong-password"])
def test_a_basic_header_is_ignored_not_checked(seed, client, django_user_model, hasher_calls, password):
    django_user_model.objects.create_user("editor", password="right-password")
    before = hasher_calls()
    for url in ["/api/", "/api/claims/", "/api/claims/forced-labor-is-a-lie/", "/api/actors/"]:
        response = client.get(url, HTTP_AUTHORIZATION=basic("editor", password))
        assert response.status_code == 200, url
        assert "WWW-Authenticate" not in response
    assert hasher_calls() == before  # no password was hashed or compared


def test_other_authorization_headers_are_ignored_too(client):
    for header in ["Bearer abc", "Token abc", "Basic !!!not-base64", "Basic " + base64.b64encode(b"no-colon").decode()]:
        assert client.get("/api/topics/", HTTP_AUTHORIZATION=header).status_code == 200, header


def test_anonymous_use_is_throttled_per_address(client, monkeypatch, settings):
    assert settings.REST_FRAMEWORK["DEFAULT_THROTTLE_CLASSES"] == ["rest_framework.throttling.AnonRateThrottle"]
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    cache.clear()
    try:
        statuses = [client.get("/api/topics/").status_code for _ in range(4)]
        other_address = client.get("/api/topics/", REMOTE_ADDR="192.0.2.7").status_code
        throttled = client.get("/api/topics/")
    finally:
        cache.clear()
    assert statuses == [200, 200, 200, 429]
    assert other_address == 200
    assert throttled.status_code == 429 and "Retry-After" in throttled
    assert "throttled" in throttled.json()["detail"].lower()


def test_the_production_rate_is_generous_enough_for_a_reader():
    from tracker.settings import base

    count, period = base.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["anon"].split("/")
    assert period.startswith("min") and int(count) >= 60
