"""The editorial flow in a real browser: a contributor drafts, the public sees nothing, an editor publishes, a
second person signs off the verdict, a correction changes a quote, and readers see the old and new words."""
import re

import pytest
from django.contrib.auth.models import Group, Permission

from claims.models import Claim
from claims.roles import create_roles

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-password-for-tests"
TALKING_POINT = "The boarding schools in Xinjiang are purely voluntary"
QUOTE = "All students attend the boarding schools of their own free will."
CORRECTED = "All students attend the boarding schools of their own free will, with their parents' consent."
COUNTERCLAIM = "Internal records show quotas for boarding school enrolment"


@pytest.fixture
def staff(django_user_model):
    # A transactional test's database was flushed after the one before: the roles a migration made are gone.
    create_roles(Group, Permission)
    users = {}
    for name, role in [("cora", "contributor"), ("eddie", "editor"), ("rita", "reviewer")]:
        user = django_user_model.objects.create_user(name, f"{name}@example.org", PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    return users


def signed_in(browser, server, username):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(re.compile(r"/admin/$"))
    return page


def choose(page, field_id, text):
    """Pick `text` in one of the admin's autocomplete (select2) fields."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", text)
    page.locator(".select2-results__option", has_text=text).first.click()


def add_inline(page, prefix, label):
    page.locator(f"#{prefix}-group .add-row a").click()
    page.wait_for_selector(f"#id_{prefix}-0-{label}")


def test_draft_publish_sign_off_correct_and_read_the_history(browser, seeded_live_server, staff):
    server = seeded_live_server
    reader = browser.new_context().new_page()

    # A contributor drafts a talking point with a remark and our verdict on it...
    cora = signed_in(browser, server, "cora")
    cora.goto(server.url + "/admin/claims/claim/add/")
    cora.fill("#id_text", TALKING_POINT)
    add_inline(cora, "reviews", "verdict")
    choose(cora, "id_reviews-0-reviewer", "Counterclaim")
    cora.select_option("#id_reviews-0-verdict", "false")
    cora.fill("#id_reviews-0-explanation", "Enrolment quotas contradict it.")
    add_inline(cora, "remarks", "words")
    choose(cora, "id_remarks-0-speaker", "Zhao Lijian")
    cora.fill("#id_remarks-0-words", QUOTE)
    cora.fill("#id_slug", "boarding-schools-voluntary")
    cora.click("input[name=_save]")
    cora.wait_for_url(re.compile(r"/admin/claims/claim/$"))

    # ... and a counterclaim answering it, with evidence.
    cora.goto(server.url + "/admin/claims/claim/add/")
    cora.fill("#id_text", COUNTERCLAIM)
    add_inline(cora, "evidence", "excerpt")
    choose(cora, "id_evidence-0-source", "Xinjiang Police Files")
    cora.fill("#id_evidence-0-excerpt", "Each township must fill its boarding school places.")
    cora.select_option("#id_evidence-0-kind", "document")
    cora.select_option("#id_evidence-0-strength", "strong")
    add_inline(cora, "rebuts", "rebutted")
    choose(cora, "id_rebuts-0-rebutted", TALKING_POINT[:30])
    cora.fill("#id_slug", "boarding-school-quotas")
    cora.click("input[name=_save]")
    cora.wait_for_url(re.compile(r"/admin/claims/claim/$"))

    # The public sees neither.
    assert reader.goto(server.url + "/claims/boarding-schools-voluntary/").status == 404
    reader.goto(server.url + "/claims/?q=boarding+schools")
    assert TALKING_POINT not in reader.content()

    # An editor publishes both.
    eddie = signed_in(browser, server, "eddie")
    for slug in ["boarding-schools-voluntary", "boarding-school-quotas"]:
        eddie.goto(server.url + f"/claims/{slug}/")
        assert "not public" in eddie.content()  # the editor's preview
        eddie.goto(server.url + f"/admin/claims/claim/{Claim.objects.get(slug=slug).pk}/change/")
        eddie.select_option("#id_status", "published")
        eddie.click("input[name=_save]")
        eddie.wait_for_url(re.compile(r"/admin/claims/claim/$"))

    reader.goto(server.url + "/claims/boarding-schools-voluntary/")
    page_text = reader.content()
    assert TALKING_POINT in page_text and COUNTERCLAIM in page_text
    assert "Enrolment quotas contradict it." not in page_text  # the verdict waits for its sign-off

    # A second person signs off the verdict.
    rita = signed_in(browser, server, "rita")
    rita.goto(server.url + "/admin/claims/review/?awaiting_sign_off__exact=1")
    rita.locator("input.action-select").first.check()
    rita.select_option("select[name=action]", "sign_off")
    rita.click("button[name=index]")
    rita.wait_for_selector("text=Signed off 1 verdict")  # the changelist again, after the action
    reader.goto(server.url + "/claims/boarding-schools-voluntary/")
    assert "Enrolment quotas contradict it." in reader.content()

    # An editor corrects the quote, with a kind and a reason.
    eddie.goto(server.url + f"/admin/claims/claim/{Claim.objects.get(slug='boarding-schools-voluntary').pk}/change/")
    eddie.fill("#id_remarks-0-words", CORRECTED)
    eddie.click("input[name=_save]")
    eddie.wait_for_selector("text=say what kind of change this is and why")  # refused without a reason
    eddie.fill("#id_remarks-0-words", CORRECTED)
    eddie.select_option("#id_change_kind", "correction")
    eddie.fill("#id_change_reason", "The transcript adds the parents' consent.")
    eddie.click("input[name=_save]")
    eddie.wait_for_url(re.compile(r"/admin/claims/claim/$"))

    # Readers see the old and new words, on the claim's history, on /corrections/ and in its feed.
    reader.goto(server.url + "/claims/boarding-schools-voluntary/")
    reader.get_by_role("link", name="History and corrections").click()
    reader.wait_for_url(re.compile(r"/history/$"))
    assert reader.locator(".change-reason").first.inner_text() == "Why: The transcript adds the parents' consent."
    assert "consent." in reader.locator(".diff ins").first.inner_text()
    assert "will." in reader.locator(".diff del").first.inner_text()
    reader.goto(server.url + "/corrections/")
    assert "The transcript adds the parents' consent." in reader.content()
    feed = reader.goto(server.url + "/feeds/corrections/")
    assert "The transcript adds the parents" in feed.text()
