"""The pages every browser check visits: axe, the Nu Html Checker and the phone viewport.

Checking one more page is adding one line here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    status: int = 200


PAGES = [
    Page("home", "/"),
    Page("monograph", "/drugs/clonazepam/"),
    Page("monograph-with-charts", "/drugs/gabapentin/"),
    Page("not-found", "/drugs/no-such-medicine/", status=404),
    # Not a name, so it lists results rather than redirecting to the monograph.
    Page("search-results", "/search/?q=panic+disorder"),
    Page("search-no-results", "/search/?q=xylophone"),
    Page("search-everyday-word", "/search/?q=fits"),
    Page("search-answer", "/search/?q=zoloft+and+klonopin"),
    Page("search-not-covered", "/search/?q=ibuprofen"),
    Page("search-being-reviewed", "/search/?q=warfarin"),
    Page("a-z", "/drugs/"),
    Page("classes", "/classes/"),
    Page("class", "/classes/benzodiazepine/"),
    Page("conditions", "/conditions/"),
    Page("condition", "/conditions/panic-disorder/"),
    Page("history", "/drugs/clonazepam/history/"),
    Page("diff", "/drugs/clonazepam/history/1...1/"),
    Page("editorial-policy", "/about/editorial-policy/"),
    Page("interaction-checker", "/interactions/"),
    Page("interaction-results",
         "/interactions/?drugs=clonazepam,gabapentin,Zoloft,escitalopram,sertralinn,warfarin"),
]

MONOGRAPH = "/drugs/clonazepam/"
WITH_CHARTS = "/drugs/gabapentin/"
BRAND = "/drugs/klonopin/"
