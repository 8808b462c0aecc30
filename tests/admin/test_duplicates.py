"""Adding a claim worded like one already here: the form is held, with the similar claims listed and linked,
until the editor ticks "This is not a duplicate"."""
import re

import pytest
from django.urls import reverse

from claims.models import Claim
from tests.admin_forms import field_errors, form_data, noted
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db
# Seed: "Allegations of forced labor in Xinjiang are a lie fabricated out of thin air by the US and other Western
# countries." This rewording has a trigram similarity of 0.51 to it.
NEAR_DUPLICATE = "Allegations of forced labour in Xinjiang are lies made up by the US"


def add(client, text, **extra):
    url = reverse("admin:claims_claim_add")
    data = form_data(client.get(url).content)
    data.update(text=text, slug="", **extra)
    return client.post(url, data, follow=True)


def test_a_near_duplicate_is_held_with_the_similar_claim_linked(seed, editor_client):
    response = add(editor_client, NEAR_DUPLICATE)
    page = response.content.decode()
    assert response.redirect_chain == []
    assert not Claim.objects.filter(text=NEAR_DUPLICATE).exists()
    [message] = field_errors(page, "text")
    seed_claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    link = reverse("admin:claims_claim_change", args=[seed_claim.pk])
    assert message.startswith(f'Claims worded like this one are already here: “<a href="{link}" target="_blank" '
                              f'rel="noopener">{seed_claim.text}</a>”. Open them to check')
    # The confirmation is now a checkbox to tick, unticked.
    checkbox = re.search(r'<input type="checkbox" name="not_a_duplicate"[^>]*>', page)
    assert checkbox and "checked" not in checkbox.group()
    assert '<label class="vCheckboxLabel" for="id_not_a_duplicate">This is not a duplicate</label>' in page


def test_ticking_not_a_duplicate_saves_it_without_a_second_warning(seed, editor_client):
    response = add(editor_client, NEAR_DUPLICATE, not_a_duplicate="on")
    assert response.redirect_chain and response.status_code == 200
    assert Claim.objects.get(text=NEAR_DUPLICATE).slug == "allegations-of-forced-labour-in-xinjiang-are-lies-made-up-by"
    assert not [m for m in response.context["messages"] if "Similar claims" in str(m)]


def test_an_unrelated_claim_is_saved_at_once(seed, editor_client):
    page = form_data(editor_client.get(reverse("admin:claims_claim_add")).content)
    assert page["not_a_duplicate"] == ""  # hidden until there is something to confirm
    response = add(editor_client, "Cotton picking in Xinjiang is fully mechanised")
    assert response.redirect_chain
    assert Claim.objects.filter(text="Cotton picking in Xinjiang is fully mechanised").exists()


def test_the_listed_claims_are_escaped(editor_client):
    ClaimFactory(text="<script>alert(1)</script> Camps are boarding schools")
    response = add(editor_client, "<script>alert(1)</script> Camps are boarding schools!")
    page = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Camps are boarding schools</a>" in page
    assert "<script>alert(1)" not in page


def test_changing_an_existing_claim_is_not_held(seed, editor_client):
    claim = Claim.objects.get(slug="camps-are-schools-freeing-people-from-extremism")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    data = form_data(editor_client.get(url).content)
    data["text"] = Claim.objects.get(slug="forced-labor-is-a-lie").text + " Really."
    data.update(change_kind="update", change_reason="A published claim says why it changes.")
    assert editor_client.post(url, noted(data)).status_code == 302
