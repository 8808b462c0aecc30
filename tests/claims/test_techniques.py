"""Techniques in the words: each claim-technique link says why, and which words carry it; pages mark them."""
import datetime
import json

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from claims import spans
from claims.dataset import DatasetError, export_dataset, import_dataset
from claims.models import Claim, ClaimTechnique
from tests.factories import ClaimFactory, RemarkFactory, TechniqueFactory, build_world

pytestmark = pytest.mark.django_db

WHATABOUTISM_TITLE = ("Whataboutism/Straw Man/Red Herring: Answers criticism of the camps by pointing at Western "
                      "counter-extremism programmes, none of which detains people en masse without trial.")


def test_the_seeds_talking_points_mark_the_words_that_carry_each_technique(seed, client):
    html = client.get("/claims/china-practices-no-different-from-uk-france-us/").content.decode()
    assert (
        "<p>“The practices in China "
        f'<mark class="technique-span" title="{WHATABOUTISM_TITLE}">'
        "do not differ from those in the United Kingdom, France and the United States</mark>"
        '<span class="span-label"><span class="visually-hidden"> (technique: </span>Whataboutism/Straw Man/Red Herring'
        '<span class="visually-hidden">)</span></span>”</p>'
    ) in html
    # The techniques section says why, and quotes the words.
    assert "Answers criticism of the camps by pointing at Western counter-extremism programmes" in html
    assert 'In the words “<mark class="technique-span">inspired by Western tactics</mark>”.' in html


def test_every_seeded_talking_point_explains_each_of_its_techniques(seed):
    for claim in Claim.objects.talking_points().prefetch_related("technique_links", "remarks"):
        for link in claim.technique_links.all():
            assert link.rationale, f"{claim.slug}: {link.technique_id} has no rationale"
            if link.phrase:
                link.full_clean()  # the words are in one of its quotes
    assert ClaimTechnique.objects.exclude(phrase="").count() >= 40


def test_a_phrase_printed_in_several_reports_is_marked_in_each(seed, client):
    html = client.get("/claims/forced-labor-is-a-lie/").content.decode()
    # the transcript, the blog post and AP, and the techniques section naming the words
    assert html.count('>lie of the century</mark>') == 3 + 1
    assert html.count('>fabricated out of thin air</mark>') == 1 + 1


def test_overlapping_spans_name_every_technique_covering_the_words():
    class Link:
        def __init__(self, name, phrase, rationale=""):
            self.technique, self.phrase, self.rationale = type("T", (), {"name": name})(), phrase, rationale

    html = spans.marked("No one should tell China how to protect human rights.",
                        [Link("Flag", "No one should tell China"), Link("Slogan", "tell China how to protect")])
    assert html == (
        '<mark class="technique-span" title="Flag">No one should </mark>'
        '<mark class="technique-span" title="Flag; Slogan">tell China</mark>'
        '<span class="span-label"><span class="visually-hidden"> (technique: </span>Flag<span class="visually-hidden">)</span></span>'
        '<mark class="technique-span" title="Slogan"> how to protect</mark>'
        '<span class="span-label"><span class="visually-hidden"> (technique: </span>Slogan<span class="visually-hidden">)</span></span>'
        " human rights."
    )
    assert spans.occurrences("tell  CHINA\nhow", "No one should tell China how") == [(14, 28)]
    assert spans.occurrences("", "anything") == []


def test_hostile_quotes_phrases_names_and_rationales_are_escaped(client):
    remark = RemarkFactory(words='They said <script>alert("q")</script> & left.')
    technique = TechniqueFactory(name='<b onmouseover="x()">Bold</b>')
    ClaimTechnique.objects.create(claim=remark.claim, technique=technique, phrase='<script>alert("q")</script>',
                                  rationale='"><img src=x onerror=alert(1)>')
    html = client.get(remark.claim.get_absolute_url()).content.decode()
    assert "<script>alert" not in html and "<img src=x" not in html and "<b onmouseover" not in html
    assert (
        '<mark class="technique-span" title="&lt;b onmouseover=&quot;x()&quot;&gt;Bold&lt;/b&gt;: '
        '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;">&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;</mark>'
    ) in html
    assert "&lt;b onmouseover=&quot;x()&quot;&gt;Bold&lt;/b&gt;<span class=\"visually-hidden\">)</span>" in html
    page = client.get(technique.get_absolute_url()).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;alert(&quot;q&quot;)&lt;/script&gt;</mark>" in page


# --- Validation -----------------------------------------------------------------------------------

def test_a_phrase_that_is_in_no_quote_is_refused_in_plain_language():
    remark = RemarkFactory(words="The camps are vocational schools.")
    link = ClaimTechnique(claim=remark.claim, technique=TechniqueFactory(), phrase="boarding schools",
                          rationale="A euphemism.")
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert error.value.message_dict == {"phrase": [
        "“boarding schools” is not in any of this claim's saved quotes. Copy the words exactly as a quote prints "
        "them (capital letters may differ), save the quote first if it is new, or leave this empty when no words "
        "in particular carry the technique."
    ]}
    link.phrase = "VOCATIONAL   schools"  # capitals and spacing aside, the words are there
    link.full_clean()
    assert link.phrase == "VOCATIONAL schools"


