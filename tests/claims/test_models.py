"""Every rule the data model promises is held by the database itself, not only by forms."""
import datetime

import pytest
from django.db import IntegrityError, transaction

from claims.models import Appearance, Claim, ClaimRole, Rebuttal, Remark, Review, Verdict
from sources.models import Actor, Source
from tests.factories import (
    ActorFactory,
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    FamilyFactory,
    FramingTermFactory,
    RebuttalFactory,
    RemarkFactory,
    ReviewFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def assert_rejected(constraint_name, write):
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        write()
    assert constraint_name in str(caught.value)


def test_a_claim_cannot_rebut_itself():
    claim = ClaimFactory()
    assert_rejected("rebuttal_not_self", lambda: Rebuttal.objects.create(rebutted=claim, counterclaim=claim))


def test_a_rebuttal_pair_is_linked_once():
    link = RebuttalFactory()
    assert_rejected(
        "rebuttal_pair_unique",
        lambda: Rebuttal.objects.create(rebutted=link.rebutted, counterclaim=link.counterclaim),
    )


def test_the_reverse_link_is_a_different_rebuttal():
    link = RebuttalFactory()
    Rebuttal.objects.create(rebutted=link.counterclaim, counterclaim=link.rebutted)
    assert Rebuttal.objects.count() == 2


@pytest.mark.parametrize(
    "model_update, constraint",
    [
        (lambda: (ReviewFactory(), Review.objects.update(verdict="pants-on-fire")), "review_verdict_valid"),
        (lambda: Actor.objects.update(kind="alien"), "actor_kind_valid"),
        (lambda: Source.objects.update(kind="rumour"), "source_kind_valid"),
        (lambda: Source.objects.update(language="xx"), "source_language_valid"),
        (lambda: Remark.objects.update(original_language="xx", original_words="x"), "remark_language_valid"),
    ],
)
def test_invalid_choices_are_rejected_by_the_database(model_update, constraint):
    RemarkFactory()  # a claim, an actor, a source, a remark and its report to update
    assert_rejected(constraint, model_update)


def test_our_verdict_is_our_own_review_of_the_claim():
    claim = ClaimFactory()
    assert (claim.verdict, claim.verdict_rating, claim.our_review) == ("", None, None)
    other = ReviewFactory(claim=claim, reviewer=ActorFactory(name="Misbar"), verdict="misleading",
                          rating_label="مضلل", published=datetime.date(2021, 3, 3))
    assert claim.verdict == "" and claim.headline_review == other  # someone else's rating is not ours
    assert other.rating_display == "Misleading (مضلل)"
    ours = ReviewFactory(claim=claim, verdict=Verdict.FALSE, published=datetime.date(2020, 1, 1))
    assert claim.our_review == ours and claim.headline_review == ours  # ours comes first
    assert (claim.verdict, claim.verdict_rating, claim.reviewed_on) == ("false", 1, datetime.date(2020, 1, 1))
    assert str(other) == "Misbar: Misleading (مضلل) (Claim number %s)" % claim.text.rsplit(" ", 1)[1]


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,x", "/relative", "ftp://example.org/x"])
def test_a_review_url_is_an_absolute_web_address(url):
    ReviewFactory()
    assert_rejected("review_url_http", lambda: Review.objects.update(url=url))


def test_a_review_url_is_held_once_and_long_ones_are_kept_whole():
    long_url = "https://www.misbar.com/factcheck/" + "%D8%A7" * 200
    ReviewFactory(url=long_url, reviewer=ActorFactory())
    assert Review.objects.get().url == long_url
    assert_rejected("review_url_unique", lambda: ReviewFactory(url=long_url, reviewer=ActorFactory()))


def test_a_review_language_is_a_language_tag():
    ReviewFactory(language="pt-BR")
    assert_rejected("review_language_tag", lambda: Review.objects.update(language="english"))


def test_evidence_choices_are_enforced():
    evidence = EvidenceFactory()
    assert_rejected("evidence_strength_valid", lambda: type(evidence).objects.update(strength="decisive"))
    assert_rejected("evidence_kind_valid", lambda: type(evidence).objects.update(kind="rumour"))


def test_an_actor_is_not_its_own_affiliation():
    actor = ActorFactory()
    assert_rejected("actor_not_own_affiliation", lambda: Actor.objects.filter(pk=actor.pk).update(affiliation=actor))


def test_wikidata_ids_have_the_wikidata_form():
    ActorFactory()
    assert_rejected("actor_wikidata_id_format", lambda: Actor.objects.update(wikidata_id="42"))


@pytest.mark.parametrize(
    "date, precision, constraint",
    [
        (datetime.date(2018, 8, 15), "month", "remark_date_month_is_normalised"),
        (datetime.date(2019, 3, 1), "year", "remark_date_year_is_normalised"),
        (datetime.date(2019, 3, 1), "", "remark_date_has_precision"),
        (None, "day", "remark_date_has_precision"),
    ],
)
def test_partial_dates_are_consistent_with_their_precision(date, precision, constraint):
    RemarkFactory()
    assert_rejected(constraint, lambda: Remark.objects.update(date=date, date_precision=precision))


def test_source_dates_are_consistent_with_their_precision():
    SourceFactory()
    assert_rejected(
        "source_published_month_is_normalised",
        lambda: Source.objects.update(published=datetime.date(2018, 8, 2), published_precision="month"),
    )


def test_original_words_name_their_language():
    RemarkFactory()
    assert_rejected("remark_original_words_have_language", lambda: Remark.objects.update(original_words="荒谬"))


def test_a_primary_record_is_a_web_address():
    RemarkFactory()
    assert_rejected("remark_record_url_http", lambda: Remark.objects.update(record_url="javascript:alert(1)"))


def test_a_report_prints_some_words():
    AppearanceFactory()
    assert_rejected("appearance_quote_not_empty", lambda: Appearance.objects.update(quote=""))


def test_a_framing_term_in_original_script_names_its_language():
    FramingTermFactory()
    from claims.models import FramingTerm

    assert_rejected(
        "framingterm_original_script_has_language", lambda: FramingTerm.objects.update(original_script="学员")
    )


def test_a_speaker_or_source_with_remarks_cannot_be_deleted():
    report = AppearanceFactory()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        report.remark.speaker.delete()
    with pytest.raises(ProtectedError):
        report.source.delete()
    assert Appearance.objects.filter(pk=report.pk).exists()


def test_talking_points_and_counterclaims_are_told_apart_by_their_links():
    talking_point = ClaimFactory(text="The camps are schools")
    counterclaim = ClaimFactory(text="Leaked files show detention")
    reply = ClaimFactory(text="The files are a hoax")
    Rebuttal.objects.create(rebutted=talking_point, counterclaim=counterclaim)
    Rebuttal.objects.create(rebutted=counterclaim, counterclaim=reply)
    assert list(Claim.objects.talking_points()) == [talking_point]
    assert list(Claim.objects.of_role(ClaimRole.COUNTERCLAIM)) == [counterclaim]
    assert list(Claim.objects.of_role(ClaimRole.REPLY)) == [reply]
    roles = dict(Claim.objects.values_list("text", "role"))
    assert roles == {"The camps are schools": "talking-point", "Leaked files show detention": "counterclaim",
                     "The files are a hoax": "reply"}


def test_each_role_has_one_label_badge_and_timeline_lane():
    assert [(role.label, role.css, role.side, role.lane) for role in ClaimRole] == [
        ("Talking point", "role-talking", "claim-side", 0), ("Counterclaim", "role-counter", "counter-side", 2),
        ("Reply to a counterclaim", "role-reply", "claim-side", 1),
    ]
    assert ClaimRole.lanes() == [("Talking points", "claim-side"), ("Replies to counterclaims", "reply-side"),
                                 ("Counterclaims", "counter-side")]


def test_latest_is_djangos_own_again():
    ClaimFactory(text="older")
    newest = ClaimFactory(text="newer")
    assert Claim.objects.latest("created") == newest
    assert list(Claim.objects.newest_first().values_list("text", flat=True)) == ["newer", "older"]


def test_stats_give_first_and_last_seen_and_counts():
    claim = ClaimFactory()
    RemarkFactory(claim=claim, date=datetime.date(2018, 8, 1), date_precision="month")
    RemarkFactory(claim=claim, date=datetime.date(2021, 1, 14), date_precision="day", reports=3)
    RemarkFactory(claim=claim, date=None, date_precision="")
    RebuttalFactory(rebutted=claim)
    EvidenceFactory(claim=claim)
    annotated = Claim.objects.get(pk=claim.pk)
    assert (annotated.first_seen, annotated.last_seen) == (datetime.date(2018, 8, 1), datetime.date(2021, 1, 14))
    # Said three times (remarks), printed five times (reports): one remark in three sources.
    assert (annotated.remark_count, annotated.appearance_count) == (3, 5)
    assert (annotated.rebuttal_count, annotated.evidence_count) == (1, 1)


def test_every_model_links_to_its_page_and_names_itself():
    remark = RemarkFactory(claim__slug="camps-are-schools", claim__text="The camps are schools", speaker__name="Hua")
    appearance = remark.reports.get()
    assert str(remark.claim) == "The camps are schools"
    assert str(remark) == "Hua, 18 Nov 2019: The camps are schools"
    assert remark.claim.get_absolute_url() == "/claims/camps-are-schools/"
    assert remark.get_absolute_url() == f"/claims/camps-are-schools/#remark-{remark.pk}"
    assert appearance.get_absolute_url() == f"/claims/camps-are-schools/#appearance-{appearance.pk}"
    assert remark.speaker.get_absolute_url() == f"/actors/{remark.speaker.slug}/"
    assert appearance.source.get_absolute_url() == f"/sources/{appearance.source.slug}/"
    assert "16 Nov 2019" == appearance.source.published_display
    family = FamilyFactory(slug="vocational-training")
    assert family.get_absolute_url() == "/families/vocational-training/"


def test_the_database_keeps_each_claims_figures_whatever_writes_the_rows():
    """Role, counts and first/last seen are kept by triggers: bulk writes, update() and deletes included."""
    claim, other = ClaimFactory(), ClaimFactory()
    early, late = Remark.objects.bulk_create([
        RemarkFactory.build(claim=claim, speaker=ActorFactory(), date=datetime.date(2019, 5, 1), date_precision="month"),
        RemarkFactory.build(claim=claim, speaker=ActorFactory(), date=datetime.date(2021, 1, 14), date_precision="day"),
    ])
    Appearance.objects.bulk_create([AppearanceFactory.build(remark=remark, source=SourceFactory())
                                    for remark in (early, late, late)])
    claim.refresh_from_db()
    assert (claim.remark_count, claim.appearance_count) == (2, 3)
    assert (claim.first_seen_display, claim.last_seen) == ("May 2019", datetime.date(2021, 1, 14))

    Remark.objects.filter(pk=late.pk).update(claim=other)  # the remark moves, with its reports
    claim.refresh_from_db()
    other.refresh_from_db()
    assert (claim.remark_count, claim.appearance_count, claim.last_seen) == (1, 1, datetime.date(2019, 5, 1))
    assert (other.remark_count, other.appearance_count) == (1, 2)

    Appearance.objects.filter(remark=late).update(remark=early)  # reports move to the other claim's remark
    claim.refresh_from_db()
    other.refresh_from_db()
    assert (claim.appearance_count, other.appearance_count) == (3, 0)

    Remark.objects.filter(claim=claim).delete()  # the ORM deletes the reports first, then the remark
    claim.refresh_from_db()
    assert (claim.remark_count, claim.appearance_count, claim.first_seen, claim.first_seen_precision) == (0, 0, None, "")


def test_a_claims_role_follows_the_links_above_it():
    point, counter, reply = ClaimFactory(), ClaimFactory(), ClaimFactory()
    Rebuttal.objects.create(rebutted=counter, counterclaim=reply)
    reply.refresh_from_db()
    assert reply.role == ClaimRole.COUNTERCLAIM  # it answers a claim that answers nothing
    link = Rebuttal.objects.create(rebutted=point, counterclaim=counter)
    reply.refresh_from_db()
    counter.refresh_from_db()
    point.refresh_from_db()
    assert (point.role, counter.role, reply.role) == ("talking-point", "counterclaim", "reply")
    assert (point.rebuttal_count, counter.rebuts_count) == (1, 1)
    link.delete()
    reply.refresh_from_db()
    assert reply.role == ClaimRole.COUNTERCLAIM
