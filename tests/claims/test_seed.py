"""The seed dataset: loaded by one command, idempotent, and faithful to the documents."""
import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.dataset import dump_dataset, export_dataset
from claims.models import Appearance, Claim, Evidence, Family, FramingTerm, Rebuttal, Remark, Technique
from sources.models import Actor, Source

pytestmark = pytest.mark.django_db


def test_loading_the_seed_twice_changes_nothing(seed, capsys):
    before = dump_dataset(export_dataset())
    call_command("load_seed")
    assert "nothing added" in capsys.readouterr().out
    assert dump_dataset(export_dataset()) == before


def test_loading_the_seed_again_keeps_editors_changes_and_adds_only_what_is_missing(seed, capsys):
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    claim.text = "Edited by an editor"
    claim.save()
    quote = Appearance.objects.filter(remark__claim=claim).order_by("pk").first()
    quote.quote = "Corrected words"
    quote.save()
    quotes_before = Appearance.objects.filter(remark__claim=claim).count()
    claim.topics.clear()
    removed_slug = "police-files-are-hoax-of-the-century"
    Claim.objects.get(slug=removed_slug).delete()
    capsys.readouterr()

    call_command("load_seed")

    out = capsys.readouterr().out
    claim.refresh_from_db()
    assert claim.text == "Edited by an editor"
    assert Appearance.objects.filter(remark__claim=claim, quote="Corrected words").exists()
    assert Appearance.objects.filter(remark__claim=claim).count() == quotes_before, "the old words came back"
    assert not claim.topics.exists()
    assert Claim.objects.filter(slug=removed_slug).exists(), "a claim missing from the database is added again"
    assert "1 claims created" in out
    assert "left as they are" in out


def test_the_seed_has_the_size_the_issue_asks_for(seed):
    talking_points = Claim.objects.talking_points()
    counterclaims = Claim.objects.filter(rebuts__rebutted__in=talking_points).distinct()
    replies = Claim.objects.filter(rebuts__rebutted__in=counterclaims).distinct()
    assert talking_points.count() >= 12
    assert counterclaims.count() >= 12
    assert replies.count() >= 3
    assert Remark.objects.count() >= 25
    assert Appearance.objects.count() > Remark.objects.count(), "some remarks are reported by several sources"
    assert Source.objects.count() >= 20
    assert Actor.objects.count() >= 15
    assert FramingTerm.objects.exclude(plain_term="").count() >= 10
    assert Technique.objects.count() == 14
    assert not talking_points.filter(techniques=None).exists(), "every talking point names its techniques"


def test_every_remark_is_dated_attributed_and_reported_in_its_words(seed):
    remarks = Remark.objects.for_page()
    assert remarks
    for remark in remarks:
        assert remark.date is not None, f"undated: {remark}"
        reports = remark.reports.all()
        assert reports, f"no source reports {remark}"
        assert all(report.quote.strip() for report in reports)
        # The remark's words are what a source prints (the primary record's where it is a report): never composed.
        if remark.words:
            assert remark.words in [report.quote for report in reports if report.is_direct_quote], remark.words


def test_zhao_lijian_made_two_remarks_at_one_press_conference_each_in_three_reports(seed):
    remarks = Remark.objects.filter(speaker__slug="zhao-lijian").for_page().select_related("claim").order_by("claim__slug")
    assert [(r.claim.slug, r.date, r.venue) for r in remarks] == [
        ("forced-labor-is-a-lie", datetime.date(2021, 1, 14), "Foreign Ministry regular press conference"),
        ("xinjiang-is-chinas-internal-affair", datetime.date(2021, 1, 14), "Foreign Ministry regular press conference"),
    ]
    lie, affair = remarks
    assert sorted(a.source.slug for a in lie.reports.all()) == [
        "ap-china-demands-lift-ban-2021", "mfa-press-conference-2021-01-14", "west-ignored-racial-cleansing-2021"]
    assert len(affair.reports.all()) == 3
    # The words are the official transcript's (the primary record); each report keeps its own.
    assert lie.words.startswith('"Forced labor" is the biggest lie of the century')
    assert lie.record_url == "http://jo.china-embassy.gov.cn/eng/fyrth/202101/t20210114_1979685.htm"
    assert {a.quote for a in lie.reports.all()} >= {
        "lie of the century", "The so-called forced labor issue is a lie of the century fabricated out of thin air"}
    assert Claim.objects.get(slug="forced-labor-is-a-lie").remark_count == 1


