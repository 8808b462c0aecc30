"""Pagination that keeps the query string and answers a bad page number with a message, not a 500."""
from dataclasses import dataclass, field


class PageError(Exception):
    """The page asked for cannot be shown: `status` 400 (not a number) or 404 (out of range)."""

    def __init__(self, status, message, last_page_url=""):
        super().__init__(message)
        self.status, self.message, self.last_page_url = status, message, last_page_url

    def context(self):
        return {"page_error": self.message, "last_page_url": self.last_page_url}


@dataclass
class PageLinks:
    page: object
    previous_url: str = ""
    next_url: str = ""
    page_links: list = field(default_factory=list)

    def context(self):
        return {"page": self.page, "previous_url": self.previous_url, "next_url": self.next_url,
                "page_links": self.page_links}


def page_url(request, number):
    params = request.GET.copy()
    params["page"] = number
    return f"{request.path}?{params.urlencode()}"


def paginate(request, paginator):
    """The page of `paginator` that `?page=` asks for, with links that keep every other parameter."""
    raw = request.GET.get("page", "1")
    try:
        number = int(raw)
    except ValueError:
        raise PageError(400, "The page number must be a whole number, like page=2.") from None
    if number < 1 or number > paginator.num_pages:
        last = paginator.num_pages
        raise PageError(
            404, f"There is no page {number}: these results fill {last} page{'s' if last != 1 else ''}.",
            page_url(request, last),
        )
    page = paginator.page(number)
    return PageLinks(
        page=page,
        previous_url=page_url(request, page.previous_page_number()) if page.has_previous() else "",
        next_url=page_url(request, page.next_page_number()) if page.has_next() else "",
        page_links=[(n, page_url(request, n)) for n in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
                    if isinstance(n, int)],
    )
