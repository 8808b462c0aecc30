"""'Cite': each quote, each piece of evidence and each claim in APA, Chicago, MLA, BibTeX and RIS."""
import datetime
import re

import pytest
from django.utils import timezone

from claims import citations
from claims.models import Appearance, Claim, Evidence, Remark
from tests.factories import ClaimFactory, EvidenceFactory, RemarkFactory, SourceFactory

pytestmark = pytest.mark.django_db

ACCESSED = datetime.date(2026, 11, 24)
SITE = "https://counterclaim.example"
TRANSCRIPT = "http://jo.china-embassy.gov.cn/eng/fyrth/202101/t20210114_1979685.htm"
WORDS = ('"Forced labor" is the biggest lie of the century made by persons and agencies in some Western countries '
         "including the United States")
CONTAINER = "Foreign Ministry Spokesperson Zhao Lijian's Regular Press Conference on January 14, 2021"


@pytest.fixture
def zhao(seed):
    """Zhao Lijian's 14 Jan 2021 remark as the ministry's own transcript records it, cited on 24 Nov 2026."""
    appearance = Appearance.objects.for_page().get(
        remark__claim__slug="forced-labor-is-a-lie", source__slug="mfa-press-conference-2021-01-14")
    permalink = f"{SITE}/claims/forced-labor-is-a-lie/#appearance-{appearance.pk}"
    return appearance, permalink, citations.cite(citations.for_appearance(appearance, permalink, ACCESSED))


def test_a_seeded_remark_in_every_format(zhao):
    appearance, permalink, cite = zhao
    assert cite.short == "Zhao Lijian, Foreign Ministry regular press conference, 14 Jan 2021"
    assert cite.apa == (
        f"Zhao Lijian. (2021, January 14). “‘Forced labor’ is the biggest lie of the century made by persons and "
        "agencies in some Western countries including the United States” [Foreign Ministry regular press conference]. "
        f"In {CONTAINER} (answer to Bloomberg). Ministry of Foreign Affairs of the PRC. {TRANSCRIPT} "
        f"(quoted in Counterclaim, retrieved November 24, 2026, from {permalink})"
    )
    assert cite.chicago == (
        "Zhao Lijian. “‘Forced labor’ is the biggest lie of the century made by persons and agencies in some Western "
        "countries including the United States.” Foreign Ministry regular press conference, January 14, 2021. "
        f"{CONTAINER}, answer to Bloomberg. Ministry of Foreign Affairs of the PRC. {TRANSCRIPT}. "
        f"Quoted in Counterclaim. Accessed November 24, 2026. {permalink}."
    )
    assert cite.mla == (
        "Zhao Lijian. “‘Forced labor’ is the biggest lie of the century made by persons and agencies in some Western "
        "countries including the United States.” Foreign Ministry regular press conference, 14 Jan. 2021. "
        f"{CONTAINER}, Ministry of Foreign Affairs of the PRC, answer to Bloomberg, "
        "jo.china-embassy.gov.cn/eng/fyrth/202101/t20210114_1979685.htm. "
        f"Quoted in Counterclaim, counterclaim.example/claims/forced-labor-is-a-lie/#appearance-{appearance.pk}. "
        "Accessed 24 Nov. 2026."
    )
    assert cite.bibtex == (
        f"@misc{{zhao-lijian-2021-q{appearance.pk},\n"
        "  author = {{Zhao Lijian}},\n"
        f"  title = {{{WORDS}}},\n"
        "  howpublished = {Foreign Ministry regular press conference},\n"
        "  year = {2021},\n"
        "  month = jan,\n"
        "  date = {2021-01-14},\n"
        "  publisher = {Ministry of Foreign Affairs of the PRC},\n"
        f"  url = {{{TRANSCRIPT}}},\n"
        "  urldate = {2026-11-24},\n"
        f"  note = {{In: {CONTAINER}, answer to Bloomberg. Quoted in Counterclaim: "
        f"\\url{{{SITE}/claims/forced-labor-is-a-lie/\\#appearance-{appearance.pk}}}}}\n"
        "}"
    )
    assert cite.ris == "\n".join([
        "TY  - GEN",
        "AU  - Zhao Lijian",
        f"TI  - {WORDS}",
        f"T2  - {CONTAINER}",
        "M3  - Foreign Ministry regular press conference",
        "PB  - Ministry of Foreign Affairs of the PRC",
        "PY  - 2021",
        "DA  - 2021/01/14/",
        "SE  - answer to Bloomberg",
        f"UR  - {TRANSCRIPT}",
        "Y2  - 2026/11/24/",
        f"N1  - Quoted in Counterclaim: {permalink}",
        "ER  - ",
    ])