def test_lie_of_the_century_is_zhao_lijians_and_dated_by_the_record(seed):
    report = Appearance.objects.select_related("remark__speaker", "remark__claim").get(
        quote__contains="lie of the century fabricated out of thin air")
    remark = report.remark
    assert remark.speaker.name == "Zhao Lijian"
    # The seed article says only "this week"; the record dates the remark to the
    # MFA press conference of 14 Jan 2021, the day after the US cotton and tomato ban.
    assert (remark.date, remark.date_precision) == (datetime.date(2021, 1, 14), "day")
    assert remark.date_basis
    assert remark.claim.verdict == "false"
    assert remark.claim.rebuttals.filter(counterclaim__slug="us-bans-xinjiang-cotton-tomatoes-over-forced-labor").exists()


@pytest.mark.parametrize(
    "fragment, speaker",
    [
        ("do not differ from those in the United Kingdom, France and the United States", "Hua Chunying"),
        ("relatively small social cost", "Global Times"),
        ("schools that help people free themselves from extremism", "Wang Yi"),
        ("No one should tell China how to protect human rights", "Xi Jinping"),
        ("not about human rights or religion", "Embassy of the PRC in the United States"),
    ],
)
def test_key_talking_points_keep_their_exact_words_and_speaker(seed, fragment, speaker):
    remark = Remark.objects.filter(words__contains=fragment).select_related("speaker").first()
    assert remark is not None, fragment
    assert remark.speaker.name == speaker


def test_replies_to_counterclaims_chain(seed):
    out_of_context = Claim.objects.get(slug="nyt-took-documents-out-of-context")
    papers = Claim.objects.get(slug="xinjiang-papers-xi-absolutely-no-mercy")
    assert Rebuttal.objects.filter(counterclaim=out_of_context, rebutted=papers).exists()
    assert papers.rebuts.exists(), "the Xinjiang Papers counterclaim answers a talking point"
    hoax = Remark.objects.get(claim__slug="police-files-are-hoax-of-the-century")
    assert "hoax of the century" in hoax.words


def test_un_panel_counterclaim_is_dated_august_2018_with_evidence(seed):
    claim = Claim.objects.get(slug="un-panel-credible-reports-million-detained")
    assert Evidence.objects.filter(claim=claim).exists()
    assert claim.remarks.filter(date__year=2018, date__month=8).exists()


SEED_DOCUMENTS = Path(__file__).resolve().parent.parent / "fixtures" / "seed_documents"


def test_quotes_and_excerpts_from_the_seed_documents_are_exact(seed):
    """Every quote or excerpt printed in one of the five seed documents stands in it word for word."""
    documents = {path.stem: path.read_text(encoding="utf-8") for path in SEED_DOCUMENTS.glob("*.txt")}
    assert len(documents) == 5
    checked = 0
    for appearance in Appearance.objects.filter(source__slug__in=documents).select_related("source"):
        assert appearance.quote in documents[appearance.source.slug], appearance.quote
        checked += 1
    for evidence in Evidence.objects.filter(source__slug__in=documents).select_related("source"):
        assert evidence.excerpt in documents[evidence.source.slug], evidence.excerpt
        checked += 1
    assert checked >= 50


def test_sidebar_posts_off_the_topic_are_not_data(seed):
    for unrelated in ("Muddassir", "Maritime Power", "Guardians of the Belt and Road", "ad blocker"):
        assert not Appearance.objects.filter(quote__icontains=unrelated).exists()
        assert not Evidence.objects.filter(excerpt__icontains=unrelated).exists()
        assert not Claim.objects.filter(text__icontains=unrelated).exists()


def test_the_variants_of_each_talking_point_are_grouped_in_families(seed):
    families = {family.slug: sorted(family.claims.values_list("slug", flat=True)) for family in Family.objects.all()}
    assert families["vocational-training"] == [
        "camps-are-schools-freeing-people-from-extremism", "camps-are-vocational-training-centers",
        "trainees-reformed-by-people-oriented-training",
    ]
    assert families["lie-of-the-century"] == ["forced-labor-is-a-lie", "police-files-are-hoax-of-the-century"]
    assert "china-practices-no-different-from-uk-france-us" in families["no-different-from-the-west"]
    assert not Claim.objects.filter(family__isnull=False).exclude(role="talking-point").exclude(
        slug="police-files-are-hoax-of-the-century").exists(), "families group the official line"


def test_the_vocational_line_is_first_seen_when_the_glossary_says_its_term_was_first_used(seed):
    """The 2018 document reports the line in October 2018 (the Xinhua interview); the glossary dates the term to
    October 2018. The claim no longer says June 2019, the date of a later report."""
    claim = Claim.objects.get(slug="camps-are-vocational-training-centers")
    term = FramingTerm.objects.get(slug="vocational-education-and-training-centers")
    assert (claim.first_seen, claim.first_seen_precision) == (datetime.date(2018, 10, 16), "day")
    assert (term.first_used.year, term.first_used.month) == (claim.first_seen.year, claim.first_seen.month)
    first = claim.remarks.order_by("date").first()
    assert first.reports.get().locator == "para. 7" and not first.words, "a paraphrase, reported as such"
