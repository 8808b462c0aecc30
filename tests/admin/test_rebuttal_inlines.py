"""The claim form's two rebuttal inlines say which way each link goes, in plain words, and do what they say."""
import re
from html import unescape

import pytest
from django.urls import reverse

from claims.models import Claim, Rebuttal
from tests.admin_forms import add_inline_row, form_data, noted

pytestmark = pytest.mark.django_db


def group(page, prefix):
    """The inline group `prefix` of the page: its heading, its column headers and its rows."""
    start = page.index(f'id="{prefix}-group"')
    return unescape(page[start:page.index("</fieldset>", start)])


def test_the_add_form_names_each_direction_with_help(editor_client):
    page = editor_client.get(reverse("admin:claims_claim_add")).content.decode()
    answering, answered = group(page, "rebuttals"), group(page, "rebuts")
    assert re.search(r'<h2 id="rebuttals-heading" class="inline-heading">\s*Counterclaims that answer this claim\s*</h2>',
                     answering)
    assert re.search(r'<h2 id="rebuts-heading" class="inline-heading">\s*Claims this claim answers\s*</h2>', answered)
    assert "A claim that answers (rebuts) the claim you are editing" in answering
    assert "How it answers this claim" in answering
    assert "A claim that the claim you are editing answers (rebuts)" in answered
    assert "How this claim answers it" in answered
    # The other inline's help is not repeated in this one.
    assert "the claim you are editing answers (rebuts)" not in answering


@pytest.mark.parametrize("prefix, field, expected", [
    ("rebuttals", "counterclaim", lambda edited, picked: (edited, picked)),  # picked answers the edited claim
    ("rebuts", "rebutted", lambda edited, picked: (picked, edited)),  # the edited claim answers picked
])
def test_each_inline_links_the_way_its_label_says(seed, editor_client, prefix, field, expected):
    edited = Claim.objects.get(slug="forced-labor-is-a-lie")
    picked = Claim.objects.exclude(pk=edited.pk).exclude(rebuttals__counterclaim=edited).exclude(
        rebuts__rebutted=edited).first()
    url = reverse("admin:claims_claim_change", args=[edited.pk])
    data = form_data(editor_client.get(url).content)
    add_inline_row(data, prefix, **{field: str(picked.pk), "note": "Answers it."})
    assert editor_client.post(url, noted(data)).status_code == 302
    rebutted, counterclaim = expected(edited, picked)
    assert Rebuttal.objects.filter(rebutted=rebutted, counterclaim=counterclaim, note="Answers it.").exists()
