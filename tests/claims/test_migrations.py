"""The migration that turns a claim's verdict columns into Review rows (claims 0009_reviews)."""
import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("claims", "0008_page_order_indexes"), ("sources", "0008_source_url_index")]
AFTER = [("claims", "0009_reviews"), ("sources", "0008_source_url_index")]


@pytest.mark.django_db(transaction=True)
def test_verdicts_become_reviews_by_us_and_imported_ones_keep_their_site():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    Actor, Claim = old.get_model("sources", "Actor"), old.get_model("claims", "Claim")
    Actor.objects.filter(slug="counterclaim").delete()
    Claim.objects.create(slug="ours", text="Ours", verdict="false", verdict_explanation="Because.",
                         reviewed_on=datetime.date(2020, 1, 2))
    Claim.objects.create(slug="imported", text="Imported", verdict="misleading", verdict_explanation="Imported.",
                         reviewed_on=datetime.date(2021, 3, 3), review_url="https://www.misbar.com/factcheck/1")
    Claim.objects.create(slug="unrated", text="Unrated")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Review = new.get_model("claims", "Review")
    rows = sorted(Review.objects.values_list("claim__slug", "reviewer__slug", "reviewer__name", "url", "verdict",
                                             "explanation", "published"))
    assert rows == [
        ("imported", "misbar-com", "misbar.com", "https://www.misbar.com/factcheck/1", "misleading", "Imported.",
         datetime.date(2021, 3, 3)),
        ("ours", "counterclaim", "Counterclaim", "", "false", "Because.", datetime.date(2020, 1, 2)),
    ]
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_claims_stored_before_the_workflow_stay_published_with_a_first_version():
    before = [("claims", "0009_reviews"), ("sources", "0008_source_url_index")]
    after = [("claims", "0013_initial_versions"), ("sources", "0009_history_and_last_updated")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("claims", "Claim").objects.create(slug="old-claim", text="Said before drafts existed")

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    claim = new.get_model("claims", "Claim").objects.get(slug="old-claim")
    assert claim.status == "published" and claim.published_at == claim.created
    first = new.get_model("claims", "HistoricalClaim").objects.get(id=claim.pk)
    assert (first.history_type, first.change_kind, first.text) == ("+", "created", "Said before drafts existed")
REPORTS_BEFORE = [("claims", "0017_history_of_technique_links_and_key_events"), ("sources", "0009_history_and_last_updated")]
REPORTS_AFTER = [("claims", "0020_reports"), ("sources", "0009_history_and_last_updated")]


@pytest.mark.django_db(transaction=True)
def test_appearances_become_reports_grouped_into_remarks_and_back():
    """0018-0020: the same claim, speaker, date, venue (and original words) are one remark; each appearance
    one of its reports. Reversed, every appearance gets its remark's speaker, date and venue back."""
    executor = MigrationExecutor(connection)
    executor.migrate(REPORTS_BEFORE)
    old = executor.loader.project_state(REPORTS_BEFORE).apps
    Actor, Source = old.get_model("sources", "Actor"), old.get_model("sources", "Source")
    Claim, Appearance = old.get_model("claims", "Claim"), old.get_model("claims", "Appearance")
    zhao = Actor.objects.create(slug="zhao", name="Zhao Lijian", kind="person")
    hua = Actor.objects.create(slug="hua", name="Hua Chunying", kind="person")
    blog, ap, transcript = (Source.objects.create(slug=slug, title=slug, kind="article") for slug in ("blog", "ap", "mfa"))
    lie = Claim.objects.create(slug="lie", text="Forced labor is a lie")
    day = {"date": datetime.date(2021, 1, 14), "date_precision": "day", "venue": "press conference"}
    Appearance.objects.create(claim=lie, speaker=zhao, source=blog, quote="a lie of the century fabricated out of thin air",
                              locator="para. 3", date_basis="The briefing of 14 Jan 2021.", **day)
    Appearance.objects.create(claim=lie, speaker=zhao, source=ap, quote="lie of the century",
                              date_basis="AP, 14 Jan 2021.", **day)
    Appearance.objects.create(claim=lie, speaker=zhao, source=transcript, quote="He called it a lie.",
                              is_direct_quote=False, **day)
    Appearance.objects.create(claim=lie, speaker=hua, source=ap, quote="A lie.", **day)  # another speaker
    Appearance.objects.create(claim=lie, speaker=zhao, source=ap, quote="Lies.", date=datetime.date(2021, 3, 1),
                              date_precision="month")  # another day
    Appearance.objects.create(claim=lie, speaker=zhao, source=ap, quote="谎言", original_quote="谎言",
                              original_language="zh", **day)  # other original words: not merged into another's

    executor = MigrationExecutor(connection)
    executor.migrate(REPORTS_AFTER)
    new = executor.loader.project_state(REPORTS_AFTER).apps
    Remark = new.get_model("claims", "Remark")
    remarks = Remark.objects.order_by("date", "speaker__slug", "original_words")
    assert [(r.speaker.slug, str(r.date), r.venue, r.original_words, r.reports.count()) for r in remarks] == [
        ("hua", "2021-01-14", "press conference", "", 1),
        ("zhao", "2021-01-14", "press conference", "", 3),
        ("zhao", "2021-01-14", "press conference", "谎言", 1),
        ("zhao", "2021-03-01", "", "", 1),
    ]
    grouped = remarks[1]
    assert grouped.words == "a lie of the century fabricated out of thin air"  # the longest direct quote
    assert grouped.date_basis == "The briefing of 14 Jan 2021. AP, 14 Jan 2021."
    assert sorted(grouped.reports.values_list("source__slug", "locator", "is_direct_quote")) == [
        ("ap", "", True), ("blog", "para. 3", True), ("mfa", "", False)]
    claim = new.get_model("claims", "Claim").objects.get(slug="lie")
    assert (claim.remark_count, claim.appearance_count) == (4, 6)
    assert (claim.first_seen, claim.last_seen) == (datetime.date(2021, 1, 14), datetime.date(2021, 3, 1))

    executor = MigrationExecutor(connection)
    executor.migrate(REPORTS_BEFORE)
    back = executor.loader.project_state(REPORTS_BEFORE).apps.get_model("claims", "Appearance")
    assert sorted(back.objects.values_list("speaker__slug", "source__slug", "date", "venue", "original_quote")) == [
        ("hua", "ap", datetime.date(2021, 1, 14), "press conference", ""),
        ("zhao", "ap", datetime.date(2021, 1, 14), "press conference", ""),
        ("zhao", "ap", datetime.date(2021, 1, 14), "press conference", "谎言"),
        ("zhao", "ap", datetime.date(2021, 3, 1), "", ""),
        ("zhao", "blog", datetime.date(2021, 1, 14), "press conference", ""),
        ("zhao", "mfa", datetime.date(2021, 1, 14), "press conference", ""),
    ]
    assert back.objects.get(source__slug="blog").date_basis  # the remark's basis, on each of its reports
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())
