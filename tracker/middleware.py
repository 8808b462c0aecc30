"""Small middleware of our own."""

API_PREFIX = "/api/"
ALLOWED_METHODS = "GET, HEAD, OPTIONS"


class ApiCorsMiddleware:
    """The read-only API is open to any origin: `Access-Control-Allow-Origin: *` on every /api/ response.

    No credentials are ever involved (the API has no login), so the wildcard is
    safe; preflight requests learn that only GET, HEAD and OPTIONS exist.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(API_PREFIX):
            response["Access-Control-Allow-Origin"] = "*"
            if request.method == "OPTIONS" and "access-control-request-method" in request.headers:
                response["Access-Control-Allow-Methods"] = ALLOWED_METHODS
                response["Access-Control-Allow-Headers"] = "Accept, Accept-Language, Content-Language, Content-Type"
                response["Access-Control-Max-Age"] = "86400"
        return response
