"""/methodology/: how claims are chosen, the verdict scale with how many claims carry each verdict, the evidence
rubric, the corrections policy and who edits; every verdict badge links to its line of the scale."""
import re
from html import unescape

import pytest
from django.urls import reverse

from claims.models import (
    EVIDENCE_KIND_DESCRIPTIONS,
    STRENGTH_DESCRIPTIONS,
    VERDICT_DESCRIPTIONS,
    Claim,
    EvidenceKind,
    Strength,
    Verdict,
)
from tests.factories import ActorFactory, ClaimFactory, ReviewFactory, build_world

pytestmark = pytest.mark.django_db
URL = "/methodology/"


def page(client, url=URL):
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(unescape(response.content.decode()).split())  # one space where the template breaks a line


def count_shown(html, verdict):
    row = re.search(rf'<tr id="verdict-{verdict}">(.*?)</tr>', html, re.S).group(1)
    return int(re.search(r"<td>(\d+) claims?</td>", row).group(1))


def test_the_url_is_methodology():
    assert reverse("claims:methodology") == URL


def test_it_explains_choosing_rating_grading_correcting_and_editing(client):
    html = page(client)
    for heading in ("How claims are chosen", "The verdict scale", "How evidence is graded", "Corrections policy",
                    "Who edits"):
        assert re.search(rf"<h2 id=\"[a-z-]+\">{heading}</h2>", html), heading
    for verdict in Verdict:
        assert f'<span class="verdict verdict-{verdict.value}">{verdict.label}</span>' in html
        assert VERDICT_DESCRIPTIONS[verdict] in html
        assert f"<td>{Verdict.rating_value(verdict)} of 5</td>" in html
    for choices, descriptions in ((Strength, STRENGTH_DESCRIPTIONS), (EvidenceKind, EVIDENCE_KIND_DESCRIPTIONS)):
        for choice in choices:
            assert f">{choice.label}</dt><dd>{descriptions[choice]}</dd>" in html
    for kind in ("Correction", "Update", "Clarification", "Housekeeping"):
        assert f"<dt>{kind}</dt>" in html
    assert "These are not shown to readers." in html
    assert ('on each claim\'s history page and on <a href="/corrections/">our corrections page</a>, which has '
            '<a href="/feeds/corrections/">an Atom feed</a>') in html
    assert "a second person, not its author, has signed it off" in html


def test_every_choice_has_its_description():
    assert set(VERDICT_DESCRIPTIONS) == set(Verdict)
    assert set(STRENGTH_DESCRIPTIONS) == set(Strength)
    assert set(EVIDENCE_KIND_DESCRIPTIONS) == set(EvidenceKind)


def test_each_verdict_counts_the_claims_we_gave_it(seed, client):
    expected = {verdict: 0 for verdict in Verdict.values}
    for claim in Claim.objects.with_reviews():
        if claim.verdict:
            expected[claim.verdict] += 1
    assert sum(expected.values()) == 40 and expected["false"] > 0  # the seed: every claim has our review
    html = page(client)
    assert {verdict: count_shown(html, verdict) for verdict in Verdict.values} == expected
    # Another fact-checker's rating is not ours: it counts for nothing here. A claim we rate counts once.
    ReviewFactory(claim=Claim.objects.first(), reviewer=ActorFactory(), verdict="accurate", url="https://x.example/1")
    ClaimFactory(verdict="accurate")
    assert count_shown(page(client), "accurate") == expected["accurate"] + 1


@pytest.mark.parametrize("size", [1, 4])
def test_the_counts_are_one_query_whatever_the_number_of_reviews(client, django_assert_num_queries, size):
    build_world(size)
    with django_assert_num_queries(3):  # SAVEPOINT and RELEASE (ATOMIC_REQUESTS), one aggregate
        html = page(client)
    assert count_shown(html, "false") == size


def test_every_verdict_badge_links_to_its_meaning(seed, client):
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    badge = f'<a class="verdict verdict-{claim.verdict}" href="/methodology/#verdict-{claim.verdict}"'
    other = Claim.objects.get(slug="camps-are-schools-freeing-people-from-extremism")
    for url in (claim.get_absolute_url(), "/claims/", "/claims/?q=forced+labor", "/",
                reverse("claims:compare", args=[claim.slug, other.slug])):
        assert badge in page(client, url), url
    assert f'id="verdict-{claim.verdict}"' in page(client)
    # The claim page's reviews say where the scale is explained.
    assert '<a href="/methodology/#verdicts">What our verdicts mean, and how we rate claims</a>' in page(
        client, claim.get_absolute_url())


def test_another_fact_checkers_rating_links_to_our_scale_or_to_how_we_show_theirs(client):
    mapped = ReviewFactory(reviewer=ActorFactory(name="Misbar"), verdict="misleading", rating_label="مضلل",
                           url="https://misbar.example/1")
    unmapped = ReviewFactory(reviewer=ActorFactory(name="Check"), verdict="", rating_label="Three Pinocchios",
                             url="https://check.example/1")
    assert '<a class="verdict verdict-misleading" href="/methodology/#verdict-misleading">' in page(
        client, mapped.claim.get_absolute_url())
    html = page(client, unmapped.claim.get_absolute_url())
    assert '<a class="verdict verdict-none" href="/methodology/#other-reviewers">' in html
    assert 'id="other-reviewers"' in page(client)


def test_every_page_links_it_in_the_footer(seed, client):
    for url in ("/", "/glossary/", "/actors/", URL):
        footer = page(client, url).split('<footer class="site-footer">')[1]
        assert '<a href="/methodology/">Methodology: how we choose, rate and correct</a>' in footer