def test_a_date_known_to_the_month_and_a_source_without_an_address(seed):
    """Hua Chunying, Oct 2018, in an article whose address is unknown: no URL is invented, the month is not a day."""
    appearance = Appearance.objects.for_page().get(
        remark__claim__slug="china-practices-no-different-from-uk-france-us", locator="para. 2")
    permalink = f"{SITE}/claims/x/#appearance-{appearance.pk}"
    cite = citations.cite(citations.for_appearance(appearance, permalink, ACCESSED))
    title = 'The internment camps "are no different from those of the United Kingdom, France and the United States"'
    words = "The practices in China do not differ from those in the United Kingdom, France and the United States"
    assert cite.short == "Hua Chunying, remarks to reporters, Oct 2018"
    assert cite.apa == (
        f"Hua Chunying. (2018, October). “{words}” [remarks to reporters]. In {title} (para. 2). "
        f"Retrieved November 24, 2026, from {permalink}"
    )
    assert cite.mla == (
        f"Hua Chunying. “{words}.” remarks to reporters, Oct. 2018. {title}, para. 2. "
        f"Counterclaim, counterclaim.example/claims/x/#appearance-{appearance.pk}. Accessed 24 Nov. 2026."
    )
    assert "  year = {2018},\n  month = oct,\n  date = {2018-10},\n" in cite.bibtex
    assert f"  url = {{{permalink}}}" in cite.bibtex  # the only address known is ours
    assert "DA  - 2018/10//" in cite.ris.splitlines()
    assert f"UR  - {permalink}" in cite.ris.splitlines()


def test_words_the_source_puts_in_its_own_terms_are_described_not_quoted(seed):
    appearance = Appearance.objects.for_page().get(
        remark__claim__slug="china-practices-no-different-from-uk-france-us", locator="headline")
    cite = citations.cite(citations.for_appearance(appearance, f"{SITE}/claims/x/", ACCESSED))
    words = "are no different from those of the United Kingdom, France and the United States"
    assert cite.apa.startswith(f"Hua Chunying. (2018, October). [{words}] [remarks to reporters]. In ")
    assert cite.mla.startswith(f"Hua Chunying. {words}. remarks to reporters, Oct. 2018.")
    assert "Reported speech: the source's words, not a direct quote." in cite.chicago


def test_a_remark_is_cited_to_its_primary_record(seed):
    """The report that is the record; else the record itself, not a newspaper that reported it; else its first
    report; and a remark no source reports yet, by its words alone."""
    remark = Remark.objects.for_page().get(claim__slug="forced-labor-is-a-lie")
    cite = citations.cite(citations.for_remark(remark, f"{SITE}/r", ACCESSED))
    assert f"In {CONTAINER} (answer to Bloomberg). Ministry of Foreign Affairs of the PRC. {TRANSCRIPT} " in cite.apa

    remark.record_url = "https://video.example/briefing"  # a record no report is
    cite = citations.cite(citations.for_remark(remark, f"{SITE}/r", ACCESSED))
    assert cite.apa == (
        "Zhao Lijian. (2021, January 14). “‘Forced labor’ is the biggest lie of the century made by persons and "
        "agencies in some Western countries including the United States” [Foreign Ministry regular press "
        f"conference]. https://video.example/briefing (quoted in Counterclaim, retrieved November 24, 2026, from {SITE}/r)"
    )

    remark.record_url = ""
    cite = citations.cite(citations.for_remark(remark, f"{SITE}/r", ACCESSED))
    first = remark.reports.all()[0].source
    assert f"In {first.title} (para. 3)." in cite.apa and "“‘Forced labor’ is the biggest lie" in cite.apa

    alone = RemarkFactory(words="Said, not yet reported.", reports=0, venue="interview", date=datetime.date(2020, 5, 1))
    cite = citations.cite(citations.for_remark(alone, f"{SITE}/r", ACCESSED))
    assert cite.short == f"{alone.speaker.name}, interview, 1 May 2020"
    assert f"UR  - {SITE}/r" in cite.ris.splitlines()


