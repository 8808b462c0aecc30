"""Security headers an outside scan looks for, and one log line for a bad Host header."""
import io
import logging

import pytest

pytestmark = pytest.mark.django_db


def directives(csp):
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in csp.split(";")) if part}


@pytest.mark.parametrize("url", ["/", "/claims/", "/api/claims/", "/api/schema/", "/no-such-page/"])
def test_every_response_has_a_strict_csp_and_a_resource_policy(client, url):
    response = client.get(url)
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = response["Content-Security-Policy"]
    assert csp.startswith("default-src 'none'")
    policy = directives(csp)
    for name in ("script-src", "style-src", "img-src", "font-src", "connect-src", "form-action"):
        assert "'self'" in policy[name], name
    assert policy["frame-ancestors"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert not any("unsafe" in value for values in policy.values() for value in values)


def test_a_bad_host_header_is_a_400_and_one_log_line(client):
    logger = logging.getLogger("django.security.DisallowedHost")
    stream = io.StringIO()
    handler = logger.handlers[0]
    old_stream = handler.setStream(stream)
    try:
        response = client.get("/", HTTP_HOST="evil.example.com")
    finally:
        handler.setStream(old_stream)
    assert response.status_code == 400
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1, lines
    assert "Invalid HTTP_HOST header: 'evil.example.com'" in lines[0]
    assert "Traceback" not in stream.getvalue()
