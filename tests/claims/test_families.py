"""Talking-point families: the wording over time, word by word, and the claim pages that link to them."""
import datetime
import html
import re

import pytest

from claims.views import FamilyDetailView
from claims.wording import word_diff
from tests.factories import ActorFactory, ClaimFactory, FamilyFactory, RemarkFactory

pytestmark = pytest.mark.django_db


def text_of(response):
    return response.content.decode()


def test_a_word_diff_marks_removed_and_added_words_and_escapes_them():
    diff = str(word_diff("The camps are <b>schools</b> & centers", "The camps are <i>vocational</i> centers"))
    assert diff == (
        'The camps are <del><span class="visually-hidden">removed: </span>&lt;b&gt;schools&lt;/b&gt; &amp;</del> '
        '<ins><span class="visually-hidden">added: </span>&lt;i&gt;vocational&lt;/i&gt;</ins> centers'
    )
    assert str(word_diff("same words", "same words")) == "same words"


def test_the_family_page_shows_every_remark_in_date_order_with_its_words_and_reports(seed, client):
    response = client.get("/families/vocational-training/")
    assert response.status_code == 200
    page = text_of(response)
    listed = page[page.index('id="remarks-h"'):]
    dates = re.findall(r'<li class="family-remark" id="remark-\d+">\s*<p class="meta"><span class="event-date">'
                       r'<a class="date" href="[^"]*"><time datetime="([\d-]+)">', listed)
    assert dates == ["2018-10-16", "2018-10-16", "2018-10-16", "2019", "2019-06-17", "2022-05"]
    assert "Every remark, in date order (6)" in listed
    # The speaker's own words, and a paraphrase marked as one, with the sources that report each.
    assert "“Education and learning centers in Xinjiang are schools that help people free themselves from " \
           "extremism.”" in listed
    assert "Reported, not quoted:</span> Beijing claims the “mind-transformation” camps are vocational centers" in listed
    assert "<cite>Uyghur Labor Camps in China: Published" in listed
    # Each wording against the one before: Wang Yi's 2019 words against Shohrat Zakir's of 2018.
    wang = listed[listed.index("Education and learning centers"):]
    diff = wang[wang.index('class="diff"'):wang.index("</p>", wang.index('class="diff"'))]
    assert "<del>" in diff and "<ins>" in diff and "schools" in diff


def test_the_family_page_shows_the_first_and_latest_wording_and_a_chart_per_year(seed, client):
    page = text_of(client.get("/families/vocational-training/"))
    ends = page[page.index('id="ends-h"'):page.index('id="variants-h"')]
    first, latest = ends.split('<span class="label">Latest</span>')
    assert "Shohrat Zakir" in first and "Thanks to the professional training" in first
    assert "Wang Yi" in latest and "schools that help people free themselves" in latest
    assert "From the first to the latest:" in ends
    chart = page[page.index('class="data-table year-chart"'):page.index("</table>")]
    headings = re.findall(r'<th scope="col">([^<]+)</th>', chart)
    assert headings == ["Wording", "2018", "2019", "2020", "2021", "2022", "All"]
    rows = {html.unescape(re.sub(r"<[^>]+>", "", row.split("</th>")[0])).strip()[:30]:
            re.findall(r'class="bar-count">([^<]+)<', row)
            for row in chart.split('<tr><th scope="row">')[1:]}
    assert rows == {
        "The centers are people-oriente": ["2", "·", "·", "·", "·"],
        "The camps in Xinjiang are voca": ["1", "1", "·", "·", "1"],
        "Xinjiang's education centers a": ["·", "1", "·", "·", "·"],
    }
    assert chart.count("<svg") == 5 and 'aria-hidden="true"' in chart  # the numbers are the text; bars decorate


def test_the_claim_page_links_to_its_family_and_its_first_remark(seed, client):
    page = text_of(client.get("/claims/camps-are-schools-freeing-people-from-extremism/"))
    line = page[page.index('class="family-line"'):page.index("</p>", page.index('class="family-line"'))]
    assert 'href="/families/vocational-training/">“Vocational training”</a>' in line
    assert '<time datetime="2018-10-16">16 Oct 2018</time>' in line
    assert "in another wording" in line  # said first in another variant than this one


