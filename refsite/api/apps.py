from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "refsite.api"
    verbose_name = "API and FHIR"
