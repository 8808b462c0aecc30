"""Every rule the database holds is told to an editor in plain words, on the field to fix, before the database sees it.

Each case breaks one named constraint of claims/ or sources/: full_clean() (what every ModelForm runs) must refuse
it with a message that names no constraint, on the expected field, and the database must refuse the same object
with that very constraint, so the case is known to break the rule it is about. A constraint with no case fails
test_every_constraint_has_a_case: give it a message (the model's clean()) and a case here.
"""
import datetime

import pytest
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from django.contrib.auth import get_user_model
from django.utils import timezone

from claims.models import ClaimTechnique, KeyEvent, Rebuttal, Review, Status, Technique, our_reviewer
from tests.factories import (
    ActorFactory,
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    FramingTermFactory,
    RebuttalFactory,
    RemarkFactory,
    ReviewFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
NOV_16 = datetime.date(2019, 11, 16)


def changed(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    return obj


def own_affiliation():
    actor = ActorFactory()
    return changed(actor, affiliation=actor)


def second_unpublished_review():
    review = ReviewFactory(url="")
    return Review(claim=review.claim, reviewer=review.reviewer, verdict="false", explanation="Again.")


def second_review_at(url):
    ReviewFactory(url=url, reviewer=ActorFactory())
    return Review(claim=ClaimFactory(), reviewer=ActorFactory(), url=url)


def self_rebuttal():
    claim = ClaimFactory()
    return Rebuttal(rebutted=claim, counterclaim=claim)


def key_event(**values):
    return KeyEvent(slug="leak", title="A leak", kind="leak", date=NOV_16, date_precision="day", **values)


def second_technique_link():
    link = ClaimTechnique.objects.create(claim=ClaimFactory(), technique=Technique.objects.create(
        slug="doubt-t", name="Doubt T", definition="D"))
    return ClaimTechnique(claim=link.claim, technique=link.technique)


def verdict_signed_off_by_its_author():
    author = get_user_model().objects.create_user("author", "a@example.org", "a-long-password")
    review = ReviewFactory()
    return changed(review, verdict_by=author, signed_off_by=author, signed_off_at=timezone.now())


def second_link():
    link = RebuttalFactory()
    return Rebuttal(rebutted=link.rebutted, counterclaim=link.counterclaim)


# constraint: (an object that breaks it, the field the message is on, words of the message)
CASES = {
    "remark_date_has_precision": (lambda: changed(RemarkFactory(), date_precision=""), "date",
                                  "Say how precisely the date is known"),
    "remark_date_month_is_normalised": (lambda: changed(RemarkFactory(), date=NOV_16, date_precision="month"),
                                        "date", "write Nov 2019"),
    "remark_date_year_is_normalised": (lambda: changed(RemarkFactory(), date=NOV_16, date_precision="year"),
                                       "date", "write 2019"),
    "remark_original_words_have_language": (
        lambda: changed(RemarkFactory(), original_words="职业技能教育培训中心", original_language=""),
        "original_language", "Say which language the original words are in"),
    "remark_record_url_http": (lambda: changed(RemarkFactory(), record_url="javascript:alert(1)"), "record_url",
                               "starting with http:// or https://"),
    "appearance_quote_not_empty": (lambda: changed(AppearanceFactory(), quote=""), "quote", "cannot be blank"),
    "framingterm_original_script_has_language": (
        lambda: changed(FramingTermFactory(), original_script="再教育", original_language=""),
        "original_language", "Say which language the original script is in"),
    "framingterm_first_used_has_precision": (lambda: changed(FramingTermFactory(), first_used=NOV_16), "first_used",
                                             "Say how precisely the date is known"),
    "framingterm_first_used_month_is_normalised": (
        lambda: changed(FramingTermFactory(), first_used=NOV_16, first_used_precision="month"), "first_used",
        "write Nov 2019"),
    "framingterm_first_used_year_is_normalised": (
        lambda: changed(FramingTermFactory(), first_used=NOV_16, first_used_precision="year"), "first_used",
        "write 2019"),
    "rebuttal_not_self": (self_rebuttal, "counterclaim", "A claim cannot answer itself"),
    "rebuttal_pair_unique": (second_link, NON_FIELD_ERRORS, "This counterclaim already answers that claim"),
    "evidence_excerpt_not_empty": (lambda: changed(EvidenceFactory(), excerpt=""), "excerpt", "cannot be blank"),
    "review_url_http": (lambda: changed(ReviewFactory(), url="javascript:alert(1)"), "url",
                        "starting with http:// or https://"),
    "review_url_unique": (lambda: second_review_at("https://factcheck.example/1"), "url",
                          "A review at this address is already recorded, on the claim “Claim number"),
    "review_one_unpublished_per_reviewer": (second_unpublished_review, "reviewer",
                                            "This claim already has our own review"),
    "review_language_tag": (lambda: changed(ReviewFactory(), language="English!"), "language",
                            "Write the language as a tag such as “en”"),
    "actor_not_own_affiliation": (own_affiliation, "affiliation", "An actor cannot be its own affiliation"),
    "actor_wikidata_id_format": (lambda: changed(ActorFactory(), wikidata_id="42"), "wikidata_id",
                                 "A Wikidata id looks like Q42"),
    "actor_website_is_http": (lambda: changed(ActorFactory(), website="javascript:alert(1)"), "website", "URL"),
    "source_published_has_precision": (lambda: changed(SourceFactory(), published_precision=""), "published",
                                       "Say how precisely the date is known"),
    "source_published_month_is_normalised": (lambda: changed(SourceFactory(), published_precision="month"),
                                             "published", "write Nov 2019"),
    "source_published_year_is_normalised": (lambda: changed(SourceFactory(), published_precision="year"),
                                            "published", "write 2019"),
    "source_url_is_http": (lambda: changed(SourceFactory(), url="ftp://example.org/a"), "url",
                           "starting with http:// or https://"),
    "source_archive_url_is_http": (lambda: changed(SourceFactory(), archive_url="/relative/path"), "archive_url",
                                   "URL"),
    "framingterm_pinyin_reads_chinese": (lambda: changed(FramingTermFactory(), pinyin="zhiye jineng",
                                                         original_script="", original_language=""),
                                         "pinyin", "Pinyin reads Chinese characters"),
    "claim_withdrawn_has_reason_and_date": (lambda: changed(ClaimFactory(), status=Status.WITHDRAWN,
                                                            withdrawn_at=timezone.now(), withdrawn_reason=""),
                                            "withdrawn_reason", "Say why the claim is withdrawn"),
    "claim_published_has_date": (lambda: changed(ClaimFactory(), published_at=None), "status",
                                 "which dates the publication"),
    "claimtechnique_pair_unique": (second_technique_link, NON_FIELD_ERRORS, "already uses that technique"),
    "claimtechnique_phrase_has_rationale": (
        lambda: ClaimTechnique(claim=ClaimFactory(), phrase="no different",
                               technique=Technique.objects.create(slug="w-t", name="W T", definition="D")),
        "rationale", "why these words are this technique"),
    "keyevent_date_has_precision": (lambda: changed(key_event(), date_precision=""), "date",
                                    "Say how precisely the date is known"),
    "keyevent_date_month_is_normalised": (lambda: changed(key_event(), date_precision="month"), "date",
                                          "write Nov 2019"),
    "keyevent_date_year_is_normalised": (lambda: changed(key_event(), date_precision="year"), "date", "write 2019"),
    "keyevent_url_is_http": (lambda: key_event(url="ftp://example.org/a"), "url", "starting with http:// or https://"),
    "review_signed_off_by_another": (verdict_signed_off_by_its_author, "signed_off_by", "a second person"),
}


def constraints():
    """(model, constraint) of every named constraint of the apps editors write to."""
    return [(model, constraint) for app in ("sources", "claims") for model in apps.get_app_config(app).get_models()
            for constraint in model._meta.constraints]


def choices_field(constraint):
    """The field a choices_constraint (tracker.models_utils) holds to its choices, or None. A form offers only
    those choices, and full_clean() says "not a valid choice" on the field."""
    condition = getattr(constraint, "condition", None)
    lookup = condition.children[0] if condition is not None and condition.children else None
    if isinstance(lookup, tuple) and lookup[0].endswith("__in"):
        return lookup[0].removesuffix("__in")
    return None


def assert_told_plainly(obj, constraint_name, field, words):
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    errors = caught.value.message_dict
    everything = " ".join(message for messages in errors.values() for message in messages)
    assert constraint_name not in everything and "Constraint" not in everything, everything
    assert any(words in message for message in errors.get(field, [])), errors
    # The object really breaks that rule: the database refuses it by the constraint's name.
    with pytest.raises(IntegrityError, match=constraint_name), transaction.atomic():
        obj.save()


def test_every_constraint_has_a_case():
    missing = [c.name for model, c in constraints() if c.name not in CASES and not choices_field(c)]
    assert not missing, f"constraints an editor would meet by name: {missing}"


@pytest.mark.parametrize("name", CASES)
def test_each_constraint_is_told_in_words_on_its_field(name):
    build, field, words = CASES[name]
    assert_told_plainly(build(), name, field, words)


@pytest.mark.parametrize("model, constraint", [
    (m, c) for m, c in constraints()
    # A field no form shows (Claim.role, kept by the database) is not an editor's to break.
    if choices_field(c) and m._meta.get_field(choices_field(c)).editable
], ids=lambda value: getattr(value, "name", ""))
def test_a_value_outside_a_fields_choices_is_told_on_that_field(model, constraint):
    field = choices_field(constraint)
    obj = {"Claim": ClaimFactory, "Remark": RemarkFactory, "Appearance": AppearanceFactory, "Evidence": EvidenceFactory,
           "Review": ReviewFactory, "Actor": ActorFactory, "Source": SourceFactory,
           "FramingTerm": FramingTermFactory, "KeyEvent": key_event}[model.__name__]()
    assert_told_plainly(changed(obj, **{field: "xx"}), constraint.name, field, "is not a valid choice")


def test_a_self_rebuttal_is_told_on_both_claims_since_either_may_be_the_one_picked():
    errors = pytest.raises(ValidationError, self_rebuttal().full_clean).value.message_dict
    assert set(errors) == {"rebutted", "counterclaim"}


def test_another_reviewers_second_review_without_an_address_is_told_by_name():
    review = ReviewFactory(url="", reviewer=ActorFactory(name="Misbar"))
    second = Review(claim=review.claim, reviewer=review.reviewer, rating_label="مضلل")
    errors = pytest.raises(ValidationError, second.full_clean).value.message_dict
    assert errors["reviewer"] == ["Misbar already has a review of this claim without a web address: give this one "
                                  "its address (URL), or change that one."]
    # With its own address it is a review of its own.
    second.url = "https://misbar.example/1"
    second.full_clean()


def test_our_verdict_comes_with_its_reasons():
    review = Review(claim=ClaimFactory(), reviewer=our_reviewer(), verdict="false", explanation="  ")
    errors = pytest.raises(ValidationError, review.full_clean).value.message_dict
    assert errors == {"explanation": ["Say why: our verdict is published with its reasons."]}
    review.explanation = "The record contradicts it."
    review.full_clean()
    # Another organisation's rating is kept as published, with or without its reasons.
    Review(claim=ClaimFactory(), reviewer=ActorFactory(), verdict="false", url="https://x.example/1").full_clean()


def test_a_valid_object_passes_and_changing_an_existing_review_is_not_a_duplicate_of_itself():
    for obj in (RemarkFactory(), AppearanceFactory(), FramingTermFactory(), SourceFactory(), RebuttalFactory(),
                ReviewFactory(url="https://factcheck.example/2", reviewer=ActorFactory()), ReviewFactory()):
        obj.full_clean()
