"""Pagination that answers a bad page number with a message, not a 500. Links are built in the
templates with {% querystring page=n %}, so they keep every other parameter."""
from dataclasses import dataclass

from django.core.paginator import Paginator


class PageError(Exception):
    """The page asked for cannot be shown: `status` 400 (not a number) or 404 (out of range)."""

    def __init__(self, status, message, last_page=None):
        super().__init__(message)
        self.status, self.message, self.last_page = status, message, last_page

    def context(self):
        return {"page_error": self.message, "last_page": self.last_page}


@dataclass
class PageLinks:
    page: object
    numbers: list  # the page numbers to link to, elided around the current one

    def context(self):
        return {"page": self.page, "page_numbers": self.numbers}


def paginate(request, paginator, first=1):
    """The page of `paginator` that `?page=` asks for (else page `first`), with the page numbers to link to."""
    raw = request.GET.get("page", str(first))
    try:
        number = int(raw)
    except ValueError:
        raise PageError(400, "The page number must be a whole number, like page=2.") from None
    if number < 1 or number > paginator.num_pages:
        last = paginator.num_pages
        raise PageError(404, f"There is no page {number}: these results fill {last} page{'s' if last != 1 else ''}.",
                        last)
    return PageLinks(
        page=paginator.page(number),
        numbers=[n for n in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1) if isinstance(n, int)],
    )


class CountedPaginator(Paginator):
    """A paginator given its count, counted a little earlier (tracker.counts) to spare a scan of every match.

    A page still holds `per_page` of the rows there are now: Paginator.page() would cut the last page at the
    old count, and hide a row added since.
    """

    def __init__(self, object_list, per_page, count):
        super().__init__(object_list, per_page)
        self.count = count  # read by num_pages, validate_number() and the page's start and end

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return self._get_page(self.object_list[bottom:bottom + self.per_page], number, self)
