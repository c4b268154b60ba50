"""A FHIR R4 MedicationKnowledge resource per published monograph, for clinical systems
that read FHIR rather than our own JSON.

Amounts keep the label's units as plain text (no UCUM codes are claimed), and a maximum
given as a range is stated in words, not guessed into one number.
"""

import json

from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst

from refsite.core.caching import revision_cached
from refsite.core.http import read_only
from refsite.core.links import absolute_url
from refsite.monographs import labels
from refsite.monographs.amounts import describe_amount as amount_text
from refsite.monographs.models import Monograph
from refsite.monographs.revisions import monograph_revision

CONTENT_TYPE = "application/fhir+json"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
ATC = "http://www.whocc.no/atc"
UCUM = "http://unitsofmeasure.org"
PAGE_ID = "monograph-page"


def _quantity(value, unit):
    return {"value": value, "unit": unit}


def _dose(amount):
    if amount.get("to") is not None:
        return {"doseRange": {"low": _quantity(amount["value"], amount["unit"]),
                              "high": _quantity(amount["to"], amount["unit"])}}
    return {"doseQuantity": _quantity(amount["value"], amount["unit"])}


def _max_per_day(max_daily):
    unit = max_daily["unit"]
    unit = unit[: -len("/day")] if unit.endswith("/day") else unit
    return {"numerator": _quantity(max_daily["value"], unit),
            "denominator": {"value": 1, "unit": "day", "system": UCUM, "code": "d"}}


def _dosage(rule, amount, text):
    dosage = {
        "text": text,
        "timing": {"code": {"text": rule.frequency}},
        "route": {"text": rule.route},
        "doseAndRate": [_dose(amount)],
    }
    if amount.get("times_daily"):
        dosage["timing"]["repeat"] = {"frequency": amount["times_daily"], "period": 1,
                                      "periodUnit": "d"}
    instructions = [rule.note] if rule.note else []
    if rule.max_daily and rule.max_daily.get("to") is None:
        dosage["maxDosePerPeriod"] = _max_per_day(rule.max_daily)
    elif rule.max_daily:
        instructions.append(f"Maximum a day: {amount_text(rule.max_daily)}")
    else:
        instructions.append(f"Maximum a day: {rule.max_daily_note}")
    if instructions:
        dosage["additionalInstruction"] = [{"text": text} for text in instructions]
    return dosage


def _guideline(rule):
    phases = [("Starting dose", rule.initial, f"Start with {amount_text(rule.initial)}")]
    if rule.titration:
        phases.append(("Titration", rule.titration,
                       f"Increase by {amount_text(rule.titration)}"))
    if rule.maintenance:
        phases.append(("Maintenance", rule.maintenance,
                       f"Usual dose {amount_text(rule.maintenance)}"))
    return {
        "indicationCodeableConcept": {"text": rule.indication},
        "patientCharacteristics": [{"characteristicCodeableConcept": {"text": rule.population}}],
        "dosage": [
            {"type": {"text": phase}, "dosage": [_dosage(rule, amount, text)]}
            for phase, amount, text in phases
        ],
    }


def _document(resource_id, title, url, description):
    return {
        "resourceType": "DocumentReference",
        "id": resource_id,
        "status": "current",
        "description": description,
        "content": [{"attachment": {"contentType": "text/html", "url": url, "title": title}}],
    }


def _current_label(source, state):
    """The label version newer than the one reviewed, as a DocumentReference that
    replaces the reviewed one (whose status becomes `superseded`)."""
    document = _document(
        f"source-{source.key}-current", source.title, state.label_url,
        f"DailyMed set {state.set_id}, version {state.current_version}, published "
        f"{state.current_published.isoformat()}: newer than the version this monograph was "
        "reviewed against; editors are re-reviewing it")
    document["relatesTo"] = [{"code": "replaces",
                              "target": {"reference": f"#source-{source.key}"}}]
    return document


