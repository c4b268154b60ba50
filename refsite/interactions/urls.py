from django.urls import path

from . import views

app_name = "interactions"

urlpatterns = [
    path("interactions/", views.checker_page, name="checker"),
    path("api/v1/interactions", views.checker_api, name="api"),
]
