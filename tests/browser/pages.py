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
    # Not a name, so it lists results rather than redirecting to the monograph.
    Page("search-results", "/search/?q=panic+disorder"),
    Page("search-no-results", "/search/?q=xylophone"),
    Page("a-z", "/drugs/"),
    Page("classes", "/classes/"),
    Page("class", "/classes/benzodiazepine/"),
    Page("conditions", "/conditions/"),
    Page("condition", "/conditions/panic-disorder/"),
    Page("history", "/drugs/clonazepam/history/"),
    Page("diff", "/drugs/clonazepam/history/1...1/"),
    Page("editorial-policy", "/about/editorial-policy/"),
]

MONOGRAPH = "/drugs/clonazepam/"
BRAND = "/drugs/klonopin/"
