"""Slugs made from text: short, readable in any script, cut at a word boundary, unique."""
import pytest

from claims.models import Claim
from tests.factories import ClaimFactory
from tracker.slugs import SLUG_LENGTH, free_slug, readable_slug, unique_slug

LONG_TEXT = ("The so-called vocational education and training centres in Xinjiang are boarding schools that people "
             "attend of their own free will.")


@pytest.mark.parametrize("text,slug", [
    (LONG_TEXT, "the-so-called-vocational-education-and-training-centres-in"),
    ("مضلل: الكهرباء انقطعت عن بعض الدول الأوروبية", "mdll-lkhrb-nqtt-n-bd-ldwl-lwrwbyh"),
    ("مراكز التدريب المهني في شينجيانغ هي مدارس داخلية يلتحق بها الناس طوعاً ويمكنهم مغادرتها متى شاؤوا",
     "mrkz-ltdryb-lmhny-fy-shynjyngh-hy-mdrs-dkhlyh-ylthq-bh-lns"),
    ("Лукашенко заявил", "lukashenko-zayavil"),
    # Each Chinese character is a syllable of its own, so a long text is cut between two of them.
    ("新疆没有集中营", "xin-jiang-mei-you-ji-zhong-ying"),
    ("新疆的职业技能教育培训中心是帮助学员摆脱极端主义的学校，学员可以自由离开，没有任何人被强迫参加培训",
     "xin-jiang-de-zhi-ye-ji-neng-jiao-yu-pei-xun-zhong-xin-shi"),
    ("Raphaël Glucksmann", "raphael-glucksmann"),
    ("x" * 300, "x" * 60),
    ("!!!", ""),
])
def test_slugs_are_readable_in_any_script_and_short(text, slug):
    assert readable_slug(text) == slug
    assert len(slug) <= SLUG_LENGTH


def test_a_slug_keeps_its_last_word_when_the_cut_falls_just_after_it():
    assert readable_slug("abc " + "d" * 56 + " efg") == "abc-" + "d" * 56  # 60 characters, "efg" left out
    assert readable_slug("a" * 59 + " bc") == "a" * 59


def test_a_taken_slug_gets_the_first_free_number():
    assert free_slug("camps", set()) == "camps"
    assert free_slug("camps", {"camps", "camps-2", "camps-4"}) == "camps-3"


@pytest.mark.django_db
def test_a_unique_slug_is_made_against_the_table_in_one_query(django_assert_num_queries):
    ClaimFactory(slug="camps-are-schools")
    ClaimFactory(slug="camps-are-schools-2")
    ClaimFactory(slug="camps-are-schools-in-disguise")  # shares the start, takes nothing from it
    with django_assert_num_queries(1):
        assert unique_slug(Claim.objects.all(), "Camps are schools", "claim") == "camps-are-schools-3"
    assert unique_slug(Claim.objects.all(), "？！", "claim") == "claim"
