"""Glossary pages: a framing term with its script, pinyin, first use, plain term and every quote that uses it."""
import re

import pytest
from django.core.exceptions import ValidationError

from claims.models import Claim, FramingTerm
from tests.factories import ClaimFactory, FramingTermFactory, RemarkFactory, build_world

pytestmark = pytest.mark.django_db


def test_a_terms_page_shows_script_pinyin_first_use_and_plain_term(seed, client):
    response = client.get("/glossary/round-up-everyone/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>“round up everyone who should be rounded up”</h1>" in html
    assert '<span lang="zh" class="original-script">应收尽收</span>' in html
    assert '<dd lang="zh-Latn-pinyin">yīng shōu jìn shōu</dd>' in html
    assert '<time datetime="2017-02">Feb 2017</time>' in html
    assert "SupChina (November 2019), summarising the Xinjiang Papers" in html  # the basis of that date
    assert "<strong>arbitrary mass detention quotas</strong>" in html


def test_a_terms_page_lists_every_remark_of_its_claims_in_date_order_with_who_where_and_the_claim(seed, client):
    term = FramingTerm.objects.get(slug="vocational-education-and-training-centers")
    html = client.get(term.get_absolute_url()).content.decode()
    listed = html[html.index('id="quotes-h"'):]
    dates = re.findall(r'<time datetime="([0-9-]+)">', listed)
    expected = list(term.claims.values_list("remarks__date", flat=True).order_by("remarks__date", "remarks__pk"))
    assert len(dates) == len(expected) == 6  # Shohrat Zakir's interview, reported twice, is one remark
    assert [d[:7] for d in dates] == [d.isoformat()[:7] for d in expected]
    assert dates == sorted(dates)
    # Who said it, where it is printed, and the claim it belongs to.
    assert '<a href="/actors/shohrat-zakir/">Shohrat Zakir</a>, interview with Xinhua' in listed
    assert "/sources/hua-camps-no-different-2018/" in listed
    claim = Claim.objects.get(slug="trainees-reformed-by-people-oriented-training")
    assert f'claim: <a href="{claim.get_absolute_url()}#remark-' in listed
    assert "in “<mark>vocational training camps</mark>”" not in listed  # other words are not the term's
    assert "(6)" in html


def test_the_terms_own_words_are_marked_in_the_quotes(seed, client):
    html = client.get("/glossary/schools/").content.decode()
    assert "are <mark>schools</mark> that help people free themselves from extremism" in html


def test_unknown_terms_and_bad_pages_are_404_and_400_with_a_message(seed, client):
    assert client.get("/glossary/no-such-term/").status_code == 404
    response = client.get("/glossary/schools/", {"page": "two"})
    assert response.status_code == 400 and 'role="alert"' in response.content.decode()
    assert client.get("/glossary/schools/", {"page": "9"}).status_code == 404


def test_the_glossary_and_claim_pages_link_to_each_terms_page(seed, client):
    glossary = client.get("/glossary/").content.decode()
    for term in FramingTerm.objects.all():
        assert f'href="/glossary/{term.slug}/"' in glossary
    assert '<span lang="zh-Latn-pinyin" class="pinyin">zhíyè jìnéng jiàoyù péixùn zhōngxīn</span>' in glossary
    claim_page = client.get("/claims/camps-are-vocational-training-centers/").content.decode()
    assert 'href="/glossary/vocational-education-and-training-centers/"' in claim_page
    search = client.get("/search/", {"q": "trainees"}).content.decode()
    assert 'href="/glossary/trainees/"' in search


def test_hostile_term_text_is_escaped(client):
    term = FramingTermFactory(term="<script>alert(1)</script>", plain_term="<b>plain</b>",
                              explanation="<img src=x onerror=alert(1)>")
    remark = RemarkFactory(words="It said <script>alert(1)</script> twice.")
    remark.claim.framing_terms.add(term)
    html = client.get(term.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html and "<b>plain</b>" not in html and "<img src=x" not in html
    assert "It said <mark>&lt;script&gt;alert(1)&lt;/script&gt;</mark> twice." in html


def test_pinyin_belongs_to_terms_written_in_chinese():
    term = FramingTermFactory.build(slug="x", term="x", pinyin="xuéyuán")
    with pytest.raises(ValidationError, match="Pinyin reads Chinese characters"):
        term.full_clean()
    term.original_script, term.original_language = "学员", "zh"
    term.full_clean()


@pytest.mark.parametrize("size", [1, 4])
def test_a_terms_page_costs_the_same_queries_at_any_size(client, django_assert_num_queries, size):
    points = build_world(size)
    term = points[0].framing_terms.get()
    for _ in range(size):
        term.claims.add(ClaimFactory())
    # savepoint, release; the term, the count of its remarks, a page of them with speaker and claim, their
    # reports with their sources; when it was added and last corrected (its history)
    with django_assert_num_queries(8):
        response = client.get(term.get_absolute_url())
    assert response.status_code == 200
    assert response.content.decode().count('class="event ') == 3 * size
