from django.contrib import admin

from .models import Actor, Source


@admin.register(Actor)
class ActorAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "role", "country", "state_affiliated"]
    list_filter = ["kind", "state_affiliated", "country"]
    search_fields = ["name", "role", "description"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    list_select_related = ["affiliation"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "publisher", "published_display", "language"]
    list_filter = ["kind", "language", "published_precision"]
    search_fields = ["title", "summary", "url", "publisher__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["publisher", "authors"]
    list_select_related = ["publisher"]
    date_hierarchy = "published"

    @admin.display(description="published", ordering="published")
    def published_display(self, source):
        return source.published_display
