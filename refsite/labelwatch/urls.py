from django.urls import path

from . import views

app_name = "labelwatch"

urlpatterns = [
    path("staff/labels/", views.stale_pages, name="stale"),
]
