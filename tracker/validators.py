"""Validators both apps use."""
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db.models import Q
from django.utils.deconstruct import deconstructible

HTTP_SCHEMES = ("http", "https")


def is_http_url(value):
    """True for an absolute http(s) URL with a host: the only URLs we store or render as links."""
    if not isinstance(value, str) or not value or any(ch in value for ch in "\x00\r\n\t "):
        return False
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in HTTP_SCHEMES and bool(parts.netloc)


@deconstructible
class HttpURLValidator(URLValidator):
    """Django's URL validator limited to absolute http(s) URLs (no javascript:, data:, ftp:, relative paths)."""

    message = "Enter an absolute web address starting with http:// or https://."

    def __init__(self, **kwargs):
        super().__init__(schemes=list(HTTP_SCHEMES), **kwargs)


def http_url_condition(field):
    """A Q for a CheckConstraint: `field` is empty or starts with http:// or https:// (case-insensitive)."""
    return Q(**{field: ""}) | Q(**{f"{field}__iregex": r"^https?://[^/\s]"})


def validate_http_url(value):
    """Raise ValidationError unless `value` is an absolute http(s) URL."""
    if not is_http_url(value):
        raise ValidationError(HttpURLValidator.message, code="invalid")
    HttpURLValidator()(value)
