"""Reviews on the pages, in the API and the CSV, and the reviewer / rating / verdict filters."""
import csv
import datetime
import io
import json
import re

import pytest

from tests.factories import ActorFactory, ClaimFactory, ReviewFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewed():
    """One claim reviewed by us, by Misbar (in Arabic) and by a checker whose label we do not map."""
    claim = ClaimFactory(slug="power-cut", text="All of Europe lost power today", verdict="false",
                         verdict_explanation="Only Spain and Portugal did.", reviewed_on="2025-04-29")
    misbar = ActorFactory(slug="misbar", name="Misbar", kind="independent-media", website="https://misbar.com")
    ReviewFactory(claim=claim, reviewer=misbar, url="https://misbar.com/factcheck/1", title="الكهرباء انقطعت",
                  language="ar", rating_label="مضلل", verdict="misleading", explanation="",
                  published=datetime.date(2021, 3, 3))
    ReviewFactory(claim=claim, reviewer=ActorFactory(slug="satire-watch", name="Satire Watch"),
                  url="https://satire.example/2", rating_label="Satire", verdict="", explanation="",
                  published=datetime.date(2021, 3, 5))
    ClaimFactory(slug="other", text="Something else")
    return claim


def test_the_page_shows_every_review_with_its_original_label(client, reviewed):
    html = client.get("/claims/power-cut/").content.decode()
    assert ('Rated Misleading (<span lang="ar">مضلل</span>) by Misbar, '
            '<time datetime="2021-03-03">3 Mar 2021</time>.') in html
    assert 'Rated <span>Satire</span> by Satire Watch, <time datetime="2021-03-05">5 Mar 2021</time>.' in html
    assert 'Rated False by us (Counterclaim), <time datetime="2025-04-29">29 Apr 2025</time>.' in html
    assert '<a href="https://misbar.com/factcheck/1" hreflang="ar"><span lang="ar">الكهرباء انقطعت</span></a>' in html
    assert "Verdict: False" in html  # our verdict heads the page
    # The page's JSON-LD is our own review only.
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(script)
    assert data["author"]["name"] == "Counterclaim" and data["reviewRating"]["alternateName"] == "False"


def test_a_claim_only_others_reviewed_shows_their_rating_and_publishes_no_jsonld_of_ours(client):
    claim = ClaimFactory(slug="only-misbar")
    ReviewFactory(claim=claim, reviewer=ActorFactory(name="Misbar"), url="https://misbar.com/2", rating_label="زائف",
                  verdict="false", language="ar")
    html = client.get("/claims/only-misbar/").content.decode()
    assert 'Rated False (<span lang="ar">زائف</span>) by Misbar</a>' in html  # the verdict badge, linked to /methodology/
    assert "application/ld+json" not in html
    assert client.get("/claims/only-misbar/claimreview.json").status_code == 404
    listing = client.get("/claims/").content.decode()
    assert 'Rated False (<span lang="ar">زائف</span>) by Misbar' in listing


def slugs(client, query):
    return sorted(c["slug"] for c in client.get(f"/api/claims/?{query}").json()["results"])


@pytest.mark.parametrize("query,expected", [
    ("reviewer=misbar", ["power-cut"]),
    ("reviewer=counterclaim", ["power-cut"]),
    ("reviewer=misbar&reviewer=satire-watch", ["power-cut"]),
    ("rating=مضلل", ["power-cut"]),
    ("rating=satire", ["power-cut"]),  # any case
    ("rating=Pants on Fire", []),
    ("verdict=misleading", ["power-cut"]),  # any review's verdict, not only ours
    ("verdict=false", ["power-cut"]),
    ("verdict=accurate", []),
])
def test_reviewer_rating_and_verdict_filters_on_the_api_page_and_csv(client, reviewed, query, expected):
    assert slugs(client, query) == expected
    page = client.get(f"/claims/?{query}")
    assert page.status_code == 200
    assert f"{len(expected)} claim" in page.content.decode()
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get(f"/claims/export.csv?{query}").streaming_content).decode())))
    assert len(rows) == len(expected)


def test_an_unknown_reviewer_is_a_400_with_a_message(client, reviewed):
    response = client.get("/api/claims/?reviewer=nobody")
    assert response.status_code == 400 and "reviewer" in response.json()


def test_the_verdict_facet_counts_claims_by_any_review(client, reviewed):
    html = client.get("/claims/").content.decode()
    facet = html.split('id="facet-verdict-h"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"False</span> <span class=\"facet-count\">1<", facet)
    assert re.search(r"Misleading</span> <span class=\"facet-count\">1<", facet)


def test_the_api_lists_every_review_with_its_rating_as_published(client, reviewed):
    data = client.get("/api/claims/power-cut/").json()
    assert (data["verdict"], data["verdict_explanation"], data["reviewed_on"]) == (
        "false", "Only Spain and Portugal did.", "2025-04-29")
    reviews = {r["reviewer"]["slug"]: r for r in data["reviews"]}
    assert reviews["misbar"]["rating"] == {"label": "مضلل", "value": None, "best": None, "worst": None}
    assert (reviews["misbar"]["verdict"], reviews["misbar"]["language"]) == ("misleading", "ar")
    assert reviews["satire-watch"]["verdict"] == "" and reviews["satire-watch"]["rating"]["label"] == "Satire"
    assert data["reviews"][0]["reviewer"]["slug"] == "counterclaim"  # ours first


def test_the_csv_names_every_reviewer(client, reviewed):
    rows = list(csv.DictReader(io.StringIO(b"".join(client.get("/claims/export.csv?reviewer=misbar").streaming_content).decode())))
    assert rows[0]["verdict"] == "False"
    assert rows[0]["reviews"] == "Counterclaim: False; Satire Watch: Satire; Misbar: Misleading (مضلل)"
