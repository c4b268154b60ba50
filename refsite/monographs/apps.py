from django.apps import AppConfig


class MonographsConfig(AppConfig):
    name = "refsite.monographs"
    verbose_name = "Monographs"
