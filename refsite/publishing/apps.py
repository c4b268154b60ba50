from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Content files -> rows: the pipeline and the commands that run it. Nothing imports
    this app; it writes the monographs app's models and the site reads only those."""

    name = "refsite.publishing"
    verbose_name = "Publishing"
