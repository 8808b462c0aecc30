"""Through the admin's own forms, as an editor fills them in: each rule an editor can break is told in plain words on
the field to fix, nothing is saved, and no constraint's name reaches the page (tests/test_validation_messages.py
holds every rule at the model level)."""
import pytest
from django.apps import apps
from django.urls import reverse

from claims.models import Claim, FramingTerm, Rebuttal, Remark, Review
from sources.models import Actor, Source
from tests.admin_forms import add_inline_row, field_errors, form_data
from tests.factories import ActorFactory, ReviewFactory

pytestmark = pytest.mark.django_db
CONSTRAINT_NAMES = [c.name for app in ("claims", "sources") for m in apps.get_app_config(app).get_models()
                    for c in m._meta.constraints]


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def refused(client, url, data, field, words):
    """Post `data`: the form comes back (200) with `words` in the messages on `field`, and no constraint named."""
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200, page[:500]
    assert any(words in message for message in field_errors(page, field)), field_errors(page, field)
    assert not [name for name in CONSTRAINT_NAMES if name in page]
    return page


@pytest.fixture
def claim_form(seed, editor_client):
    """The change form of a seed talking point (its reviews, quotes and counterclaims inline), as the page offers it."""
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    url = change_url(claim)
    return claim, url, form_data(editor_client.get(url).content)


def test_an_original_quote_without_its_language(editor_client, claim_form):
    claim, url, data = claim_form
    before = list(Remark.objects.filter(claim=claim).values_list("original_words", flat=True))
    data.update({"remarks-0-original_words": "所谓强迫劳动问题是世纪谎言", "remarks-0-original_language": ""})
    refused(editor_client, url, data, "remarks-0-original_language", "Say which language the original words are in")
    assert list(Remark.objects.filter(claim=claim).values_list("original_words", flat=True)) == before


@pytest.mark.parametrize("inline, picked", [("rebuttals", "counterclaim"), ("rebuts", "rebutted")])
def test_a_claim_answering_itself_in_either_inline(editor_client, claim_form, inline, picked):
    claim, url, data = claim_form
    links = Rebuttal.objects.count()
    row = add_inline_row(data, inline, **{picked: str(claim.pk)})
    refused(editor_client, url, data, f"{inline}-{row}-{picked}", "A claim cannot answer itself")
    assert Rebuttal.objects.count() == links


def test_a_counterclaim_linked_twice(seed, editor_client):
    link = Rebuttal.objects.first()
    data = {"rebutted": link.rebutted_id, "counterclaim": link.counterclaim_id, "note": ""}
    response = editor_client.post(reverse("admin:claims_rebuttal_add"), data)
    assert "This counterclaim already answers that claim." in response.content.decode()
    assert Rebuttal.objects.filter(rebutted=link.rebutted, counterclaim=link.counterclaim).count() == 1


def test_a_review_address_already_recorded(editor_client, claim_form):
    claim, url, data = claim_form
    held = ReviewFactory(url="https://factcheck.example/held", reviewer=ActorFactory(name="Misbar"))
    row = add_inline_row(data, "reviews", reviewer=str(held.reviewer_id), url=held.url, rating_label="False")
    refused(editor_client, url, data, f"reviews-{row}-url", "A review at this address is already recorded")
    assert not claim.reviews.filter(url=held.url).exists()


def test_a_second_review_of_ours_on_the_change_form(editor_client, claim_form):
    claim, url, data = claim_form
    row = add_inline_row(data, "reviews", reviewer=data["reviews-0-reviewer"], verdict="false", explanation="Again.")
    refused(editor_client, url, data, f"reviews-{row}-reviewer", "This claim already has our own review")
    assert claim.reviews.count() == 1


def test_two_reviews_of_ours_on_the_add_form(seed, editor_client):
    url = reverse("admin:claims_claim_add")
    data = form_data(editor_client.get(url).content)
    data.update({"text": "An entirely new claim about cotton exports", "slug": "new-cotton-claim"})
    ours = str(Actor.objects.get(slug="counterclaim").pk)
    for _ in range(2):
        add_inline_row(data, "reviews", reviewer=ours, verdict="false", explanation="Contradicted.")
    refused(editor_client, url, data, "reviews-1-reviewer", "This claim already has our own review")
    assert not Claim.objects.filter(slug="new-cotton-claim").exists()


def test_a_review_language_that_is_not_a_tag(editor_client, claim_form):
    claim, url, data = claim_form
    data["reviews-0-language"] = "English"
    refused(editor_client, url, data, "reviews-0-language", "Write the language as a tag")
    assert claim.reviews.get().language == "en"


def test_our_verdict_without_its_reasons(editor_client, claim_form):
    claim, url, data = claim_form
    data["reviews-0-explanation"] = ""
    refused(editor_client, url, data, "reviews-0-explanation", "Say why")
    assert claim.reviews.get().explanation


def test_an_original_script_without_its_language(seed, editor_client):
    term = FramingTerm.objects.exclude(original_script="").first()
    data = form_data(editor_client.get(change_url(term)).content)
    data["original_language"] = ""
    refused(editor_client, change_url(term), data, "original_language", "Say which language the original script is in")
    term.refresh_from_db()
    assert term.original_language


def test_an_actor_as_its_own_affiliation(seed, editor_client):
    actor = Actor.objects.get(slug="zhao-lijian")
    data = form_data(editor_client.get(change_url(actor)).content)
    data["affiliation"] = str(actor.pk)
    refused(editor_client, change_url(actor), data, "affiliation", "An actor cannot be its own affiliation")
    actor.refresh_from_db()
    assert actor.affiliation_id != actor.pk
    data.update({"affiliation": "", "website": "ftp://mfa.example/"})
    refused(editor_client, change_url(actor), data, "website", "starting with http:// or https://")


def test_addresses_that_are_not_web_addresses(seed, editor_client):
    source = Source.objects.exclude(url="").first()
    data = form_data(editor_client.get(change_url(source)).content)
    data.update({"url": "ftp://example.org/leak.pdf", "archive_url": "javascript:alert(1)"})
    page = refused(editor_client, change_url(source), data, "url", "starting with http:// or https://")
    assert field_errors(page, "archive_url") == ["Enter an absolute web address starting with http:// or https://."]
    assert Source.objects.get(pk=source.pk).url == source.url
