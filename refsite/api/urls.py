from django.urls import path

from . import fhir, views

app_name = "api"

urlpatterns = [
    path("api/v1/monographs/", views.monograph_list, name="monograph-list"),
    path("api/v1/monographs/<slug:slug>", views.monograph_detail, name="monograph-detail"),
    path("api/v1/openapi.json", views.openapi, name="openapi"),
    path("fhir/metadata", fhir.metadata_view, name="fhir-metadata"),
    path("fhir/MedicationKnowledge/<slug:slug>", fhir.medication_knowledge_view,
         name="fhir-medication-knowledge"),
]
