from django.contrib import admin
from django.urls import include, path

from refsite.monographs import views as monograph_views

urlpatterns = [
    path("", monograph_views.home, name="home"),
    path("", include("refsite.monographs.urls")),
    path("", include("refsite.search.urls")),
    path("admin/", admin.site.urls),
]
