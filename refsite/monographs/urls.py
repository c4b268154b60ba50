from django.urls import path, register_converter

from . import views
from .feeds import ChangesFeed


class RevisionNumber:
    """A number a revision can have. Larger ones name no revision, and reach no query:
    SQLite cannot bind an integer past 64 bits (OverflowError, a 500), PostgreSQL's
    integer column stops at 2**31 - 1; both are plain 404s here."""

    regex = "[0-9]{1,10}"

    def to_python(self, value):
        number = int(value)
        if not 1 <= number <= views.MAX_REVISION:
            raise ValueError(f"no revision {value}")  # the URL does not match: 404
        return number

    def to_url(self, value):
        return str(value)


register_converter(RevisionNumber, "revision")

app_name = "monographs"

urlpatterns = [
    path("drugs/", views.index, name="index"),
    path("drugs/<slug:slug>/", views.detail, name="detail"),
    path("drugs/<slug:slug>/history/", views.history, name="history"),
    path("drugs/<slug:slug>/history/compare/", views.history_compare, name="compare"),
    path("drugs/<slug:slug>/history/<revision:old>...<revision:new>/", views.history_diff,
         name="diff"),
    path("classes/", views.class_list, name="classes"),
    path("classes/<slug:slug>/", views.class_detail, name="class"),
    path("conditions/", views.condition_list, name="conditions"),
    path("conditions/<slug:slug>/", views.condition_detail, name="condition"),
    path("feeds/changes/", ChangesFeed(), name="changes-feed"),
]
