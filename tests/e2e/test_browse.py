"""What a fact-checker does every day, in a real browser, at desktop and phone sizes."""
import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_search_a_quote_open_the_claim_and_follow_a_counterclaim_to_its_evidence(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/")
    page.get_by_label("Search claims, quotes, evidence, sources, actors and terms").fill('"lie of the century"')
    page.get_by_role("button", name="Search").click()

    page.wait_for_url(re.compile(r"/search/\?q="))
    assert page.locator("mark").first.is_visible()
    results = page.locator(".result-claims .claim-item-text a")
    assert "forced labor" in results.first.inner_text().lower()
    results.first.click()

    page.wait_for_url(re.compile(r"/claims/forced-labor-is-a-lie/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Allegations of forced labor")
    counter_side = page.locator("section.side.counter-side")
    assert counter_side.is_visible()
    # Stylesheet loaded: the two sides are told apart by colour, not by default black on white.
    assert counter_side.evaluate("el => getComputedStyle(el).backgroundColor") != "rgba(0, 0, 0, 0)"
    evidence_link = counter_side.locator(".evidence-source a").first
    title = evidence_link.inner_text()
    evidence_link.click()

    page.wait_for_url(re.compile(r"/sources/[a-z0-9-]+/$"))
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert page.get_by_role("heading", name=re.compile("What it backs up")).is_visible()
    assert not page.console_errors  # e.g. a CSP violation would show here


def test_filter_by_speaker_and_date_range(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/claims/")
    page.locator(".facet", has=page.get_by_role("heading", name="Speaker", exact=True)).get_by_role(
        "link", name=re.compile("Global Times")).click()
    page.wait_for_url(re.compile(r"speaker=global-times"))
    before = page.locator(".claim-list > li").count()
    assert before == 4  # two June 2019 talking points, a reply, and a November 2019 reply

    page.get_by_label("From").fill("2019-11-01")
    page.get_by_label("to", exact=True).fill("2019-12-31")
    page.get_by_role("button", name="Search").click()

    page.wait_for_url(re.compile(r"said_after=2019-11-01"))
    assert "speaker=global-times" in page.url  # the speaker filter rode along in the form
    assert page.locator(".claim-list > li").count() == 1
    assert "Western media" in page.locator(".claim-list").inner_text()
    page.get_by_role("link", name="Clear speaker").click()
    page.wait_for_url(re.compile(r"said_after=2019-11-01"))
    assert "speaker=" not in page.url


def test_open_a_compare_page(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/claims/camps-are-vocational-training-centers/")
    page.locator("section.side.counter-side").get_by_role("link", name="Compare side by side").first.click()
    page.wait_for_url(re.compile(r"/compare/camps-are-vocational-training-centers/[a-z0-9-]+/$"))
    columns = page.locator(".compare-grid > .side")
    assert columns.count() == 2
    left, right = columns.nth(0).bounding_box(), columns.nth(1).bounding_box()
    if page.viewport_size["width"] >= 800:
        assert abs(left["y"] - right["y"]) < 5 and right["x"] > left["x"]  # side by side
    else:
        assert right["y"] > left["y"] + left["height"] - 5  # stacked
    # Nothing wider than the screen on a phone (the timeline scrolls inside its own box).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.locator("svg.timeline-svg").is_visible()


def test_the_comparison_page_prints_cleanly(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/claims/camps-are-vocational-training-centers/")
    page.emulate_media(media="print")
    assert not page.get_by_role("navigation", name="Main").is_visible()
    assert not page.get_by_role("link", name="Compare side by side").first.is_visible()  # nothing to click on paper
    counter_side = page.locator("section.side.counter-side")
    assert counter_side.evaluate("el => getComputedStyle(el).backgroundColor") == "rgba(0, 0, 0, 0)"
    # On paper nothing can be clicked open: folded quotes and the claim's citations are printed too, each
    # quote's own citations are not (they would double the paper).
    assert page.locator(".cite-claim pre").first.is_visible()
    assert not page.locator(".appearance .cite").first.is_visible()
    folded = page.locator("details.said-by:not([open]) .appearance").first
    assert folded.is_visible()
    # A source's web address is printed beside its link.
    link = counter_side.locator(".evidence-source a[href^='http']").first
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert link.get_attribute("href") in after


def test_search_a_misspelt_speaker_from_the_home_page_and_reach_him(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/")
    page.get_by_label("Search claims, quotes, evidence, sources, actors and terms").fill("Zhao Lijan")
    page.get_by_role("button", name="Search").click()

    page.wait_for_url(re.compile(r"/search/\?q=Zhao"))
    assert page.get_by_text("Did you mean").is_visible()
    page.locator(".result-actors .claim-item-text a").first.click()
    page.wait_for_url(re.compile(r"/actors/zhao-lijian/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Zhao Lijian"
    assert not page.console_errors
