"""The dataset commands: a lossless, byte-identical round trip, and imports that refuse or roll back cleanly."""
import datetime
import json

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from claims import dataset
from claims.dataset import dump_dataset, export_dataset
from claims.models import (
    Appearance, Claim, ClaimTechnique, Evidence, Family, FramingTerm, KeyEvent, Rebuttal, Remark, Review, Technique, Topic,
)
from sources.models import Actor, Source

ALL_MODELS = (Actor, Source, Topic, Technique, FramingTerm, KeyEvent, Family, Claim, Remark, Appearance, Evidence,
              Rebuttal, Review)


def counts():
    return {model.__name__: model.objects.count() for model in ALL_MODELS}


def empty_database():
    # Claims first (remarks, reports, evidence and rebuttals go with them), then what they protected.
    for model in (Claim, KeyEvent, Source, Actor, Topic, Technique, FramingTerm, Family):
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
    assert data["format"] == "counterclaim-dataset" and data["version"] == 4
    seed_data = json.loads(open("claims/data/seed.json", encoding="utf-8").read())
    for key in ("actors", "sources", "topics", "techniques", "framing_terms", "key_events", "families", "claims",
                "rebuttals"):
        assert len(data[key]) == len(seed_data[key]), key
    # Every value the seed file gives comes back out unchanged (lists compared as sets of slugs).
    exported_claims = {c["slug"]: c for c in data["claims"]}
    for claim in seed_data["claims"]:
        out_claim = exported_claims[claim["slug"]]
        for key in ("text", "context", "reviews", "family"):
            assert out_claim[key] == claim[key], (claim["slug"], key)
        # Remarks and their reports, whatever order the file lists them in.
        canonical = lambda remarks: sorted(  # noqa: E731
            json.dumps({**r, "reports": sorted(json.dumps(a, sort_keys=True) for a in r["reports"])}, sort_keys=True)
            for r in remarks)
        assert canonical(out_claim["remarks"]) == canonical(claim["remarks"]), claim["slug"]
        assert sorted(out_claim["topics"]) == sorted(claim["topics"])
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
    # Everything before the last claim is valid; the last claim's remark names an unknown speaker.
    data["claims"][-1]["remarks"][0]["speaker"] = "nobody-by-that-slug"
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken\.json: claims\[\d+\]\.remarks\[0\]\.speaker: no actor"):
        call_command("import_dataset", str(broken), verbosity=0)
    assert sum(counts().values()) == 0


@pytest.mark.django_db
def test_a_broken_object_after_many_batches_writes_nothing(seed, tmp_path, monkeypatch):
    monkeypatch.setattr(dataset, "BATCH", 3)  # the seed's 40 claims, 3 at a time: 13 batches written before
    data = export_dataset()
    empty_database()
    data["rebuttals"][-1]["rebuts"] = "no-such-claim"
    broken = tmp_path / "broken.json"
    broken.write_bytes(dump_dataset(data))
    with pytest.raises(CommandError, match=r"rebuttals\[\d+\]\.rebuts: no claim with slug 'no-such-claim'"):
        call_command("import_dataset", str(broken), verbosity=0)
    assert sum(counts().values()) == 0


@pytest.mark.django_db
def test_a_merge_updates_what_changed_records_it_in_history_and_sets_labels_as_the_file_has_them(seed, tmp_path):
    data = export_dataset()
    claim = next(c for c in data["claims"] if len(c["topics"]) >= 2 and c["remarks"])
    claim["text"] = "Reworded."
    claim["topics"] = claim["topics"][1:2]
    claim["remarks"][0]["date_basis"] = "A new basis."
    claim["evidence"].append({"source": data["sources"][0]["slug"], "excerpt": "A new excerpt.", "locator": "p. 1",
                              "kind": "document", "strength": "strong", "note": ""})
    claim["evidence"].sort(key=lambda e: (e["source"], e["locator"], e["excerpt"]))  # as export orders them
    source = next(s for s in data["sources"] if s["authors"])
    source["authors"] = [data["actors"][0]["slug"]]
    path = tmp_path / "changed.json"
    path.write_bytes(dump_dataset(data))
    before = counts()

    result = dataset.import_dataset(path, merge=True, reason="A test merge")

    assert result == {"claims updated": 1, "remarks updated": 1, "evidence created": 1}
    changed = Claim.objects.get(slug=claim["slug"])
    assert changed.text == "Reworded."
    assert list(changed.topics.values_list("slug", flat=True)) == claim["topics"]
    assert list(Source.objects.get(slug=source["slug"]).authors.values_list("slug", flat=True)) == source["authors"]
    assert counts() == {**before, "Evidence": before["Evidence"] + 1}
    assert export_dataset() == data  # and nothing else moved
    latest = changed.history.order_by("-history_date").first()
    assert (latest.history_type, latest.change_kind, latest.history_change_reason) == ("~", "housekeeping", "A test merge")
    assert [c["field"] for c in latest.changes] == ["text"]
    assert Evidence.history.filter(excerpt="A new excerpt.", history_type="+", history_change_reason="A test merge").exists()


