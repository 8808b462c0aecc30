"""The structure assistive technology relies on, on every page type, with the seed dataset."""
from html.parser import HTMLParser

import pytest

PAGES = [
    "/", "/claims/", "/claims/?q=camps", "/claims/forced-labor-is-a-lie/",
    "/compare/camps-are-vocational-training-centers/camps-are-schools-freeing-people-from-extremism/",
    "/actors/", "/actors/zhao-lijian/", "/sources/", "/sources/xinjiang-police-files-2022/",
    "/topics/", "/topics/forced-labor/", "/techniques/", "/techniques/doubt/", "/glossary/", "/methodology/", "/glossary/round-up-everyone/",
    "/timeline/", "/families/", "/families/vocational-training/", "/actors/mfa/",
    "/claims/?speaker=mfa&topic=forced-labor", "/timeline/?family=vocational-training",
    "/api/docs/", "/search/", "/search/?q=forced+labour", "/search/?q=Zhao+Lijan", "/match/",
    "/match/?text=Forced+labour+is+the+lie+of+the+century",
]


class Structure(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.landmarks, self.controls, self.labels = [], set(), [], set()
        self.html_lang = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag in {"main", "nav", "header", "footer"}:
            self.landmarks.add(tag)
        if tag in {"input", "select", "textarea"} and attrs.get("type") not in {"hidden", "submit"}:
            self.controls.append(attrs)
        if tag == "label" and attrs.get("for"):
            self.labels.add(attrs["for"])


@pytest.mark.parametrize("url", PAGES)
def test_every_page_has_landmarks_ordered_headings_and_labelled_controls(seed, client, url):
    response = client.get(url)
    assert response.status_code == 200
    page = Structure()
    page.feed(response.content.decode())
    assert page.html_lang == "en"
    assert {"main", "nav"} <= page.landmarks
    assert page.headings.count(1) == 1, "one h1 names the page"
    assert page.headings[0] == 1
    for before, after in zip(page.headings, page.headings[1:]):
        assert after <= before + 1, f"heading level jumps from h{before} to h{after}"
    for control in page.controls:
        named = control.get("id") in page.labels or control.get("aria-label") or control.get("aria-labelledby")
        assert named, f"unlabelled form control {control}"
