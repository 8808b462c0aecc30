"""A claim said hundreds of times: its page prints the first REMARKS_SHOWN remarks, the rest are a click away on
its remarks pages, and every remark keeps an address that leads to it."""
import datetime
import json
import re

import pytest
from django.urls import reverse

from claims.models import ANSWERS_PER_PAGE, REMARKS_SHOWN, Status
from tests.factories import ClaimFactory, EvidenceFactory, RebuttalFactory, RemarkFactory, ReviewFactory

pytestmark = pytest.mark.django_db

EXTRA = 5


def remark_ids(html):
    return [int(pk) for pk in re.findall(r'<li class="appearance remark" id="remark-(\d+)">', html)]


@pytest.fixture
def much_said():
    """A claim said REMARKS_SHOWN + EXTRA times, one remark a month from Jan 2015, and one undated remark."""
    claim = ClaimFactory(text="The centres are schools", slug="much-said")
    dated = [RemarkFactory(claim=claim, date=datetime.date(2015 + n // 12, n % 12 + 1, 1), words=f"Said in month {n}.")
             for n in reversed(range(REMARKS_SHOWN + EXTRA - 1))]  # created latest first: the order is the date's
    undated = RemarkFactory(claim=claim, date=None, date_precision="", words="Said, nobody knows when.")
    claim.refresh_from_db()
    return claim, sorted(dated, key=lambda r: r.date) + [undated]


def test_the_claim_page_prints_the_first_remarks_and_links_to_all_of_them(client, much_said):
    claim, remarks = much_said
    html = client.get(claim.get_absolute_url()).content.decode()
    assert remark_ids(html) == [r.pk for r in remarks[:REMARKS_SHOWN]]
    assert f"Who said it, when ({REMARKS_SHOWN + EXTRA})" in html
    assert f'<a href="/claims/much-said/remarks/">All {REMARKS_SHOWN + EXTRA} remarks, earliest first</a>' in html
    assert f"It marks the first {REMARKS_SHOWN} of the claim's {REMARKS_SHOWN + EXTRA} remarks" in html


def test_the_remarks_pages_hold_every_remark_in_date_order_undated_last(client, much_said):
    claim, remarks = much_said
    first = client.get("/claims/much-said/remarks/").content.decode()
    second = client.get("/claims/much-said/remarks/", {"page": 2}).content.decode()
    assert remark_ids(first) + remark_ids(second) == [r.pk for r in remarks]
    assert f"Remarks {REMARKS_SHOWN + 1}–{REMARKS_SHOWN + EXTRA} of {REMARKS_SHOWN + EXTRA}" in second
    assert 'aria-label="Pages of remarks"' in first
    assert second.count('<details class="cite">') == EXTRA, "each remark can still be cited"


def test_a_remark_s_address_leads_to_the_page_that_holds_it(client, much_said):
    claim, remarks = much_said
    late, undated, early = remarks[REMARKS_SHOWN + 1], remarks[-1], remarks[0]
    assert late.get_absolute_url() == f"/claims/much-said/remarks/{late.pk}/"
    assert client.get(late.get_absolute_url())["Location"] == f"/claims/much-said/remarks/?page=2#remark-{late.pk}"
    assert client.get(undated.get_absolute_url())["Location"] == f"/claims/much-said/remarks/?page=2#remark-{undated.pk}"
    assert client.get(early.get_absolute_url())["Location"] == f"/claims/much-said/remarks/#remark-{early.pk}"
    # A claim that prints all its remarks keeps them on its own page.
    few = RemarkFactory()
    assert few.get_absolute_url() == f"{few.claim.get_absolute_url()}#remark-{few.pk}"
    assert client.get(f"/claims/much-said/remarks/{few.pk}/").status_code == 404, "not a remark of this claim"


def test_bad_pages_and_hidden_claims_answer_as_the_claim_page_does(client, much_said):
    claim, remarks = much_said
    assert client.get("/claims/much-said/remarks/", {"page": "x"}).status_code == 400
    missing = client.get("/claims/much-said/remarks/", {"page": 9})
    assert missing.status_code == 404 and "There is no page 9" in missing.content.decode()
    draft = ClaimFactory(slug="draft", status=Status.DRAFT, published_at=None)
    hidden = RemarkFactory(claim=draft, words="Draft words nobody may read.")
    assert client.get("/claims/draft/remarks/").status_code == 404
    assert client.get(f"/claims/draft/remarks/{hidden.pk}/").status_code == 404
    claim.status, claim.withdrawn_reason = Status.WITHDRAWN, "A duplicate."
    claim.withdrawn_at = claim.published_at
    claim.save()
    assert client.get("/claims/much-said/remarks/").status_code == 410
    assert client.get(remarks[-1].get_absolute_url()).status_code == 410


def test_answers_said_many_times_are_cut_short_and_cited_on_their_own_pages(client, much_said):
    claim, remarks = much_said
    point = ClaimFactory(slug="point", text="Nothing happened there")
    RebuttalFactory(rebutted=point, counterclaim=claim)
    evidence = EvidenceFactory(claim=claim, excerpt="A leaked list of detainees.")
    page = client.get("/claims/point/").content.decode()
    assert remark_ids(page) == [r.pk for r in remarks[:REMARKS_SHOWN]]
    assert f"and {EXTRA} more</summary>" in page
    assert "To cite these remarks, open" in page
    item = page[page.index(f'id="evidence-{evidence.pk}"'):]
    assert '<details class="cite">' in item[:item.index("</li>")], "a direct answer's evidence is cited here"
    compare = client.get(reverse("claims:compare", args=["point", "much-said"])).content.decode()
    item = compare[compare.index(f'id="evidence-{evidence.pk}"'):]
    assert '<details class="cite">' not in item[:item.index("</li>")], "side by side, citations are on the claim pages"


def test_compare_counts_every_answer_and_links_to_those_it_leaves_out(client):
    point = ClaimFactory(slug="point")
    ClaimFactory(slug="other")
    for n in range(ANSWERS_PER_PAGE + 2):
        RebuttalFactory(rebutted=point, counterclaim=ClaimFactory(text=f"Answer {n:02d}"))
    point.refresh_from_db()
    html = client.get(reverse("claims:compare", args=["point", "other"])).content.decode()
    assert f"What answers it ({ANSWERS_PER_PAGE + 2})" in html
    assert (f"The first {ANSWERS_PER_PAGE} here, A–Z: all {ANSWERS_PER_PAGE + 2} on the claim's page"
            in html)


def test_the_page_s_claimreview_names_the_remarks_it_prints_and_claimreview_json_names_all(client, much_said):
    claim, remarks = much_said
    ReviewFactory(claim=claim)  # our own review: the page carries its ClaimReview
    html = client.get(claim.get_absolute_url()).content.decode()
    in_page = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    full = json.loads(client.get(f"{claim.get_absolute_url()}claimreview.json").content)
    # Each remark is reported by a source of its own (RemarkFactory).
    assert len(in_page["itemReviewed"]["appearance"]) == REMARKS_SHOWN
    assert len(full["itemReviewed"]["appearance"]) == REMARKS_SHOWN + EXTRA
    assert in_page["itemReviewed"]["firstAppearance"] == full["itemReviewed"]["firstAppearance"]
