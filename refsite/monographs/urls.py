from django.urls import path

from . import views

app_name = "monographs"

urlpatterns = [
    path("drugs/<slug:slug>/", views.detail, name="detail"),
]
