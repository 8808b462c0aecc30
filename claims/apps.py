from django.apps import AppConfig


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims and evidence"

    def ready(self):
        from . import corrections  # noqa: F401  (connects the signal that dates public changes)