def test_a_piece_of_evidence_names_its_authors_and_where_in_the_source(seed):
    evidence = Evidence.objects.for_citation().get(source__slug="nyt-absolutely-no-mercy-2019")
    permalink = f"{SITE}/claims/xinjiang-papers-xi-absolutely-no-mercy/#evidence-{evidence.pk}"
    cite = citations.cite(citations.for_evidence(evidence, permalink, ACCESSED))
    nyt = "https://www.nytimes.com/interactive/2019/11/16/world/asia/china-xinjiang-documents.html"
    title = "‘Absolutely No Mercy’: Leaked Files Expose How China Organized Mass Detentions of Muslims"
    assert cite.apa == (
        f"Austin Ramzy and Chris Buckley. (2019, November 16). {title} (headline). The New York Times. {nyt} "
        f"(quoted in Counterclaim, retrieved November 24, 2026, from {permalink})"
    )
    assert cite.chicago == (
        f"Austin Ramzy and Chris Buckley. “‘Absolutely No Mercy’: Leaked Files Expose How China Organized Mass "
        f"Detentions of Muslims.” November 16, 2019, headline. The New York Times. {nyt}. Quoted in Counterclaim. "
        f"Accessed November 24, 2026. {permalink}."
    )
    assert cite.mla == (
        "Austin Ramzy and Chris Buckley. “‘Absolutely No Mercy’: Leaked Files Expose How China Organized Mass "
        "Detentions of Muslims.” 16 Nov. 2019. The New York Times, headline, "
        "www.nytimes.com/interactive/2019/11/16/world/asia/china-xinjiang-documents.html. Quoted in Counterclaim, "
        f"counterclaim.example/claims/xinjiang-papers-xi-absolutely-no-mercy/#evidence-{evidence.pk}. "
        "Accessed 24 Nov. 2026."
    )
    assert cite.ris.splitlines()[:4] == ["TY  - NEWS", "AU  - Austin Ramzy and Chris Buckley", f"TI  - {title}",
                                         "PB  - The New York Times"]


def test_the_claim_cites_our_page_dated_by_our_review(seed):
    claim = Claim.objects.with_reviews().get(slug="forced-labor-is-a-lie")
    review = claim.our_review
    permalink = f"{SITE}/claims/forced-labor-is-a-lie/"
    cite = citations.cite(citations.for_claim(claim, permalink, ACCESSED))
    when = f"{review.published:%B} {review.published.day}, {review.published.year}"
    assert cite.chicago == (
        f"Counterclaim. “{claim.text}” {when}. Rated {claim.get_verdict_display().lower()} by Counterclaim. "
        f"Accessed November 24, 2026. {permalink}."
    )
    assert f"  url = {{{permalink}}}" in cite.bibtex and "Quoted in" not in cite.bibtex


def test_bibtex_and_ris_values_cannot_break_out_of_their_fields():
    item = citations.Citable(
        author="A}, title = {Injected", title="50% of {words} cost $5 & #1 \\input{x}\nER  - ", title_kind=citations.WORDS,
        date=None, precision="", permalink=f"{SITE}/claims/x/#appearance-1", accessed=ACCESSED, key="k",
        url="https://example.org/a{b}",
    )
    entry = citations.bibtex(item)
    assert "  author = {{A\\}, title = \\{Injected}},\n" in entry
    assert "title = {50\\% of \\{words\\} cost \\$5 \\& \\#1 \\textbackslash{}input\\{x\\} ER -}" in entry
    assert "url = {https://example.org/a%7Bb%7D}" in entry
    lines = citations.ris(item).splitlines()
    assert lines.count("ER  - ") == 1 and lines[-1] == "ER  - "  # a newline in a value cannot end the record
    assert "(n.d.)" in citations.apa(item)


# --- On the page --------------------------------------------------------------------------------

