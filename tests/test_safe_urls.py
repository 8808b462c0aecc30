"""Only absolute http(s) URLs are stored (validators + named check constraints) and only those become links."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from claims.dataset import dump_dataset, export_dataset
from claims.models import Review
from sources.models import Actor, Source
from tests.factories import (
    ActorFactory, AppearanceFactory, ClaimFactory, EvidenceFactory, RemarkFactory, ReviewFactory, SourceFactory,
)

UNSAFE = ["javascript:alert(1)", "JAVASCRIPT:alert(1)", "data:text/html,<script>alert(1)</script>",
          "vbscript:msgbox", "/relative/path", "//evil.example/x", "ftp://example.org/file", "http:/one-slash",
          "https://"]
SAFE = ["https://example.org/report", "http://example.org", "HTTPS://EXAMPLE.ORG/A?b=c#d"]
FIELDS = [(Actor, "website", "actor_website_is_http"), (Source, "url", "source_url_is_http"),
          (Source, "archive_url", "source_archive_url_is_http"), (Review, "url", "review_url_http")]
FACTORIES = {Actor: ActorFactory, Source: SourceFactory, Review: ReviewFactory}


@pytest.mark.django_db
@pytest.mark.parametrize("model, field, constraint", FIELDS, ids=[f"{m.__name__}.{f}" for m, f, _ in FIELDS])
def test_every_url_field_refuses_unsafe_urls_in_validation_and_in_the_database(model, field, constraint):
    obj = FACTORIES[model]()
    for value in SAFE:
        setattr(obj, field, value)
        obj.full_clean()
    for value in UNSAFE:
        setattr(obj, field, value)
        with pytest.raises(ValidationError) as error:
            obj.full_clean()
        assert field in error.value.message_dict, value
    for value in ["javascript:alert(1)", "data:text/html,x", "/relative", "ftp://example.org/"]:
        with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
            model.objects.filter(pk=obj.pk).update(**{field: value})
    names = {c.name for c in model._meta.constraints}
    assert constraint in names


@pytest.fixture
def unsafe_rows_from_before_the_constraints(db):
    """Rows holding unsafe URLs, as the database could hold them before the constraints existed."""
    with connection.cursor() as cursor:
        for model, _, constraint in FIELDS:
            cursor.execute(f'ALTER TABLE "{model._meta.db_table}" DROP CONSTRAINT "{constraint}"')
    actor = ActorFactory(slug="speaker")
    source = SourceFactory(slug="report", publisher=actor)
    claim = ClaimFactory(slug="claim")
    review = ReviewFactory(claim=claim, explanation="No.", published=datetime.date(2024, 1, 2))
    RemarkFactory(claim=claim, speaker=actor, reports__source=source, words="Said.")
    EvidenceFactory(claim=claim, source=source, excerpt="Shown.")
    Actor.objects.filter(pk=actor.pk).update(website="javascript:alert('website')")
    Source.objects.filter(pk=source.pk).update(url="javascript:alert('url')", archive_url="data:text/html,archive")
    Review.objects.filter(pk=review.pk).update(url="javascript:alert('review')")
    return actor, source, claim


def test_unsafe_stored_urls_are_never_links_or_data(unsafe_rows_from_before_the_constraints, client):
    actor, source, claim = unsafe_rows_from_before_the_constraints
    pages = [actor.get_absolute_url(), source.get_absolute_url(), claim.get_absolute_url(),
             f"/api/actors/{actor.slug}/", f"/api/sources/{source.slug}/", f"/api/claims/{claim.slug}/",
             f"/claims/{claim.slug}/claimreview.json", "/api/sources/", "/api/actors/"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "javascript:" not in body.lower() and "data:text" not in body, url
    api = client.get(f"/api/sources/{source.slug}/").json()
    assert api["link"] == "" and api["archive_url"] == ""
    assert client.get(f"/api/actors/{actor.slug}/").json()["website"] == ""
    review = client.get(f"/claims/{claim.slug}/claimreview.json").json()
    assert review["url"] == f"http://testserver{claim.get_absolute_url()}"  # our page stands in for the review


def test_safe_urls_are_links(client, db):
    source = SourceFactory(url="https://example.org/report", archive_url="https://web.archive.org/x")
    AppearanceFactory(source=source, quote="Said.")
    page = client.get(source.get_absolute_url()).content.decode()
    assert '<a href="https://example.org/report"' in page and '<a href="https://web.archive.org/x"' in page
    assert client.get(f"/api/sources/{source.slug}/").json()["link"] == "https://example.org/report"


def test_the_dataset_importer_refuses_an_unsafe_url_in_one_line(db, tmp_path):
    SourceFactory(slug="report", url="https://example.org/report")
    data = export_dataset()
    data["sources"][0]["url"] = "javascript:alert(1)"
    path = tmp_path / "data.json"
    path.write_bytes(dump_dataset(data))
    Source.objects.all().delete()
    Actor.objects.all().delete()
    with pytest.raises(CommandError) as error:
        call_command("import_dataset", str(path))
    message = str(error.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: sources[0]: url:") and "http://" in message
    assert not Source.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_migration_blanks_unsafe_urls_before_adding_the_constraints():
    executor = MigrationExecutor(connection)
    before = [("sources", "0001_initial"), ("claims", "0003_claim_review_url")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    OldActor, OldSource, OldClaim = (apps.get_model(*name) for name in
                                     [("sources", "Actor"), ("sources", "Source"), ("claims", "Claim")])
    OldActor.objects.create(name="A", slug="a", kind="person", website="javascript:alert(1)")
    OldActor.objects.create(name="B", slug="b", kind="person", website="https://example.org/b")
    OldSource.objects.create(title="S", slug="s", kind="article", url="data:text/html,x",
                             archive_url="https://web.archive.org/s")
    OldClaim.objects.create(text="C", slug="c", review_url="javascript:void(0)")
    OldClaim.objects.create(text="D", slug="d", review_url="http://example.org/review")

    executor = MigrationExecutor(connection)
    with_constraints = [("sources", "0003_safe_urls"), ("claims", "0005_safe_review_urls")]
    executor.migrate(with_constraints)
    apps = executor.loader.project_state(with_constraints).apps
    assert dict(apps.get_model("sources", "Actor").objects.exclude(slug="counterclaim").values_list("slug", "website")) == {
        "a": "", "b": "https://example.org/b"}
    assert list(apps.get_model("sources", "Source").objects.values_list("url", "archive_url")) == [
        ("", "https://web.archive.org/s")]
    assert dict(apps.get_model("claims", "Claim").objects.values_list("slug", "review_url")) == {
        "c": "", "d": "http://example.org/review"}
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
