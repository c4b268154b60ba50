from django.apps import AppConfig


class PagesConfig(AppConfig):
    """Site pages that are not monographs: the editorial policy."""

    name = "refsite.pages"
    label = "pages"
