"""The pages every browser check visits: axe, the Nu Html Checker and the phone viewport.

Checking one more page is adding one line here. A page whose feature is still being
built elsewhere carries `pending`: it is skipped while its path resolves to no view on
this branch, and checked like any other page as soon as the route exists.
"""

from dataclasses import dataclass

from django.urls import Resolver404, resolve


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    status: int = 200
    pending: str = ""

    def unbuilt_reason(self):
        """Why this page cannot be checked yet, or "" when it can."""
        if not self.pending:
            return ""
        try:
            resolve(self.path.split("?")[0])
        except Resolver404:
            return f"{self.path} is not routed on this branch yet ({self.pending})"
        return ""


PAGES = [
    Page("home", "/"),
    Page("monograph", "/drugs/clonazepam/"),
    Page("not-found", "/drugs/no-such-medicine/", status=404),
    Page("search-results", "/search/?q=clonazepam", pending="search page"),
    Page("a-z", "/drugs/", pending="A-Z index"),
    Page("history", "/drugs/clonazepam/history/", pending="history pages"),
]

MONOGRAPH = "/drugs/clonazepam/"
BRAND = "/drugs/klonopin/"