def medication_knowledge(monograph, page_url, revision=None, label_states=()):
    """The resource as a dict; `monograph` has sources and dose_rules prefetched. A cited
    label updated since the review (`label_states`, see monographs.labels) makes its
    DocumentReference `superseded`, replaced by one for the current label."""
    stale = {state.source_key: state for state in label_states if state.stale}
    sources = list(monograph.sources.all())
    rules = list(monograph.dose_rules.all())
    coding = []
    if monograph.rxcui:
        coding.append({"system": RXNORM, "code": monograph.rxcui,
                       "display": monograph.generic_name})
    if monograph.atc:
        coding.append({"system": ATC, "code": monograph.atc, "display": monograph.generic_name})
    name = capfirst(monograph.generic_name)
    contained = [_document(PAGE_ID, f"{name} monograph", page_url,
                           "Reviewed monograph: uses, dosing, warnings, side effects, sources")]
    contained += [_document(f"source-{s.key}", s.title, s.url,
                            s.described)
                  for s in sources]
    for document, source in zip(contained[1:], sources, strict=True):
        if source.key in stale:
            document["status"] = "superseded"
    contained += [_current_label(s, stale[s.key]) for s in sources if s.key in stale]
    resource = {
        "resourceType": "MedicationKnowledge",
        "id": monograph.slug,
        "text": {
            "status": "generated",
            "div": ('<div xmlns="http://www.w3.org/1999/xhtml">'
                    f"<p><b>{escape(name)}</b> ({escape(monograph.drug_class)})</p>"
                    f"<p>{escape(monograph.summary)}</p>"
                    + ("<p>A cited FDA label was updated after this monograph was reviewed; "
                       "editors are re-reviewing it.</p>" if stale else "")
                    + "</div>"),
        },
        "contained": contained,
        "code": {"text": monograph.generic_name, **({"coding": coding} if coding else {})},
        "status": "active",
        # Real names only: the misspellings kept for search are never exported.
        "synonym": list(dict.fromkeys([*monograph.brand_names, *monograph.synonyms])),
        "medicineClassification": [{"type": {"text": "Drug class"},
                                    "classification": [{"text": monograph.drug_class}]}],
        "intendedRoute": [{"text": route} for route in dict.fromkeys(r.route for r in rules)],
        "monograph": [{"type": {"text": "Reviewed monograph"},
                       "source": {"reference": f"#{PAGE_ID}", "display": f"{name} monograph"}}]
        + [{"type": {"text": "Prescribing information"},
            "source": {"reference": f"#source-{s.key}", "display": s.title}}
           for s in sources]
        + [{"type": {"text": "Prescribing information, current version (not yet reviewed)"},
            "source": {"reference": f"#source-{s.key}-current", "display": s.title}}
           for s in sources if s.key in stale],
        "administrationGuidelines": [_guideline(rule) for rule in rules],
    }
    if not resource["synonym"]:
        del resource["synonym"]
    if revision is not None:
        resource["meta"] = {"versionId": str(revision.number),
                            "lastUpdated": revision.created_at.isoformat()}
    if monograph.controlled_substance:
        schedule = monograph.controlled_substance.removeprefix("C-")
        resource["regulatory"] = [{
            "regulatoryAuthority": {"display": "United States Drug Enforcement Administration"},
            "schedule": [{"schedule": {
                "text": f"Schedule {schedule} ({monograph.controlled_substance})"}}],
        }]
    return resource


def _fhir_response(data, status=200):
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=status,
                        content_type=CONTENT_TYPE)


@read_only
@revision_cached(monograph_revision)
def medication_knowledge_view(request, slug):
    monograph = (
        Monograph.objects.published()
        .prefetch_related("sources", "dose_rules")
        .filter(slug=slug)
        .first()
    )
    if monograph is None:
        return _fhir_response({
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": "not-found",
                       "diagnostics": f"No published monograph with id '{slug}'."}],
        }, status=404)
    page_url = absolute_url(request, reverse("monographs:detail", args=[slug]))
    return _fhir_response(medication_knowledge(monograph, page_url, monograph.current_revision,
                                               labels.states(monograph)))


def capability_statement(base_url):
    """What this FHIR server does, as FHIR says a server must describe itself: read-only
    MedicationKnowledge by id, JSON only, no search."""
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": "2026-12-02",
        "publisher": "refsite",
        "kind": "instance",
        "software": {"name": "refsite"},
        "implementation": {"description": "refsite: reviewed drug monographs from FDA labels",
                           "url": base_url},
        "fhirVersion": "4.0.1",
        "format": [CONTENT_TYPE, "json"],
        "rest": [{
            "mode": "server",
            "documentation": "Read-only. One MedicationKnowledge per published monograph; "
                             "its id is the monograph's slug. Unknown ids answer 404 with "
                             "an OperationOutcome.",
            "resource": [{
                "type": "MedicationKnowledge",
                "interaction": [{"code": "read"}],
                "versioning": "no-version",
                "readHistory": False,
            }],
        }],
    }


@read_only
def metadata_view(request):
    return _fhir_response(capability_statement(absolute_url(request, "/fhir/")))
