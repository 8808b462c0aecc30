"""The timeline in a real browser, at desktop and phone widths: readable without hovering, filterable."""
import re

import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_timeline_reads_on_a_phone_and_filters_by_speaker(page, seeded_live_server):
    page.goto(seeded_live_server.url + "/timeline/")
    width = page.viewport_size["width"]
    table = page.get_by_role("table")
    assert table.is_visible()
    # Nothing wider than the screen: the table wraps, only the drawing scrolls inside its own box.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    first_claim = table.locator("tbody tr.event-row td:last-child a").first
    box = first_claim.bounding_box()
    assert box["x"] >= 0 and box["x"] + min(box["width"], 40) <= width
    sizes = table.locator("td, th").evaluate_all("cells => cells.map(c => parseFloat(getComputedStyle(c).fontSize))")
    assert min(sizes) >= 12, "table text too small to read"
    assert page.get_by_role("heading", name="Key events").is_visible()
    assert page.locator(".key-event").count() == 6
    assert page.get_by_role("img", name=re.compile("Remarks on this page and key events")).count() == 1

    page.get_by_label("Speaker").fill("Zhao Lijian")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"speaker=Zhao\+Lijian"))
    rows = page.locator("tr.event-row")
    assert rows.count() == 2  # his two remarks, however many sources reported each
    assert all("Zhao Lijian" in text for text in rows.all_inner_texts())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert not page.console_errors
