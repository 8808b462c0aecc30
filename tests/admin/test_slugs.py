"""Slugs in the admin: short and readable whatever the text, made on the server when left empty or when the
browser's prefill cut a word in two, unique; an existing slug never changes with its text."""
import pytest
from django.urls import reverse
from django.utils.text import slugify

from claims.models import Claim
from sources.models import Actor
from tests.admin_forms import form_data, noted
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
LONG_TEXT = ("The so-called vocational education and training centres in Xinjiang are boarding schools that people "
             "attend of their own free will.")
LONG_SLUG = "the-so-called-vocational-education-and-training-centres-in"


def add_claim(client, text, slug="", **extra):
    url = reverse("admin:claims_claim_add")
    data = form_data(client.get(url).content)
    data.update(text=text, slug=slug, **extra)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return Claim.objects.get(text=text)


def test_the_add_form_prefills_at_most_sixty_characters(editor_client):
    page = editor_client.get(reverse("admin:claims_claim_add")).content.decode()
    assert "&quot;maxLength&quot;: 60" in page
    assert "Leave it empty to make a short one from the text" in page


def test_a_long_claim_left_without_a_slug_gets_a_short_one_cut_between_words(editor_client):
    assert len(LONG_TEXT) == 131
    assert add_claim(editor_client, LONG_TEXT).slug == LONG_SLUG


def test_the_browsers_prefill_cut_mid_word_is_made_again_at_a_word_boundary(editor_client):
    prefill = slugify(LONG_TEXT)[:60]
    assert prefill == LONG_SLUG + "-x"  # what prepopulate.js fills in: "…-in-x" from "in Xinjiang"
    assert add_claim(editor_client, LONG_TEXT, slug=prefill).slug == LONG_SLUG


def test_a_slug_already_taken_gets_a_number(editor_client):
    ClaimFactory(slug=LONG_SLUG, text="An unrelated claim that happens to hold the slug")
    assert add_claim(editor_client, LONG_TEXT).slug == LONG_SLUG + "-2"


@pytest.mark.parametrize("text, slug", [
    ("新疆的职业技能教育培训中心是帮助学员摆脱极端主义的学校，学员可以自由离开，没有任何人被强迫参加培训",
     "xin-jiang-de-zhi-ye-ji-neng-jiao-yu-pei-xun-zhong-xin-shi"),
    ("مراكز التدريب المهني في شينجيانغ هي مدارس داخلية يلتحق بها الناس طوعاً ويمكنهم مغادرتها متى شاؤوا",
     "mrkz-ltdryb-lmhny-fy-shynjyngh-hy-mdrs-dkhlyh-ylthq-bh-lns"),
])
def test_a_claim_in_another_script_gets_a_readable_slug(editor_client, text, slug):
    # The prefill script drops what it cannot transliterate: the field comes empty and the server makes it.
    assert add_claim(editor_client, text).slug == slug


def test_a_slug_the_editor_chose_is_kept(editor_client):
    assert add_claim(editor_client, LONG_TEXT, slug="camps-are-boarding-schools").slug == "camps-are-boarding-schools"


def test_editing_the_text_keeps_the_address(seed, editor_client):
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(editor_client.get(url).content)
    data["text"] = "Reports of forced labour in Xinjiang are the lie of the century"
    assert editor_client.post(url, noted(data)).status_code == 302
    assert Claim.objects.get(pk=claim.pk).slug == "forced-labor-is-a-lie"


def test_an_actor_named_in_chinese(editor_client):
    url = reverse("admin:sources_actor_add")
    data = form_data(editor_client.get(url).content)
    data.update(name="新疆维吾尔自治区人民政府新闻办公室", kind="government-body", slug="")
    assert editor_client.post(url, noted(data)).status_code == 302
    assert Actor.objects.get(name=data["name"]).slug == "xin-jiang-wei-wu-er-zi-zhi-qu-ren-min-zheng-fu-xin-wen-ban"
