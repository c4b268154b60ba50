from django.apps import AppConfig


class MonographsConfig(AppConfig):
    name = "refsite.monographs"
    verbose_name = "Monographs"

    def ready(self):
        from . import revisions  # noqa: F401 - connects the revision memo's receiver