@pytest.mark.django_db
def test_two_remarks_alike_but_for_their_words_stay_two(seed, tmp_path):
    data = export_dataset()
    claim = next(c for c in data["claims"] if c["remarks"])
    twin = {**claim["remarks"][0], "words": "Other words.", "reports": []}
    claim["remarks"].insert(1, twin)
    path = tmp_path / "twins.json"
    path.write_bytes(dump_dataset(data))
    remarks = Remark.objects.count()
    dataset.import_dataset(path, merge=True)
    assert Remark.objects.count() == remarks + 1
    assert dataset.import_dataset(path, merge=True) == {}  # matched, each to its own
    merged = dump_dataset(export_dataset())
    empty_database()
    dataset.import_dataset(path)
    assert dump_dataset(export_dataset()) == merged


@pytest.mark.django_db
def test_a_file_with_its_lists_in_any_order_imports(seed, tmp_path):
    # Export writes each list after those it refers to, so a reader needs one pass; a file in another order
    # (the seed file has its keys sorted: claims before sources, format and version last) takes a few.
    data = export_dataset()
    empty_database()
    reordered = tmp_path / "reordered.json"
    reordered.write_text(json.dumps(dict(reversed(list(data.items())))), encoding="utf-8")
    assert reordered.read_text().startswith('{"rebuttals"')
    call_command("import_dataset", str(reordered), verbosity=0)
    assert export_dataset() == data


@pytest.mark.django_db
def test_the_commands_are_quiet_under_verbosity_0_and_report_otherwise(seed, tmp_path, capsys):
    out = tmp_path / "out.json"
    call_command("export_dataset", str(out), verbosity=0)
    empty_database()
    call_command("import_dataset", str(out), verbosity=0)
    assert capsys.readouterr() == ("", "")
    call_command("export_dataset", str(out))
    call_command("import_dataset", str(out), "--merge")
    captured = capsys.readouterr()
    assert f"Wrote {out} (" in captured.err and f"Imported {out}: nothing changed." in captured.out


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


VERSION_2 = {
    "format": "counterclaim-dataset", "version": 2,
    "actors": [{"slug": "zhao", "name": "Zhao Lijian", "kind": "person"}],
    "sources": [{"slug": s, "title": s, "kind": "article"} for s in ("ap", "blog", "transcript")],
    "claims": [{"slug": "lie", "text": "Forced labor is a lie", "appearances": [
        {"speaker": "zhao", "source": "blog", "date": "2021-01-14", "venue": "press conference", "locator": "para. 3",
         "quote": "a lie of the century fabricated out of thin air", "is_direct_quote": True,
         "date_basis": "The briefing of 14 Jan 2021."},
        {"speaker": "zhao", "source": "ap", "date": "2021-01-14", "venue": "press conference",
         "quote": "lie of the century", "is_direct_quote": True, "date_basis": "AP, 14 Jan 2021."},
        {"speaker": "zhao", "source": "transcript", "date": "2021-01-14", "venue": "press conference",
         "quote": "He called it a lie.", "is_direct_quote": False},
        {"speaker": "zhao", "source": "ap", "date": "2021-03", "quote": "a lie", "is_direct_quote": True},
    ]}],
}


@pytest.mark.django_db
def test_a_version_2_file_is_read_its_appearances_grouped_into_remarks():
    from claims.dataset import import_dataset

    import_dataset(json.loads(json.dumps(VERSION_2)))
    january, march = Remark.objects.order_by("date")
    assert (january.venue, january.date_precision, march.date_precision) == ("press conference", "day", "month")
    assert january.words == "a lie of the century fabricated out of thin air"  # the longest direct quote
    assert january.date_basis == "The briefing of 14 Jan 2021. AP, 14 Jan 2021."
    assert sorted(january.reports.values_list("source__slug", "locator", "is_direct_quote")) == [
        ("ap", "", True), ("blog", "para. 3", True), ("transcript", "", False)]
    assert Claim.objects.get().remark_count == 2 and Claim.objects.get().appearance_count == 4
    assert export_dataset()["version"] == 4


