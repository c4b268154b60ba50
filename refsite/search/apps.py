from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "refsite.search"
    verbose_name = "Search"
