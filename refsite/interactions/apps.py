from django.apps import AppConfig


class InteractionsConfig(AppConfig):
    name = "refsite.interactions"
    verbose_name = "Interactions"

    def ready(self):
        from . import signals  # noqa: F401 - connects the receivers