@pytest.mark.django_db
def test_a_version_3_file_is_read_its_appearances_grouped_and_its_techniques_marked_in_their_words():
    """Version 3 (before remarks): appearances, as in version 2, and techniques as objects with their words."""
    from claims.dataset import import_dataset

    data = json.loads(json.dumps({**VERSION_2, "version": 3}))
    data["techniques"] = [{"slug": "loaded-language", "name": "Loaded language", "definition": "Words with feeling."}]
    data["claims"][0]["status"] = "published"
    data["claims"][0]["techniques"] = [{"technique": "loaded-language", "rationale": "A strong word.",
                                        "phrase": "fabricated out of thin air"}]
    import_dataset(data)
    assert Claim.objects.get().remark_count == 2 and Claim.objects.get().appearance_count == 4
    link = ClaimTechnique.objects.get()
    assert (link.phrase, link.rationale) == ("fabricated out of thin air", "A strong word.")
    assert export_dataset()["version"] == 4


@pytest.mark.django_db
def test_families_travel_and_a_remark_needs_its_words_or_a_report():
    from claims.dataset import DatasetError, import_dataset

    data = {"format": "counterclaim-dataset", "version": 4,
            "families": [{"slug": "lie", "name": "Lie of the century", "description": ""}],
            "actors": [{"slug": "zhao", "name": "Zhao Lijian", "kind": "person"}],
            "claims": [{"slug": "lie", "text": "A lie", "family": "lie",
                        "remarks": [{"speaker": "zhao", "date": "2021", "words": "", "reports": []}]}]}
    with pytest.raises(DatasetError, match=r"claims\[0\]\.remarks\[0\]: a remark needs its words or at least one"):
        import_dataset(data)
    data["claims"][0]["remarks"][0]["words"] = "A lie."  # its words alone: a remark no source reports yet
    import_dataset(data)
    assert Remark.objects.get().words == "A lie."
    assert Claim.objects.get().family.name == "Lie of the century"
    assert export_dataset()["claims"][0]["family"] == "lie"


@pytest.mark.django_db
def test_loading_the_seed_puts_claims_an_editor_holds_into_a_new_family_but_never_moves_one(seed):
    """Families came after the claims: a database that holds the seed's claims gets the seed's families, and its
    claims join them, unless an editor already filed the claim elsewhere."""
    from tests.factories import FamilyFactory

    Family.objects.all().delete()
    elsewhere = FamilyFactory(slug="editors-own")
    Claim.objects.filter(slug="forced-labor-is-a-lie").update(family=elsewhere)
    call_command("load_seed", verbosity=0)
    assert Claim.objects.get(slug="forced-labor-is-a-lie").family == elsewhere
    joined = Claim.objects.get(slug="police-files-are-hoax-of-the-century")
    assert joined.family.slug == "lie-of-the-century"
    (change,) = joined.history.first().changes  # the move has a version of its own, like any change
    assert (change["field"], change["new"]) == ("family", "Lie or hoax of the century")
    assert Family.objects.get(slug="vocational-training").claims.count() == 3
    Claim.objects.filter(slug="police-files-are-hoax-of-the-century").update(family=None)  # an editor takes it out
    call_command("load_seed", verbosity=0)
    assert Claim.objects.get(slug="police-files-are-hoax-of-the-century").family is None


@pytest.mark.django_db
def test_an_import_analyses_the_tables_the_statistics_triggers_read_as_it_doubles_them(seed, monkeypatch):
    """Autovacuum cannot see an open transaction's rows: without ANALYZE in it, the planner took the new tables
    for empty and the statistics triggers' lookups took three quarters of an import of 2,000 claims."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    monkeypatch.setattr(dataset, "BATCH", 3)
    monkeypatch.setattr(dataset, "_rows_estimated", lambda table: 0)  # as on a new database
    data = export_dataset()
    empty_database()
    with CaptureQueriesContext(connection) as queries:
        dataset.import_dataset(data)
    analysed = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("ANALYZE")]
    assert 'ANALYZE "claims_remark" ("claim_id")' in analysed
    assert 'ANALYZE "claims_appearance" ("remark_id")' in analysed
    assert 'ANALYZE "claims_rebuttal" ("rebutted_id", "counterclaim_id")' in analysed
    # Each time a table has doubled, not after every batch.
    for table in ("claims_claim", "claims_remark", "claims_appearance"):
        model_rows = {"claims_claim": Claim, "claims_remark": Remark, "claims_appearance": Appearance}[table]
        times = sum(1 for sql in analysed if sql.startswith(f'ANALYZE "{table}"'))
        assert 1 <= times <= model_rows.objects.count().bit_length(), (table, times)
