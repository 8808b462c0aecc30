"""The dataset commands: a lossless, byte-identical round trip, and imports that refuse or roll back cleanly."""
import datetime
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from claims.dataset import dump_dataset, export_dataset
from claims.models import Appearance, Claim, Evidence, FramingTerm, KeyEvent, Rebuttal, Review, Technique, Topic
from sources.models import Actor, Source

ALL_MODELS = (Actor, Source, Topic, Technique, FramingTerm, KeyEvent, Claim, Appearance, Evidence, Rebuttal, Review)


def counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def empty_database():
    # Claims first (appearances, evidence and rebuttals go with them), then what they protected.
    for model in (Claim, KeyEvent, Source, Actor, Topic, Technique, FramingTerm):
        model.objects.all().delete()


@pytest.mark.django_db
def test_round_trip_on_the_full_seed_is_byte_identical(seed, tmp_path):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    before = counts()
    call_command("export_dataset", str(first), verbosity=0)
    empty_database()
    assert sum(counts().values()) == 0
    call_command("import_dataset", str(first), verbosity=0)
    assert counts() == before
    call_command("export_dataset", str(second), verbosity=0)
    assert second.read_bytes() == first.read_bytes()


@pytest.mark.django_db
def test_export_is_the_documented_format_and_carries_what_the_seed_holds(seed, tmp_path):
    out = tmp_path / "out.json"
    call_command("export_dataset", str(out), verbosity=0)
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["format"] == "counterclaim-dataset" and data["version"] == 3
    seed_data = json.loads(open("claims/data/seed.json", encoding="utf-8").read())
    for key in ("actors", "sources", "topics", "techniques", "framing_terms", "key_events", "claims", "rebuttals"):
        assert len(data[key]) == len(seed_data[key]), key
    # Every value the seed file gives comes back out unchanged (lists compared as sets of slugs).
    exported_claims = {c["slug"]: c for c in data["claims"]}
    for claim in seed_data["claims"]:
        out_claim = exported_claims[claim["slug"]]
        for key in ("text", "context", "reviews"):
            assert out_claim[key] == claim[key], (claim["slug"], key)
        assert sorted(out_claim["topics"]) == sorted(claim["topics"])
        assert len(out_claim["appearances"]) == len(claim["appearances"])
        assert len(out_claim["evidence"]) == len(claim["evidence"])
    exported_actors = {a["slug"]: a for a in data["actors"]}
    for actor in seed_data["actors"]:
        for key, value in actor.items():
            assert exported_actors[actor["slug"]][key] == value, (actor["slug"], key)


@pytest.mark.django_db
def test_export_is_the_same_bytes_as_dump_dataset(seed, tmp_path):
    out = tmp_path / "out.json"
    call_command("export_dataset", str(out), verbosity=0)
    assert out.read_bytes() == dump_dataset(export_dataset())


@pytest.mark.django_db
def test_import_into_a_database_with_data_refuses_without_merge(seed, tmp_path):
    out = tmp_path / "out.json"
    call_command("export_dataset", str(out), verbosity=0)
    before = counts()
    with pytest.raises(CommandError, match=r"out\.json: .*already holds data"):
        call_command("import_dataset", str(out), verbosity=0)
    call_command("import_dataset", str(out), "--merge", verbosity=0)
    assert counts() == before


@pytest.mark.django_db
def test_a_broken_file_writes_nothing(seed, tmp_path):
    out = tmp_path / "out.json"
    call_command("export_dataset", str(out), verbosity=0)
    data = json.loads(out.read_text(encoding="utf-8"))
    empty_database()
    # Everything before the last claim is valid; the last claim's appearance names an unknown speaker.
    data["claims"][-1]["appearances"][0]["speaker"] = "nobody-by-that-slug"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.json: claims\[\d+\]\.appearances\[0\]\.speaker: no actor"):
        call_command("import_dataset", str(broken), verbosity=0)
    assert sum(counts().values()) == 0


@pytest.mark.django_db
def test_not_json_and_wrong_format_name_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.json: not valid JSON"):
        call_command("import_dataset", str(bad), verbosity=0)
    bad.write_text('{"format": "something-else"}', encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.json: not a Counterclaim dataset"):
        call_command("import_dataset", str(bad), verbosity=0)


@pytest.mark.django_db
def test_reviews_round_trip_with_their_reviewer_and_rating(tmp_path):
    from tests.factories import ActorFactory, ClaimFactory, ReviewFactory

    claim = ClaimFactory(slug="reviewed", verdict="false", verdict_explanation="Because.", reviewed_on="2020-01-02")
    ReviewFactory(
        claim=claim, reviewer=ActorFactory(slug="misbar", name="مسبار", aliases=["Misbar"]),
        url="https://misbar.com/factcheck/1", title="عنوان", language="ar", rating_label="مضلل", rating_value=None,
        verdict="misleading", explanation="", published=datetime.date(2021, 3, 3), modified=datetime.date(2021, 3, 4),
    )
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    call_command("export_dataset", str(first), verbosity=0)
    empty_database()
    call_command("import_dataset", str(first), verbosity=0)
    call_command("export_dataset", str(second), verbosity=0)
    assert second.read_bytes() == first.read_bytes()
    assert sorted(Review.objects.values_list("reviewer__slug", "url", "verdict", "rating_label", "modified")) == [
        ("counterclaim", "", "false", "", None),
        ("misbar", "https://misbar.com/factcheck/1", "misleading", "مضلل", datetime.date(2021, 3, 4)),
    ]
    assert Actor.objects.get(slug="misbar").aliases == ["Misbar"]


def test_actor_aliases_travel_in_the_dataset(seed):
    data = export_dataset()
    zhao = next(actor for actor in data["actors"] if actor["slug"] == "zhao-lijian")
    assert zhao["aliases"] == ["赵立坚"]
    mfa = next(actor for actor in data["actors"] if actor["slug"] == "mfa")
    assert "MFA" in mfa["aliases"]


@pytest.mark.parametrize("aliases, place", [
    ("赵立坚", r"actors\[0\]\.aliases: expected a list of strings"),
    ([1, 2], r"actors\[0\]\.aliases\[0\]: expected a string, got a number"),
    ({"a": "b"}, r"actors\[0\]\.aliases: expected a list of strings"),
])
def test_aliases_that_are_not_a_list_of_strings_are_refused_with_the_place(db, aliases, place):
    from claims.dataset import DatasetError, import_dataset

    data = {"format": "counterclaim-dataset", "version": 2, "actors": [
        {"slug": "zhao-lijian", "name": "Zhao Lijian", "kind": "person", "aliases": aliases}]}
    with pytest.raises(DatasetError, match=place):
        import_dataset(data)
    assert not Actor.objects.exclude(slug=settings.REVIEWER["slug"]).exists()  # only our own, from a migration


def test_aliases_are_optional_on_import(db):
    from claims.dataset import import_dataset

    import_dataset({"format": "counterclaim-dataset", "version": 2, "actors": [
        {"slug": "zhao-lijian", "name": "Zhao Lijian", "kind": "person"}]})
    assert Actor.objects.get(slug="zhao-lijian").aliases == []
