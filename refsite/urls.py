from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from refsite.monographs import views as monograph_views
from refsite.monographs.sitemaps import SITEMAPS

urlpatterns = [
    path("", monograph_views.home, name="home"),
    path("", include("refsite.monographs.urls")),
    path("", include("refsite.api.urls")),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("robots.txt", monograph_views.robots_txt, name="robots"),
    path("about/", include("refsite.pages.urls")),
    path("", include("refsite.search.urls")),
    path("", include("refsite.interactions.urls")),
    path("", include("refsite.labelwatch.urls")),
    path("admin/", admin.site.urls),
]
