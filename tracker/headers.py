"""Response headers Django has no setting for, and the client address behind a known number of proxies."""
from django.conf import settings


class SecurityHeadersMiddleware:
    """`Cross-Origin-Resource-Policy` on every response, and the CSP's directives in a stable order.

    CORP (settings.CROSS_ORIGIN_RESOURCE_POLICY) `same-origin` keeps other sites
    from embedding our resources with <img>, <script> and the like; cross-origin
    fetch() of the API is governed by CORS, not by this header, so the API stays
    open to any origin. django-csp writes the directives in no fixed order; they
    are put in the settings' order, so the policy reads `default-src 'none'; ...`
    first and the header is the same on every response. Listed before
    csp.middleware.CSPMiddleware, so it sees the header django-csp has set.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.resource_policy = settings.CROSS_ORIGIN_RESOURCE_POLICY
        self.order = {name: i for i, name in enumerate(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])}

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Cross-Origin-Resource-Policy", self.resource_policy)
        if "Content-Security-Policy" in response:
            response["Content-Security-Policy"] = self.ordered(response["Content-Security-Policy"])
        return response

    def ordered(self, policy):
        parts = [part.strip() for part in policy.split(";") if part.strip()]
        return "; ".join(sorted(parts, key=lambda part: self.order.get(part.split()[0], len(self.order))))


def client_ip(request):
    """The client's address: REMOTE_ADDR, or the one the outermost of settings.PROXY_COUNT proxies saw.

    Each proxy appends the address it received the request from to X-Forwarded-For,
    so with N trusted proxies the client is the N-th address from the right; anything
    further left is whatever the client chose to send.
    """
    if settings.PROXY_COUNT:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= settings.PROXY_COUNT:
            return forwarded[-settings.PROXY_COUNT]
    return request.META.get("REMOTE_ADDR")
