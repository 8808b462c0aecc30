"""'Cite' in a real browser: the copy button puts the citation on the clipboard; without JavaScript the text is there."""
import pytest

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CLAIM = "/claims/forced-labor-is-a-lie/"


def test_the_copy_button_copies_a_quotes_citation(page, seeded_live_server):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=seeded_live_server.url)
    page.goto(seeded_live_server.url + CLAIM)
    cite = page.locator(".appearance details.cite").filter(has_text="Zhao Lijian, Foreign Ministry regular press conference, 14 Jan 2021").first
    cite.locator("summary").click()
    apa = cite.locator("dd p.copyable").first
    assert apa.is_visible()
    cite.get_by_role("button", name="Copy APA citation").click()
    assert cite.get_by_role("status").first.inner_text() == "Copied"
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == apa.inner_text()
    assert copied.startswith("Zhao Lijian. (2021, January 14). “")
    assert not page.console_errors  # a CSP violation (an inline script) would show here


def test_without_javascript_the_citation_is_text_to_select_and_there_is_no_dead_button(browser, seeded_live_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(seeded_live_server.url + CLAIM)
    cite = page.locator(".cite-claim details.cite")
    cite.locator("summary").click()
    assert cite.locator("p.copyable").first.inner_text().startswith("Counterclaim. (")
    assert page.locator(".copy-button").count() == 0
    context.close()