def test_the_vocational_claim_is_first_seen_in_october_2018_as_its_glossary_term(seed, client):
    page = text_of(client.get("/claims/camps-are-vocational-training-centers/"))
    start = page.index('class="claim-header"')
    header = page[start:page.index("</header>", start)]
    assert 'first seen <a class="date" href="/timeline/?year=2018#y2018"><time datetime="2018-10-16">' in header
    glossary = text_of(client.get("/glossary/"))
    entry = glossary[glossary.index('id="vocational-education-and-training-centers"'):]
    assert '<time datetime="2018-10">Oct 2018</time>' in entry[:entry.index("</section>")]


def test_one_remark_in_three_reports_is_shown_once(seed, client):
    page = text_of(client.get("/claims/forced-labor-is-a-lie/"))
    claim_side = page[page.index('id="claim-side-h"'):page.index('id="counter-side-h"')]
    assert "Who said it, when (1)" in claim_side
    assert claim_side.count('class="appearance remark"') == 1
    assert "Reported by 3 sources:" in claim_side
    assert claim_side.count("<cite>") == 3
    # The words as the primary record gives them; each other report's own words beside its source.
    # (the words that carry a technique marked, as everywhere a quote is shown)
    assert '<blockquote cite="http://jo.china-embassy.gov.cn/eng/fyrth/202101/t20210114_1979685.htm">\n      ' \
           '<p>&quot;Forced labor&quot; is the biggest <mark class="technique-span"' in claim_side
    assert 'href="http://jo.china-embassy.gov.cn/eng/fyrth/202101/t20210114_1979685.htm" rel="noopener noreferrer">' \
           "primary record</a>" in claim_side
    assert re.search(r"prints “<mark [^>]*>lie of the century</mark>.*?”</li>", claim_side)
    assert "said once, in 3 reports" in page


def test_family_words_are_escaped_everywhere_and_diffed_across_pages(client, monkeypatch):
    monkeypatch.setattr(FamilyDetailView, "per_page", 2)
    family = FamilyFactory(slug="hostile", name="<script>alert(1)</script>")
    claim = ClaimFactory(family=family, text="A <b>claim</b>")
    speaker = ActorFactory(name="Speaker <i>")
    for n, words in enumerate(["They are <b>schools</b>", "They are <i>centers</i>", "They are centers"]):
        RemarkFactory(claim=claim, speaker=speaker, words=words, date=datetime.date(2019 + n, 1, 1))
    first = text_of(client.get("/families/hostile/"))
    assert "<script>" not in first and "&lt;script&gt;alert(1)&lt;/script&gt;" in first
    assert "<b>schools</b>" not in first and "&lt;b&gt;schools&lt;/b&gt;" in first
    assert "<i>centers</i>" not in first and "Speaker <i>" not in first
    second = client.get("/families/hostile/", {"page": "2"})
    page = text_of(second)
    assert second.status_code == 200 and page.count('class="family-remark"') == 1
    # The first remark of page 2 is compared with the last of page 1.
    assert '<del><span class="visually-hidden">removed: </span>&lt;i&gt;centers&lt;/i&gt;</del>' in page
    assert client.get("/families/hostile/", {"page": "x"}).status_code == 400
    assert client.get("/families/hostile/", {"page": "9"}).status_code == 404
    assert client.get("/families/nothing/").status_code == 404


def test_the_families_index_lists_each_family_with_its_wordings_and_years(seed, client):
    page = text_of(client.get("/families/"))
    entry = page[page.index('href="/families/vocational-training/"'):]
    entry = entry[:entry.index("</li>")]
    assert "3 wordings" in entry and "said 6 times" in entry and "2018–2022" in entry
    assert page.count('class="claim-item"') == 6


def test_a_family_with_no_remark_yet_has_a_page(client):
    family = FamilyFactory(slug="new")
    ClaimFactory(family=family, text="Not said yet")
    page = text_of(client.get("/families/new/"))
    assert "Not said yet" in page and "No remark of these wordings is recorded yet." in page
