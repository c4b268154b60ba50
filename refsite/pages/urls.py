from django.urls import path

from . import views

app_name = "pages"

urlpatterns = [
    path("editorial-policy/", views.editorial_policy, name="editorial-policy"),
]
