"""Fill in an admin form as a browser would: read the page's fields and their values, change some, post them.

Posting what the page itself offers (management forms, inline rows, selected options) means a test
breaks when the form does, not when a hand-written dict drifts from it.
"""
import re
from html import unescape
from html.parser import HTMLParser


class _FormFields(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = {}
        self._select = None
        self._textarea = None

    def _add(self, name, value):
        if "__prefix__" in name:  # the inline's template row, copied by JavaScript, never posted as it is
            return
        self.fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    self._add(name, attrs.get("value", "on"))
                return
            self._add(name, attrs.get("value") or "")
        elif tag == "select" and name:
            # [name, multiple?, first option's value, any selected?]: a single select with nothing
            # selected posts its first option.
            self._select = [name, "multiple" in attrs, None, False]
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in attrs:
                self._select[3] = True
                self._add(self._select[0], value)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            name, multiple, first, selected = self._select
            if not (multiple or selected or first is None):
                self._add(name, first)
            self._select = None
        elif tag == "textarea" and self._textarea:
            name, text = self._textarea
            # A browser drops the one newline that follows <textarea>.
            self._add(name, text[1:] if text.startswith("\n") else text)
            self._textarea = None


def form_data(html):
    """{name: value or [values]} of every field a browser would post from `html` (the admin's one form)."""
    parser = _FormFields()
    parser.feed(html.decode() if isinstance(html, bytes) else html)
    return {name: values[0] if len(values) == 1 else values for name, values in parser.fields.items()}


def field_errors(html, name):
    """The messages shown on the form field `name` ("appearances-0-date" in an inline): Django renders them
    as <ul class="errorlist" id="id_<name>_error"> beside the field."""
    html = html.decode() if isinstance(html, bytes) else html
    match = re.search(rf'<ul class="errorlist[^"]*" id="id_{re.escape(name)}_error">(.*?)</ul>', html, re.S)
    return [unescape(message) for message in re.findall(r"<li>(.*?)</li>", match.group(1), re.S)] if match else []


def add_inline_row(data, prefix, **values):
    """Add a row to the inline formset `prefix` of form data, as the "Add another" link does."""
    row = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(row + 1)
    data.update({f"{prefix}-{row}-{name}": value for name, value in values.items()})
    return row


def noted(data, kind="correction", reason="Fixing what the test changes."):
    """`data` with the kind and reason of the change filled in, as an editor changing a public entry must."""
    if "change_kind" in data:
        data.update(change_kind=kind, change_reason=reason)
    return data
