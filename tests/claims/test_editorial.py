"""The editorial workflow as readers and editors meet it: drafts stay private everywhere, roles limit who
publishes, verdicts need a second person, nothing is deleted, and every public change is dated and explained."""
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import roles
from claims.models import (
    Appearance, Claim, ClaimTechnique, FramingTerm, Review, Status, Technique, Verdict, our_reviewer,
)
from sources.models import Actor
from tests.factories import (
    ClaimFactory, EvidenceFactory, RebuttalFactory, RemarkFactory, SourceFactory, TopicFactory,
)
from tracker.history import ChangeKind, mark_change

pytestmark = pytest.mark.django_db

SECRET = "zebrafinch"  # a word nothing else in the data uses: what the test searches for
HIDDEN = "quokka"  # in the draft's words too, never in a URL: a page that shows it shows the draft


def user_in(django_user_model, role, name=None):
    user = django_user_model.objects.create_user(name or role, f"{name or role}@example.org", "a-long-password",
                                                 is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def draft(seed):
    """A drafted talking point with a quote, evidence, a topic and a draft counterclaim answering a public claim."""
    speaker = Actor.objects.get(slug="zhao-lijian")
    topic = TopicFactory(name=f"Topic {SECRET}", slug=f"topic-{SECRET}")
    claim = ClaimFactory(text=f"The {SECRET} programme is {HIDDEN} voluntary", slug=f"{SECRET}-claim", status=Status.DRAFT,
                         published_at=None)
    claim.topics.add(topic)
    source = SourceFactory(title="Press conference transcript")
    RemarkFactory(claim=claim, speaker=speaker, reports__source=source, words=f"The {SECRET} programme is {HIDDEN} voluntary.")
    EvidenceFactory(claim=claim, source=source, excerpt=f"Evidence about {SECRET} and {HIDDEN}.")
    answered = Claim.objects.get(slug="forced-labor-is-a-lie")
    counter = ClaimFactory(text=f"Leaked {SECRET} papers show {HIDDEN} quotas", slug=f"{SECRET}-counter", status=Status.DRAFT,
                           published_at=None)
    RebuttalFactory(rebutted=answered, counterclaim=counter)
    # Filed where readers browse: the answered claim's talking-point family, a glossary term, a technique.
    claim.family = answered.family
    claim.save()
    claim.framing_terms.add(FramingTerm.objects.order_by("slug").first())
    ClaimTechnique.objects.create(claim=claim, technique=Technique.objects.order_by("slug").first(),
                                  phrase=f"{HIDDEN} voluntary", rationale="Why.")
    return {"claim": claim, "counter": counter, "answered": answered, "speaker": speaker, "topic": topic,
            "source": source}


def public_pages(draft):
    claim, speaker, source, topic = draft["claim"], draft["speaker"], draft["source"], draft["topic"]
    return [
        "/", "/claims/", f"/claims/?q={SECRET}", f"/claims/?speaker={speaker.slug}", "/claims/export.csv",
        f"/claims/export.csv?q={SECRET}", f"/search/?q={SECRET}", f"/match/?text=The+{SECRET}+programme+is+voluntary",
        "/timeline/", speaker.get_absolute_url(), source.get_absolute_url(), "/sources/", "/actors/",
        topic.get_absolute_url(), "/topics/", "/glossary/", draft["answered"].get_absolute_url(),
        "/api/claims/", f"/api/claims/?q={SECRET}", f"/api/actors/{speaker.slug}/", f"/api/sources/{source.slug}/",
        f"/api/topics/{topic.slug}/", f"/api/search/?q={SECRET}", f"/api/match/?text=The+{SECRET}+programme",
        "/feeds/claims/", "/feeds/counterclaims/", f"/feeds/topics/{topic.slug}/claims/",
        f"/feeds/actors/{speaker.slug}/claims/", "/corrections/", "/feeds/corrections/",
        "/families/", claim.family.get_absolute_url(), f"/timeline/?family={claim.family.slug}",
        claim.framing_terms.get().get_absolute_url(), claim.techniques.get().get_absolute_url(),
    ]


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_draft_appears_on_no_public_page_and_its_own_address_is_a_404(client, draft):
    for url in public_pages(draft):
        response = client.get(url)
        assert response.status_code == 200, url
        assert HIDDEN.encode() not in body(response), url
    for url in [draft["claim"].get_absolute_url(), f"/api/claims/{draft['claim'].slug}/",
                f"/claims/{draft['claim'].slug}/claimreview.json", f"/compare/{draft['claim'].slug}/{draft['answered'].slug}/"]:
        assert client.get(url).status_code == 404, url


def test_published_it_appears_with_its_counts(client, draft):
    answered = draft["answered"]
    before = answered.rebuttal_count
    topic_page = client.get("/topics/").content.decode()
    assert f"Topic {SECRET}" in topic_page and "0 claims" in topic_page.split(f"Topic {SECRET}")[1][:200]
    Claim.objects.filter(pk__in=[draft["claim"].pk, draft["counter"].pk]).update(
        status=Status.PUBLISHED, published_at=answered.published_at)
    answered.refresh_from_db()
    assert answered.rebuttal_count == before + 1  # the database recounted when the counterclaim was published
    assert HIDDEN in client.get(f"/claims/?q={SECRET}").content.decode()
    assert HIDDEN in client.get(answered.get_absolute_url()).content.decode()
    assert client.get(draft["claim"].get_absolute_url()).status_code == 200


def test_an_editor_previews_a_draft_under_a_banner(client, draft, django_user_model):
    client.force_login(user_in(django_user_model, "contributor"))
    page = client.get(draft["claim"].get_absolute_url())
    assert page.status_code == 200
    assert "Draft, not public." in page.content.decode()


def test_a_withdrawn_claim_answers_410_with_its_reason_and_leaves_every_list(client, seed):
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    claim.status, claim.withdrawn_reason = Status.WITHDRAWN, "It merged two different statements."
    claim.withdrawn_at = claim.published_at
    claim.save()
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 410
    assert "It merged two different statements." in response.content.decode()
    assert claim.text not in client.get("/claims/?q=forced+labor").content.decode()
    assert client.get(reverse("claims:claim-history", args=[claim.slug])).status_code == 200


def test_a_withdrawn_claim_needs_a_reason(seed):
    from django.db import IntegrityError, transaction
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    claim.status = Status.WITHDRAWN
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


# ------------------------------------------------------------------ roles


def claim_form(claim, **changes):
    form = {"slug": claim.slug, "text": claim.text, "context": claim.context, "status": claim.status,
            "withdrawn_reason": claim.withdrawn_reason}
    for prefix in ["reviews", "remarks", "technique_links", "evidence", "rebuttals", "rebuts"]:
        form.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    form.update(changes)
    return form


def test_the_roles_exist_with_their_permissions(db):
    contributor, editor, reviewer = (Group.objects.get(name=n) for n in ("contributor", "editor", "reviewer"))
    codes = lambda group: set(group.permissions.values_list("codename", flat=True))  # noqa: E731
    assert {"add_claim", "change_claim", "add_remark", "add_appearance", "add_family"} <= codes(contributor)
    assert not {"publish_claim", "sign_off_review", "delete_claim"} & codes(contributor)
    assert {"publish_claim", "sign_off_review", "change_actor"} <= codes(editor)
    assert "delete_claim" not in codes(editor)
    assert {"sign_off_review", "change_review"} <= codes(reviewer) and "publish_claim" not in codes(reviewer)
    # What the migrations gave the groups is what claims/roles.py says: a model added there needs its migration.
    assert {name: codes(Group.objects.get(name=name)) for name in roles.ROLES} == {
        name: set(wanted) for name, wanted in roles.ROLES.items()}


def test_a_contributor_drafts_and_submits_but_cannot_publish(client, seed, django_user_model):
    client.force_login(user_in(django_user_model, "contributor"))
    add = reverse("admin:claims_claim_add")
    page = client.get(add).content.decode()
    assert 'value="published"' not in page  # the status menu offers draft and in review only
    response = client.post(add, claim_form(Claim(slug="new-draft", text="A brand new talking point"), status="draft"))
    assert response.status_code == 302
    claim = Claim.objects.get(slug="new-draft")
    response = client.post(reverse("admin:claims_claim_change", args=[claim.pk]), claim_form(claim, status="published"))
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    response = client.post(reverse("admin:claims_claim_change", args=[claim.pk]), claim_form(claim, status="in_review"))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.IN_REVIEW and claim.published_at is None


def test_a_contributor_cannot_change_what_is_published(client, seed, django_user_model):
    client.force_login(user_in(django_user_model, "contributor"))
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    response = client.post(url, claim_form(claim, text="Changed by a contributor"))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.text != "Changed by a contributor"


def test_an_editor_publishes_and_the_claim_is_dated(client, draft, django_user_model):
    client.force_login(user_in(django_user_model, "editor"))
    claim = draft["claim"]
    response = client.post(reverse("admin:claims_claim_change", args=[claim.pk]), claim_form(claim, status="published"))
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Status.PUBLISHED and claim.published_at is not None
    assert claim.history.first().change_kind == ChangeKind.PUBLISHED
    assert client.get(claim.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("model", ["claim", "remark", "appearance", "evidence", "rebuttal", "review", "actor", "source",
                                   "topic", "technique", "framingterm", "family"])
def test_nothing_can_be_deleted_even_by_a_superuser(client, seed, django_user_model, model):
    client.force_login(django_user_model.objects.create_superuser("boss", "boss@example.org", "a-long-password"))
    app = "sources" if model in ("actor", "source") else "claims"
    from django.apps import apps
    obj = apps.get_model(app, model).objects.first()
    assert client.get(reverse(f"admin:{app}_{model}_delete", args=[obj.pk])).status_code == 403
    assert client.post(reverse(f"admin:{app}_{model}_delete", args=[obj.pk]), {"post": "yes"}).status_code == 403
    assert apps.get_model(app, model).objects.filter(pk=obj.pk).exists()


# ------------------------------------------------------------------ sign-off


def test_a_verdict_is_public_only_after_a_second_person_signs_it_off(client, seed, django_user_model):
    author, second = user_in(django_user_model, "editor", "author"), user_in(django_user_model, "reviewer", "second")
    claim = ClaimFactory(text="A fresh claim to rate", slug="fresh-claim")
    review = Review(claim=claim, reviewer=our_reviewer(), verdict=Verdict.FALSE, explanation="Leaked files say otherwise.")
    review.submit_verdict(author)
    review.save()
    assert "Leaked files say otherwise." not in client.get(claim.get_absolute_url()).content.decode()
    assert client.get(f"/api/claims/?verdict=false&q=fresh").json()["count"] == 0

    from django.core.exceptions import ValidationError
    with pytest.raises(ValidationError, match="second person"):
        review.sign_off(author)
    review.sign_off(second)
    assert "Leaked files say otherwise." in client.get(claim.get_absolute_url()).content.decode()
    assert client.get(f"/api/claims/?verdict=false&q=fresh").json()["count"] == 1


def test_the_sign_off_action_refuses_the_author_and_accepts_a_reviewer(client, seed, django_user_model):
    author, second = user_in(django_user_model, "editor", "author"), user_in(django_user_model, "reviewer", "second")
    review = Review.objects.ours().first()
    review.submit_verdict(author)
    review.save()
    changelist = reverse("admin:claims_review_changelist")
    client.force_login(author)
    client.post(changelist, {"action": "sign_off", "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert review.awaiting_sign_off
    client.force_login(second)
    client.post(changelist, {"action": "sign_off", "_selected_action": [review.pk]})
    review.refresh_from_db()
    assert not review.awaiting_sign_off and review.signed_off_by == second


def test_a_contributor_cannot_sign_off(client, seed, django_user_model):
    client.force_login(user_in(django_user_model, "contributor"))
    page = client.get(reverse("admin:claims_review_changelist")).content.decode()
    assert 'value="sign_off"' not in page


# ------------------------------------------------------------------ history and corrections


def correct_quote(client, editor, claim, remark, new_words, kind="correction", reason="The transcript says so."):
    """Change a remark's words in the claim's admin form, as an editor would."""
    client.force_login(editor)
    form = claim_form(claim, change_kind=kind, change_reason=reason)
    form.update({"remarks-TOTAL_FORMS": "1", "remarks-INITIAL_FORMS": "1", "remarks-0-id": remark.pk,
                 "remarks-0-claim": claim.pk, "remarks-0-speaker": remark.speaker_id, "remarks-0-words": new_words,
                 "remarks-0-date": remark.date_iso or "", "remarks-0-venue": remark.venue,
                 "remarks-0-original_words": remark.original_words,
                 "remarks-0-original_language": remark.original_language, "remarks-0-record_url": remark.record_url,
                 "remarks-0-date_basis": remark.date_basis})
    return client.post(reverse("admin:claims_claim_change", args=[claim.pk]), form)


def test_changing_a_published_quote_needs_a_kind_and_a_reason(client, seed, django_user_model):
    editor = user_in(django_user_model, "editor")
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    remark = claim.remarks.first()
    response = correct_quote(client, editor, claim, remark, "Words changed without a reason.", kind="", reason="")
    assert response.status_code == 200
    assert "say what kind of change this is and why" in response.content.decode()
    remark.refresh_from_db()
    assert remark.words != "Words changed without a reason."


def test_a_correction_shows_old_and_new_words_on_the_history_page_and_corrections(client, seed, django_user_model):
    editor = user_in(django_user_model, "editor")
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    remark = claim.remarks.first()
    old = remark.words
    new = old.rstrip(".") + " <b>entirely</b>."
    response = correct_quote(client, editor, claim, remark, new, reason="The transcript adds a word.")
    assert response.status_code == 302, response.content.decode()[:3000]

    history = client.get(reverse("claims:claim-history", args=[claim.slug])).content.decode()
    assert "Correction" in history and "The transcript adds a word." in history
    assert "<ins>&lt;b&gt;entirely&lt;/b&gt;.</ins>" in history  # the new word, escaped
    assert "<del>" in history
    page = client.get(claim.get_absolute_url()).content.decode()
    assert "Last updated" in page
    corrections = client.get("/corrections/").content.decode()
    assert "The transcript adds a word." in corrections and claim.text in corrections
    feed = client.get("/feeds/corrections/").content.decode()
    assert "The transcript adds a word." in feed and "<feed" in feed
    claim.refresh_from_db()
    assert client.get(f"/api/claims/{claim.slug}/").json()["updated"] == claim.last_updated.isoformat().replace(
        "+00:00", "Z")
    review = client.get(f"/claims/{claim.slug}/claimreview.json").json()
    assert review["dateModified"] == claim.last_updated.date().isoformat()  # our review of a corrected page


def test_housekeeping_is_recorded_but_not_shown_to_readers(client, seed, django_user_model):
    editor = user_in(django_user_model, "editor")
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    remark = claim.remarks.first()
    response = correct_quote(client, editor, claim, remark, remark.words + " [sic]", kind="housekeeping",
                             reason="Trailing space.")
    assert response.status_code == 302
    assert "Trailing space." not in client.get(reverse("claims:claim-history", args=[claim.slug])).content.decode()
    assert remark.history.filter(change_kind="housekeeping", history_change_reason="Trailing space.").exists()


def test_seed_loading_wrote_an_initial_version_of_everything(seed):
    assert Claim.history.filter(history_type="+", history_change_reason="Loaded from the seed dataset").count() == 40
    assert Actor.history.filter(history_type="+").count() >= 54


def test_an_editor_restores_an_earlier_version_and_the_restore_is_recorded(client, seed, django_user_model):
    editor = user_in(django_user_model, "editor")
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    original = claim.text
    mark_change(claim, ChangeKind.CORRECTION, "A wrong fix.")
    claim.text = "A wrong wording"
    claim.save()
    first = claim.history.get(history_type="+")
    client.force_login(editor)
    url = reverse("admin:claims_claim_simple_history", args=[claim.pk, first.history_id])
    assert client.get(url).status_code == 200
    response = client.post(url, claim_form(Claim(slug=claim.slug, text=original, context=claim.context,
                                                 status=claim.status), change_kind="correction",
                                           change_reason="The earlier wording was right."))
    assert response.status_code == 302, response.content.decode()[:3000]
    claim.refresh_from_db()
    assert claim.text == original
    latest = claim.history.first()
    assert latest.history_change_reason.startswith("Restored an earlier version.")
    assert latest.history_user == editor and latest.changes[0]["new"] == original


def test_feeds_per_topic_and_speaker_list_new_published_claims(client, seed):
    topic = TopicFactory(name="Cotton", slug="cotton-feed")
    claim = ClaimFactory(text="Cotton is picked by machines", slug="cotton-machines")
    claim.topics.add(topic)
    speaker = Actor.objects.get(slug="zhao-lijian")
    RemarkFactory(claim=claim, speaker=speaker)
    assert "Cotton is picked by machines" in client.get("/feeds/topics/cotton-feed/claims/").content.decode()
    assert "Cotton is picked by machines" in client.get("/feeds/actors/zhao-lijian/claims/").content.decode()
    assert "Cotton is picked by machines" not in client.get("/feeds/counterclaims/").content.decode()
    assert client.get("/feeds/topics/no-such-topic/claims/").status_code == 404


def test_history_and_corrections_pages_take_the_same_queries_however_much_changed(client, seed):
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    url = reverse("claims:claim-history", args=[claim.slug])

    def counts():
        with CaptureQueriesContext(connection) as history:
            client.get(url)
        with CaptureQueriesContext(connection) as everything:
            client.get("/corrections/")
        return len(history), len(everything)

    def correct(n):
        for report in Appearance.objects.filter(remark__claim=claim).order_by("pk")[:n]:  # the claim has 3 reports
            mark_change(report, ChangeKind.CORRECTION, f"Fix {report.pk}")
            report.quote += " (corrected)"
            report.save()

    correct(1)
    few = counts()
    correct(3)
    # history: the claim, its changes (one union) and their count; corrections: the union and its count;
    # two more on each for ATOMIC_REQUESTS' savepoint.
    assert counts() == few == (5, 4)
    page = client.get(url).content.decode()
    assert all(f"Fix {pk}" in page for pk in Appearance.objects.filter(remark__claim=claim).values_list("pk", flat=True))
