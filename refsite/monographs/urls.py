from django.urls import path

from . import views
from .feeds import ChangesFeed

app_name = "monographs"

urlpatterns = [
    path("drugs/", views.index, name="index"),
    path("drugs/<slug:slug>/", views.detail, name="detail"),
    path("drugs/<slug:slug>/history/", views.history, name="history"),
    path("drugs/<slug:slug>/history/compare/", views.history_compare, name="compare"),
    path("drugs/<slug:slug>/history/<int:old>...<int:new>/", views.history_diff, name="diff"),
    path("classes/", views.class_list, name="classes"),
    path("classes/<slug:slug>/", views.class_detail, name="class"),
    path("conditions/", views.condition_list, name="conditions"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
    path("feeds/changes/", ChangesFeed(), name="changes-feed"),
]
