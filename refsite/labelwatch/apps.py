from django.apps import AppConfig


class LabelwatchConfig(AppConfig):
    name = "refsite.labelwatch"
    verbose_name = "Label watch"

    def ready(self):
        from refsite.monographs import labels

        from . import signals  # noqa: F401 - connects the receivers
        from .provider import Provider

        labels.register(Provider())
