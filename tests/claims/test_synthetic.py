"""The synthetic dataset the benchmark measures: the proportions asked for, deterministic, and searchable."""
import pytest
from django.core.management import call_command
from django.db import connection

from claims.models import Appearance, Claim, Family, Rebuttal, Remark, Review
from claims.synthetic import Sizes, generate
from sources.models import Actor, Source

pytestmark = pytest.mark.django_db


def test_a_small_synthetic_dataset_has_the_shape_of_the_large_one():
    words = generate(Sizes.for_claims(400), seed=3)
    assert Claim.objects.count() == 400
    assert 800 <= Remark.objects.count() <= 1600  # about three a claim
    assert 1.4 <= Appearance.objects.count() / Remark.objects.count() <= 2.0  # printed by one to three sources each
    assert Family.objects.count() == 8 and 90 <= Claim.objects.filter(family__isnull=False).count() <= 180
    assert Actor.objects.filter(affiliation__isnull=False).exists(), "some speak for an organisation"
    assert Rebuttal.objects.count() == 400 and Source.objects.count() == 100
    assert Actor.objects.exclude(slug="counterclaim").count() == 50
    assert {role for role in Claim.objects.values_list("role", flat=True)} == {"talking-point", "counterclaim", "reply"}
    assert 60 <= Review.objects.count() <= 220
    common, rare = (Claim.objects.search(words[kind]).count() for kind in ("common", "rare"))
    assert common > 100 > rare, "search meets both common and rare words"


def test_the_same_seed_gives_the_same_data(capsys):
    call_command("generate_dataset", "--claims", "50", "--seed", "7")
    first = list(Claim.objects.order_by("pk").values_list("text", "remark_count", "appearance_count", "rebuttal_count"))
    Claim.objects.filter(slug__startswith="s7-").delete()
    call_command("generate_dataset", "--claims", "50", "--seed", "7")
    assert list(Claim.objects.order_by("pk").values_list("text", "remark_count", "appearance_count", "rebuttal_count")) == first
    assert "Search words: common" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_generated_claims_table_holds_no_page_of_dead_rows():
    # The statistics triggers rewrite each claim several times while the dataset is generated: left as is, the
    # table is several times its live size and every page benchmarked scans the dead rows too.
    call_command("generate_dataset", "--claims", "300", "--seed", "5", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(DISTINCT (ctid::text::point)[0]), pg_relation_size('claims_claim') / 8192 FROM claims_claim")
        pages_with_live_rows, pages = cursor.fetchone()
    assert pages == pages_with_live_rows
