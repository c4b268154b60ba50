"""The checker's answer as JSON (`GET /api/v1/interactions`, described in
refsite/api/openapi.json as InteractionCheck)."""

from .lookup import MAX_MEDICINES, MIN_MEDICINES


def _medicine(medicine):
    return {"slug": medicine.slug, "name": medicine.name, "typed": medicine.typed or None,
            "url": medicine.url}


def _citation(citation):
    return {"monograph": citation.owner, "source": citation.source_key,
            "label": citation.source_name, "labelUrl": citation.label_url or None,
            "section": citation.label_section}


def _mention(mention):
    statement = mention.statement
    data = {
        "label": statement.owner,
        "effect": statement.effect,
        "citation": _citation(statement.citation),
        "limit": statement.limit or None,
        "interval": statement.interval or None,
        "group": None,
    }
    if mention.via is not None:
        data["group"] = {"slug": mention.via.group.slug, "name": mention.via.group.name,
                         "member": mention.other, "reason": mention.via.reason,
                         "citation": _citation(mention.via.citation),
                         "sameGroup": mention.shared}
    return data


def _pair(result):
    second = result.second
    return {
        "medicines": [result.first.slug, second if isinstance(second, str) else second.slug],
        "found": result.found,
        "notSummarized": [m.slug for m in result.unsummarized],
        "interactions": [{"action": item.action, "actionLabel": item.label,
                          "bothLabels": item.both_labels,
                          "statements": [_mention(m) for m in item.mentions]}
                         for item in result.items],
    }


def result_json(checked, results, nothing_found, not_summarized):
    return {
        "drugs": checked.names,
        "problem": checked.problem or (f"Give {MIN_MEDICINES} to {MAX_MEDICINES} medicine "
                                       "names in `drugs`, separated by commas."
                                       if not checked.names else None),
        "medicines": [_medicine(m) for m in checked.medicines],
        "notInReference": [{"typed": u.typed, "beingReviewed": bool(u.draft),
                            "suggestions": [slug for _name, slug in u.suggestions]}
                           for u in checked.unlisted],
        "repeated": [{"typed": typed, "slug": medicine.slug}
                     for typed, medicine in checked.repeated],
        "pairs": [_pair(r) for r in results if not isinstance(r.second, str)],
        "namedByLabels": [_pair(r) for r in results if isinstance(r.second, str)],
        "noInteractionMessage": nothing_found,
        "notSummarizedMessage": not_summarized,
    }