def test_the_claim_page_cites_each_remark_and_each_piece_of_evidence_and_the_claim_near_the_top(seed, client):
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    html = client.get(claim.get_absolute_url()).content.decode()
    remark = Remark.objects.get(claim=claim, reports__source__slug="mfa-press-conference-2021-01-14")
    today = timezone.localdate()
    accessed = f"{today:%B} {today.day}, {today.year}"
    # The claim's citation sits under its heading, before the timeline and the quotes.
    assert html.index('class="cite-claim"') < html.index('id="timeline-h"') < html.index("Who said it, when")
    # One for the claim, one for each of its remarks and pieces of evidence, one for each piece of evidence of its
    # direct counterclaims (what fact-checkers cite); replies' remarks are cited on the replies' own pages.
    side = html[html.index('id="claim-side-h"'):html.index('id="counter-side-h"')]
    assert side.count('class="appearance remark"') == claim.remarks.count() > 0
    answers_evidence = Evidence.objects.filter(claim__rebuts__rebutted=claim).count()
    assert answers_evidence > 0
    assert html.count('<details class="cite">') == (
        1 + claim.remarks.count() + side.count('class="evidence"') + answers_evidence)
    assert html.count('class="appearance remark"') > claim.remarks.count(), "the answers' remarks are shown, uncited"
    chunk = html[html.index(f'id="remark-{remark.pk}"'):]
    chunk = chunk[:chunk.index("</details>")]
    # Cited to its primary record (the ministry's transcript), not to the first outlet that reported it.
    assert "Zhao Lijian, Foreign Ministry regular press conference, 14 Jan 2021" in chunk
    assert (f"{TRANSCRIPT} (quoted in Counterclaim, retrieved {accessed}, from "
            f"http://testserver/claims/forced-labor-is-a-lie/#remark-{remark.pk})") in chunk
    for label in ("APA", "Chicago", "MLA", "BibTeX", "RIS"):
        assert f"<dt>{label}</dt>" in chunk
    assert 'href="/claims/forced-labor-is-a-lie/cite.bib"' in html and 'href="/claims/forced-labor-is-a-lie/cite.ris"' in html


def test_the_copy_button_is_a_script_from_our_own_static_files_and_the_page_has_no_inline_script(seed, client):
    html = client.get("/claims/forced-labor-is-a-lie/").content.decode()
    scripts = re.findall(r"<script\b([^>]*)>(.*?)</script>", html, flags=re.S)
    runnable = [(attrs, body) for attrs, body in scripts if 'type="application/ld+json"' not in attrs]
    assert runnable == [(' src="/static/js/copy.js" defer', "")]
    assert not re.search(r"\son[a-z]+=", html)
    response = client.get("/static/js/copy.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = b"".join(response.streaming_content).decode()
    assert ".copyable" in body and "clipboard" in body
    # The CSP is unchanged: scripts from our own origin only.
    assert "script-src 'self'" in response.headers.get("Content-Security-Policy", "") or \
        "script-src 'self'" in client.get("/").headers["Content-Security-Policy"]


def test_a_hostile_quote_is_escaped_in_every_citation_on_the_page(client):
    remark = RemarkFactory(words='<script>alert("x")</script> & more', venue="<b>venue</b>")
    html = client.get(remark.claim.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<b>venue</b>" not in html
    assert "&lt;script&gt;alert(‘x’)&lt;/script&gt; &amp; more" in html  # APA, its inner quotes made single


# --- Downloads ----------------------------------------------------------------------------------

def test_the_claims_citations_download_as_bibtex_and_ris(seed, client):
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    report = Appearance.objects.get(remark__claim=claim, source__slug="mfa-press-conference-2021-01-14")
    response = client.get("/claims/forced-labor-is-a-lie/cite.bib")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="counterclaim-forced-labor-is-a-lie.bib"'
    text = response.content.decode()
    assert text.startswith("@misc{counterclaim-forced-labor-is-a-lie,\n")
    assert text.count("@misc{") == 1 + claim.remarks.count() + claim.evidence.count()
    assert f"@misc{{zhao-lijian-2021-q{report.pk},\n  author = {{{{Zhao Lijian}}}},\n" in text

    response = client.get("/claims/forced-labor-is-a-lie/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    text = response.content.decode()
    assert text.count("TY  - ") == 1 + claim.remarks.count() + claim.evidence.count()
    assert "\r\nDA  - 2021/01/14/\r\n" in text and "\n" not in text.replace("\r\n", "")


def test_downloads_of_an_unknown_claim_or_format_are_404(client):
    ClaimFactory(slug="known")
    assert client.get("/claims/unknown/cite.bib").status_code == 404
    assert client.get("/claims/known/cite.pdf").status_code == 404
    assert client.get("/claims/known/cite.ris").status_code == 200


def test_the_download_costs_the_same_queries_at_any_size(client, django_assert_num_queries):
    # savepoint, release; the claim, its reviews, its remarks (with speaker), their reports (with source and
    # publisher), its evidence (with source and publisher), their sources' authors
    for size in (1, 6):
        claim = ClaimFactory(verdict="false")
        RemarkFactory.create_batch(size, claim=claim)
        EvidenceFactory.create_batch(size, claim=claim, source=SourceFactory())
        with django_assert_num_queries(8):
            assert client.get(f"/claims/{claim.slug}/cite.ris").status_code == 200