def test_marked_words_need_a_reason():
    remark = RemarkFactory(words="The camps are vocational schools.")
    link = ClaimTechnique(claim=remark.claim, technique=TechniqueFactory(), phrase="vocational schools")
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "rationale" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()  # the database holds the same rule
    ClaimTechnique.objects.create(claim=remark.claim, technique=TechniqueFactory())  # a plain label is fine


# --- The technique page -------------------------------------------------------------------------

def test_the_technique_page_lists_annotated_examples_in_date_order(seed, client):
    html = client.get("/techniques/whataboutism-straw-man-red-herring/").content.decode()
    first = html.index("China&#x27;s practices in Xinjiang do not differ")
    later = html.index("US criticism of the UN counter-terrorism chief")
    assert first < later  # Oct 2018 before Jun 2019
    assert f'title="{WHATABOUTISM_TITLE}">do not differ from those in the United Kingdom' in html
    assert "<span class=\"label\">Why:</span> Answers criticism of the camps by pointing at Western" in html
    # A technique carried by no words in particular still shows its reason and a quote, unmarked.
    item = html[html.index('id="claim-us-criticism-of-un-visit-is-absurd"'):]
    item = item[:item.index("</li>")]
    assert "Answers the US concerns about the visit by attacking the US" in item and "<mark" not in item


@pytest.mark.parametrize("params, status", [({"page": "x"}, 400), ({"page": "99"}, 404)])
def test_a_bad_page_of_a_technique_is_a_message(seed, client, params, status):
    response = client.get("/techniques/doubt/", params)
    assert response.status_code == status and 'role="alert"' in response.content.decode()


@pytest.mark.parametrize("size", [1, 4])
def test_the_technique_page_costs_the_same_queries_at_any_size(client, django_assert_num_queries, size):
    points = build_world(size)
    shared = points[0].technique_links.order_by("technique_id").first().technique  # every point uses it
    for point in points:
        link = point.technique_links.get(technique=shared)
        link.phrase, link.rationale = point.remarks.first().words.split()[0], "Why."
        link.save()
    url = shared.get_absolute_url()
    # savepoint, release; the technique, the count, a page of links with their claims, their remarks, the
    # remarks' reports, the reviews; when it was added and last corrected (its history)
    with django_assert_num_queries(10):
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('class="technique-span"') == size


# --- The dataset and the migration ---------------------------------------------------------------

def test_the_dataset_carries_rationales_and_words_and_still_reads_version_2(db):
    remark = RemarkFactory(words="No different from the West.")
    technique = TechniqueFactory(slug="whataboutism")
    ClaimTechnique.objects.create(claim=remark.claim, technique=technique, phrase="from the West",
                                  rationale="Points elsewhere.")
    data = export_dataset()
    claim = next(c for c in data["claims"] if c["slug"] == remark.claim.slug)
    assert data["version"] == 4
    assert claim["techniques"] == [{"technique": "whataboutism", "rationale": "Points elsewhere.",
                                    "phrase": "from the West"}]

    old = json.loads(json.dumps(data))
    old["version"] = 2
    for c in old["claims"]:
        c["techniques"] = [item["technique"] for item in c["techniques"]]
    import_dataset(old, merge=True)  # a version 2 file: the link stays, its words are not lost
    assert ClaimTechnique.objects.get(technique=technique).phrase == "from the West"

    claim["techniques"][0]["phrase"] = "from the East"
    with pytest.raises(DatasetError, match=r"claims\[\d+\]\.techniques\[0\]: phrase: “from the East” is not in any"):
        import_dataset(data, merge=True)
    claim["techniques"][0] = "whataboutism"
    with pytest.raises(DatasetError, match=r"techniques\[0\]: expected an object"):
        import_dataset(data, merge=True)


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_existing_link():
    before, after = [("claims", "0013_initial_versions")], [("claims", "0014_claim_technique_annotations")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    Claim_, Technique_ = old.get_model("claims", "Claim"), old.get_model("claims", "Technique")
    claim = Claim_.objects.create(slug="c", text="C")
    claim.techniques.add(Technique_.objects.create(slug="t", name="T", definition="D"))

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    links = new.get_model("claims", "ClaimTechnique").objects.values_list("claim__slug", "technique__slug", "rationale",
                                                                         "phrase")
    assert list(links) == [("c", "t", "", "")]
    executor.loader.build_graph()
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


def test_a_claims_page_costs_no_more_queries_with_annotations(client, django_assert_num_queries):
    claim = ClaimFactory(created=datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc))
    remark = RemarkFactory(claim=claim, words="Words with a phrase in them.")
    # savepoint, release; the claim, its topics, technique links, terms, remarks, their reports, the reports'
    # sources' authors (ClaimReview), evidence, what it answers, its reviews; the first level of replies (none:
    # no deeper queries)
    with django_assert_num_queries(13):
        client.get(claim.get_absolute_url())
    ClaimTechnique.objects.create(claim=claim, technique=TechniqueFactory(), phrase="a phrase", rationale="Why.")
    with django_assert_num_queries(13):
        html = client.get(claim.get_absolute_url()).content.decode()
    assert '>a phrase</mark>' in html and remark.words.split()[0] in html
