"""JSON shapes of actors and sources for the read-only API (claims/api.py serves them)."""
from rest_framework import serializers

from tracker.validators import is_http_url

from .models import Actor, Source


class HttpUrlField(serializers.CharField):
    """A stored URL, given out only when it is an absolute http(s) address; anything else is ""."""

    def to_representation(self, value):
        return value if is_http_url(value) else ""


def optional_url(source=None, help_text="An address, or empty when none is known."):
    """A URL that may be empty: typed as a plain string so "" conforms to the schema."""
    kwargs = {"source": source} if source else {}
    return HttpUrlField(read_only=True, help_text=help_text, **kwargs)


class ActorRefSerializer(serializers.ModelSerializer):
    """An actor named from another object: enough to show it and follow it."""

    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail", lookup_field="slug")

    class Meta:
        model = Actor
        fields = ["slug", "name", "kind", "url"]


class ActorSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:actor-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    country = serializers.CharField(source="country.code", read_only=True, help_text="ISO 3166-1 alpha-2, or empty.")
    affiliation = ActorRefSerializer(read_only=True, allow_null=True)
    website = optional_url()

    class Meta:
        model = Actor
        fields = [
            "slug", "name", "kind", "role", "affiliation", "country", "state_affiliated", "description",
            "website", "wikidata_id", "url", "html_url",
        ]

    def get_html_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class SourceRefSerializer(serializers.ModelSerializer):
    """A source named from another object (an appearance, a piece of evidence)."""

    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    published = serializers.CharField(
        source="published_iso", read_only=True, allow_null=True, help_text="Partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    link = optional_url("url", "The source's own address, or empty.")

    class Meta:
        model = Source
        fields = ["slug", "title", "kind", "published", "link", "url"]


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:source-detail", lookup_field="slug")
    html_url = serializers.SerializerMethodField()
    link = optional_url("url", "The source's own address, or empty.")
    published = serializers.CharField(
        source="published_iso", read_only=True, allow_null=True, help_text="Partial ISO date: YYYY, YYYY-MM or YYYY-MM-DD."
    )
    publisher = ActorRefSerializer(read_only=True, allow_null=True)
    authors = ActorRefSerializer(many=True, read_only=True)
    archive_url = optional_url(help_text="An archived copy, or empty.")

    class Meta:
        model = Source
        fields = [
            "slug", "title", "kind", "publisher", "authors", "link", "archive_url", "published", "published_basis",
            "language", "summary", "reliability_note", "url", "html_url",
        ]

    def get_html_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())
