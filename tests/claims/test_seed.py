"""The seed dataset: loaded by one command, idempotent, and faithful to the documents."""
import datetime
from pathlib import Path

import pytest
from django.core.management import call_command

from claims.dataset import dump_dataset, export_dataset
from claims.models import Appearance, Claim, Evidence, FramingTerm, Rebuttal, Technique
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
    quote = claim.appearances.order_by("pk").first()
    quote.quote = "Corrected words"
    quote.save()
    quotes_before = claim.appearances.count()
    claim.topics.clear()
    removed_slug = "police-files-are-hoax-of-the-century"
    Claim.objects.get(slug=removed_slug).delete()
    capsys.readouterr()

    call_command("load_seed")

    out = capsys.readouterr().out
    claim.refresh_from_db()
    assert claim.text == "Edited by an editor"
    assert claim.appearances.filter(quote="Corrected words").exists()
    assert claim.appearances.count() == quotes_before, "the old words came back as another quote"
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
    assert Appearance.objects.count() >= 25
    assert Source.objects.count() >= 20
    assert Actor.objects.count() >= 15
    assert FramingTerm.objects.exclude(plain_term="").count() >= 10
    assert Technique.objects.count() == 14
    assert not talking_points.filter(techniques=None).exists(), "every talking point names its techniques"


def test_every_appearance_is_sourced_dated_and_attributed(seed):
    for appearance in Appearance.objects.for_page():
        assert appearance.quote.strip()
        assert appearance.date is not None, f"undated: {appearance}"


def test_lie_of_the_century_is_zhao_lijians_and_dated_by_the_record(seed):
    appearance = Appearance.objects.get(quote__contains="lie of the century fabricated out of thin air")
    assert appearance.speaker.name == "Zhao Lijian"
    # The seed article says only "this week"; the record dates the remark to the
    # MFA press conference of 14 Jan 2021, the day after the US cotton and tomato ban.
    assert (appearance.date, appearance.date_precision) == (datetime.date(2021, 1, 14), "day")
    assert appearance.date_basis
    assert appearance.claim.verdict == "false"
    assert appearance.claim.rebuttals.filter(counterclaim__slug="us-bans-xinjiang-cotton-tomatoes-over-forced-labor").exists()


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
    appearance = Appearance.objects.filter(quote__contains=fragment).select_related("speaker").first()
    assert appearance is not None, fragment
    assert appearance.speaker.name == speaker


def test_replies_to_counterclaims_chain(seed):
    out_of_context = Claim.objects.get(slug="nyt-took-documents-out-of-context")
    papers = Claim.objects.get(slug="xinjiang-papers-xi-absolutely-no-mercy")
    assert Rebuttal.objects.filter(counterclaim=out_of_context, rebutted=papers).exists()
    assert papers.rebuts.exists(), "the Xinjiang Papers counterclaim answers a talking point"
    hoax = Appearance.objects.get(claim__slug="police-files-are-hoax-of-the-century")
    assert "hoax of the century" in hoax.quote


def test_un_panel_counterclaim_is_dated_august_2018_with_evidence(seed):
    claim = Claim.objects.get(slug="un-panel-credible-reports-million-detained")
    assert Evidence.objects.filter(claim=claim).exists()
    assert claim.appearances.filter(date__year=2018, date__month=8).exists()


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
