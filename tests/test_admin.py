"""Editors work in the admin: every page of it answers for a superuser, with the whole seed."""
import pytest
from django.contrib import admin
from django.urls import reverse

from claims.models import Claim

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "editor@example.org", "a-long-password")
    client.force_login(user)
    return client


def admin_models():
    return [model for model in admin.site._registry if model._meta.app_label in {"claims", "sources"}]


@pytest.mark.parametrize("model", admin_models(), ids=lambda m: m._meta.label)
def test_every_admin_page_answers_for_a_superuser(seed, editor_client, model):
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    assert editor_client.get(changelist).status_code == 200
    assert editor_client.get(changelist, {"q": "Xinjiang"}).status_code == 200
    assert editor_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
    obj = model.objects.first()
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
    assert editor_client.get(change).status_code == 200


def test_the_claim_editor_shows_remarks_evidence_and_rebuttals_inline(seed, editor_client):
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    response = editor_client.get(reverse("admin:claims_claim_change", args=[claim.pk]))
    content = response.content.decode()
    assert "is the biggest lie of the century made by persons and agencies" in content
    remark = claim.remarks.get()
    assert reverse("admin:claims_remark_change", args=[remark.pk]) in content  # where its reports are edited
    reports = editor_client.get(reverse("admin:claims_remark_change", args=[remark.pk])).content.decode()
    assert "The so-called forced labor issue is a lie of the century fabricated out of thin air" in reports
    assert "Counterclaims that answer this claim" in content
    assert "Claims this claim answers" in content


def test_actor_autocomplete_finds_a_spokesperson(seed, editor_client):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": "Zhao", "app_label": "claims", "model_name": "remark", "field_name": "speaker"},
    )
    assert response.status_code == 200
    assert "Zhao Lijian" in [r["text"] for r in response.json()["results"]]


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(reverse("admin:claims_claim_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_editor_writes_aliases_one_per_line(seed, editor_client):
    from sources.models import Actor

    actor = Actor.objects.get(slug="hua-chunying")
    page = editor_client.get(reverse("admin:sources_actor_change", args=[actor.pk])).content.decode()
    assert "华春莹</textarea>" in page
    form = {
        "name": actor.name, "slug": actor.slug, "kind": actor.kind, "role": actor.role, "country": actor.country.code,
        "state_affiliated": "on", "description": actor.description, "website": "", "wikidata_id": "",
        "aliases": "华春莹\r\n\r\n  Hua Chun-ying  \r\n",
        # The actor is on public pages: a change says its kind and why.
        "change_kind": "update", "change_reason": "Adds the spelling used in older reports.",
    }
    response = editor_client.post(reverse("admin:sources_actor_change", args=[actor.pk]), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    actor.refresh_from_db()
    assert actor.aliases == ["华春莹", "Hua Chun-ying"]
