"""What an outside probe sent and got a 500 or a password check for: now a 400 or a 200, never a 500 or a 403."""
import base64

import pytest

pytestmark = pytest.mark.django_db

BASIC = "Basic " + base64.b64encode(b"admin:hunter2").decode()

CASES = [
    # (url, headers, expected status)
    ("/claims/?q=" + "-" * 33, {}, 400),
    ("/claims/?q=" + "-%20" * 33, {}, 400),
    ("/claims/export.csv?q=" + "-" * 33, {}, 400),
    ("/api/claims/?q=" + "-" * 33, {}, 400),
    ("/api/schema/?version=%0a", {}, 200),
    ("/api/schema/?version=%00", {}, 200),
    ("/api/schema/?version=%0d%0a", {}, 200),
    ("/api/schema/?version=1.0.0%0d%0aSet-Cookie:%20x=1", {}, 200),
    ("/api/schema/?lang=%0a", {}, 200),
    ("/api/schema/?lang=xx-%00", {}, 200),
    ("/api/", {"HTTP_AUTHORIZATION": BASIC}, 200),
    ("/api/claims/", {"HTTP_AUTHORIZATION": BASIC}, 200),
    ("/api/schema/", {"HTTP_AUTHORIZATION": BASIC}, 200),
]


@pytest.mark.parametrize("url, headers, status", CASES, ids=[c[0][:60] for c in CASES])
def test_hostile_requests_get_a_clean_answer(client, url, headers, status):
    response = client.get(url, **headers)
    assert response.status_code == status, response.content[:300]


@pytest.mark.parametrize("version", ["\n", "\x00", "\r\n", "1.0.0", "2"])
def test_the_schema_ignores_version(client, version):
    plain = client.get("/api/schema/?format=json")
    response = client.get("/api/schema/", {"version": version, "format": "json"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == plain["Content-Disposition"] == 'inline; filename="Counterclaim API.json"'
    assert response.json() == plain.json()
