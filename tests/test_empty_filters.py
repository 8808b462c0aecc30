"""An empty slug filter (topic=, speaker=, technique=) gets the same answer from the page, its CSV and the API."""
import re

import pytest

pytestmark = pytest.mark.django_db


def page_messages(response):
    html = response.content.decode()
    return sorted(re.sub(r"<[^>]+>", "", item).split(": ", 1)[-1].strip()
                  for item in re.findall(r"<li>(.*?)</li>", html[html.index('role="alert"'):]))


def test_page_csv_and_api_agree_on_an_empty_slug_filter(seed, client):
    for query in ["topic=", "speaker=", "technique=", "topic=&technique=", "topic=&topic=mass-detention"]:
        page = client.get(f"/claims/?{query}")
        csv = client.get(f"/claims/export.csv?{query}")
        api = client.get(f"/api/claims/?{query}")
        assert page.status_code == csv.status_code == api.status_code, query
        if api.status_code == 400:
            api_messages = sorted(m for messages in api.json().values() for m in messages)
            csv_messages = sorted(e["message"] for errors in csv.json()["errors"].values() for e in errors)
            assert page_messages(page) == api_messages == csv_messages, query
        else:
            assert [c.slug for c in page.context["claims"]] == [c["slug"] for c in api.json()["results"]][:20]


def test_other_empty_filters_mean_any_on_page_and_api(seed, client):
    for name in ["verdict", "language", "speaker_country", "speaker_kind", "role", "has_evidence", "sort", "q",
                 "said_after"]:
        page = client.get(f"/claims/?{name}=")
        api = client.get(f"/api/claims/?{name}=")
        assert page.status_code == api.status_code == 200, name
        assert page.context["total"] == api.json()["count"] == 40, name
