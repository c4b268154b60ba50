"""schema.org JSON-LD for monograph pages, so search engines and other software can
tell who reviewed a page, when, and which label it cites."""

import json

from django.utils.text import capfirst

# The characters that could end or confuse a <script> element; JSON allows \uXXXX for
# any of them, so the data round-trips unchanged.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def script_json(data):
    """JSON safe to place between <script type="application/ld+json"> tags."""
    return json.dumps(data, ensure_ascii=False, indent=1).translate(_SCRIPT_ESCAPES)


def _unique(values):
    return list(dict.fromkeys(v for v in values if v))


def _superseded(state):
    return (f"Superseded: version {state.current_version} of this label was published on "
            f"{state.current_published.isoformat()}; the page was reviewed against "
            f"{state.reviewed_words}")


def monograph_page(monograph, sources, dose_rules, page_url, revised_at=None,
                   label_states=()):
    """A MedicalWebPage about the Drug, from what the store wrote. A cited label updated
    since the review (`label_states`, see monographs.labels) marks its citation and the
    page with schema.org's creativeWorkStatus."""
    stale = {state.source_key: state for state in label_states if state.stale}
    drug = {
        "@type": "Drug",
        "name": monograph.generic_name,
        "nonProprietaryName": monograph.generic_name,
        "drugClass": {"@type": "DrugClass", "name": monograph.drug_class},
        "administrationRoute": _unique(rule.route for rule in dose_rules),
        "warning": list(monograph.boxed_warning),
    }
    if monograph.brand_names:
        drug["proprietaryName"] = list(monograph.brand_names)
    # Real names only: the misspellings kept for search are never published as names.
    alternate = _unique([*monograph.brand_names, *monograph.synonyms])
    if alternate:
        drug["alternateName"] = alternate
    if monograph.rxcui:
        drug["code"] = {"@type": "MedicalCode", "codeValue": monograph.rxcui,
                        "codingSystem": "RxNorm"}
    page = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": page_url,
        "name": capfirst(monograph.generic_name),
        "description": monograph.summary,
        "lastReviewed": monograph.reviewed_on.isoformat() if monograph.reviewed_on else None,
        "reviewedBy": {"@type": "Organization", "name": monograph.reviewed_by},
        "citation": [
            {
                "@type": "CreativeWork",
                "name": source.title,
                "url": source.url,
                "identifier": {"@type": "PropertyValue", "propertyID": "DailyMed set id",
                               "value": source.set_id},
                **({"version": str(source.version)} if source.version else {}),
                **({"publisher": {"@type": "Organization", "name": source.holder}}
                   if source.holder else {}),
                **({"dateModified": (source.effective or source.read_on).isoformat()}
                   if source.effective or source.read_on else {}),
                **({"creativeWorkStatus": _superseded(stale[source.key])}
                   if source.key in stale else {}),
            }
            for source in sources
        ],
        "about": drug,
    }
    if stale:
        page["creativeWorkStatus"] = ("Under re-review: a cited FDA label was updated after "
                                      "this page was reviewed")
    if revised_at:
        page["dateModified"] = revised_at.isoformat()
    return {key: value for key, value in page.items() if value is not None}
