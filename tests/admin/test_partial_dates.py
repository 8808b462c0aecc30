"""Partial dates in the admin: one field, typed as people write them; the precision follows, the date is
normalised, and an existing date reads back the way it was typed."""
import datetime

import pytest
from django.contrib.admin.models import LogEntry
from django.urls import reverse

from claims.models import Claim, FramingTerm, Remark
from sources.models import Source
from tests.admin_forms import field_errors, form_data, noted

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_form(seed, editor_client):
    claim = Claim.objects.get(slug="forced-labor-is-a-lie")
    url = reverse("admin:claims_claim_change", args=[claim.pk])
    return claim, url, editor_client.get(url).content.decode()


def first_remark(claim):
    return Remark.objects.filter(claim=claim).order_by("pk").first()


def test_the_date_and_its_precision_are_one_field_showing_the_date_as_it_reads(claim_form):
    claim, url, page = claim_form
    data = form_data(page)
    remark = Remark.objects.get(pk=data["remarks-0-id"])
    assert (remark.date, remark.date_precision) == (datetime.date(2021, 1, 14), "day")
    assert data["remarks-0-date"] == "14 Jan 2021"
    assert "remarks-0-date_precision" not in data
    assert 'placeholder="16 Nov 2019, Nov 2019 or 2019"' in page


@pytest.mark.parametrize("typed, date, precision", [
    ("16 Nov 2019", datetime.date(2019, 11, 16), "day"),
    ("Nov 2019", datetime.date(2019, 11, 1), "month"),
    ("November 2019", datetime.date(2019, 11, 1), "month"),
    ("2019", datetime.date(2019, 1, 1), "year"),
    ("2019-11-16", datetime.date(2019, 11, 16), "day"),
    ("2019-11", datetime.date(2019, 11, 1), "month"),
    ("", None, ""),
])
def test_a_quote_date_typed_as_people_write_it(editor_client, claim_form, typed, date, precision):
    claim, url, page = claim_form
    data = form_data(page)
    data["remarks-0-date"] = typed
    response = editor_client.post(url, noted(data))
    assert response.status_code == 302, field_errors(response.content, "remarks-0-date")
    remark = Remark.objects.get(pk=data["remarks-0-id"])
    assert (remark.date, remark.date_precision) == (date, precision)
    # Shown again as it reads (undated quotes come last, so look the row up by its id).
    again = form_data(editor_client.get(url).content)
    row = next(name.split("-")[1] for name, value in again.items()
               if name.startswith("remarks-") and name.endswith("-id") and value == str(remark.pk))
    assert again[f"remarks-{row}-date"] == (remark.date_display if date else "")


@pytest.mark.parametrize("typed, message", [
    ("31 Feb 2019", "There is no 31 February 2019."),
    ("soon", "Write the date as it is known: “16 Nov 2019”, “Nov 2019” or “2019” (or 2019-11-16)."),
])
def test_a_date_that_does_not_exist_or_is_not_a_date(editor_client, claim_form, typed, message):
    claim, url, page = claim_form
    data = form_data(page)
    data["remarks-0-date"] = typed
    response = editor_client.post(url, noted(data))
    assert response.status_code == 200
    assert field_errors(response.content, "remarks-0-date") == [message]
    assert Remark.objects.get(pk=data["remarks-0-id"]).date == datetime.date(2021, 1, 14)
    # What was typed stays in the field, to be corrected.
    assert form_data(response.content)["remarks-0-date"] == typed


def test_saving_unchanged_dates_changes_nothing(editor_client, claim_form):
    """An existing date compares equal to its readable form: no quote is rewritten (or logged) by a save."""
    claim, url, page = claim_form
    assert editor_client.post(url, form_data(page)).status_code == 302
    assert LogEntry.objects.get().get_change_message() == "No fields changed."


def test_a_new_quote_on_a_new_claim_takes_a_month(seed, editor_client):
    url = reverse("admin:claims_claim_add")
    data = form_data(editor_client.get(url).content)
    data.update({"text": "Cotton picking in Xinjiang is fully mechanised", "slug": "cotton-mechanised",
                 "remarks-TOTAL_FORMS": "1", "remarks-0-speaker": str(first_remark(
                     Claim.objects.get(slug="forced-labor-is-a-lie")).speaker_id),
                 "remarks-0-words": "Fully mechanised.", "remarks-0-date": "Dec 2020"})
    response = editor_client.post(url, noted(data))
    assert response.status_code == 302, response.content.decode()[:3000]
    remark = Remark.objects.get(claim__slug="cotton-mechanised")
    assert (remark.date, remark.date_precision) == (datetime.date(2020, 12, 1), "month")


def test_a_source_published_in_a_month(seed, editor_client):
    source = Source.objects.get(slug="xinjiang-police-files-2022")
    url = reverse("admin:sources_source_change", args=[source.pk])
    data = form_data(editor_client.get(url).content)
    assert data["published"] == source.published_display and "published_precision" not in data
    data["published"] = "May 2022"
    assert editor_client.post(url, noted(data)).status_code == 302
    source.refresh_from_db()
    assert (source.published, source.published_precision) == (datetime.date(2022, 5, 1), "month")
    assert form_data(editor_client.get(url).content)["published"] == "May 2022"


def test_a_framing_term_first_used_in_a_year_or_not_known(seed, editor_client):
    term = FramingTerm.objects.order_by("pk").first()
    url = reverse("admin:claims_framingterm_change", args=[term.pk])
    data = form_data(editor_client.get(url).content)
    data["first_used"] = "2014"
    assert editor_client.post(url, noted(data)).status_code == 302
    term.refresh_from_db()
    assert (term.first_used, term.first_used_precision) == (datetime.date(2014, 1, 1), "year")
    data["first_used"] = "Smarch 2014"
    response = editor_client.post(url, noted(data))
    assert field_errors(response.content, "first_used")[0].startswith("Write the date as it is known")
    data["first_used"] = ""
    assert editor_client.post(url, noted(data)).status_code == 302
    term.refresh_from_db()
    assert (term.first_used, term.first_used_precision) == (None, "")
