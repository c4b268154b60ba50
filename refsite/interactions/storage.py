"""Stored rows from checked content, written inside the content load's transaction.

Interaction rows are rebuilt from each stored monograph's front matter when the load
says it changed (the `content_stored` signal, like the search index), so the loader
needs to know nothing about them; the groups file is handed over by the loader
(`replace_groups`), because it belongs to no monograph.
"""

import hashlib
import json

from django.db.models import Q

from refsite.monographs.models import Monograph, Source
from refsite.search.query import normalize

from .models import Group, GroupSet, Interaction, Membership


def entries(front_matter):
    """The `interactions` entries of front matter that passed the check."""
    value = front_matter.get("interactions") if isinstance(front_matter, dict) else None
    return [e for e in value if isinstance(e, dict)] if isinstance(value, list) else []


def parties(entry):
    """(kind, party) for each party an entry names: `with` (a slug or list of them)
    then `named`."""
    listed = entry.get("with") or []
    listed = [listed] if isinstance(listed, str) else listed
    named = entry.get("named") or []
    return ([(Interaction.Kind.WITH, p) for p in listed if isinstance(p, str)]
            + [(Interaction.Kind.NAMED, p) for p in named if isinstance(p, str)])


def interaction_rows(monograph):
    rows = []
    for position, entry in enumerate(entries(monograph.front_matter), start=1):
        for kind, party in dict.fromkeys(parties(entry)):
            rows.append(Interaction(
                monograph=monograph, position=position, kind=kind, party=party,
                party_key=normalize(party), effect=entry.get("effect", ""),
                action=entry.get("action", ""), limit=entry.get("limit", ""),
                interval=entry.get("interval", ""), source_key=entry.get("source", ""),
                label_section=str(entry.get("label_section", ""))))
    return rows


def update_interactions(slugs):
    """Rebuild the statements of the monographs `slugs` (added, changed or removed)."""
    if not slugs:
        return
    Interaction.objects.filter(monograph__slug__in=list(slugs)).delete()
    rows = []
    for monograph in (Monograph.objects.filter(slug__in=list(slugs), is_active=True)
                      .only("pk", "slug", "front_matter")):
        rows += interaction_rows(monograph)
    Interaction.objects.bulk_create(rows, batch_size=1000)


def groups_hash(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def replace_groups(data):
    """Store the groups of a checked groups file (`data`, {slug: group}) unless they are
    what is stored; True when they changed."""
    digest = groups_hash(data)
    current = GroupSet.objects.order_by("-pk").first()
    if current is not None and current.content_hash == digest:
        return False
    Group.objects.all().delete()
    members = []
    for slug, value in data.items():
        group = Group.objects.create(slug=slug, name=value["name"],
                                     description=value["description"])
        for member in value.get("members") or []:
            members.append(Membership(
                group=group, drug=member["drug"], reason=member["reason"],
                source_key=member["source"], label_section=str(member["label_section"]),
                source_owner=_owner(member["drug"], member["source"])))
    Membership.objects.bulk_create(members)
    GroupSet.objects.all().delete()
    GroupSet.objects.create(content_hash=digest)
    return True


def _owner(drug, source_key):
    """The monograph whose source `source_key` is: the member's own, else the first
    other monograph declaring it (the check refused one that none declares)."""
    owners = (Source.objects.filter(key=source_key)
              .filter(Q(monograph__slug=drug) | Q(monograph__is_active=True))
              .values_list("monograph__slug", flat=True))
    owners = sorted(owners, key=lambda slug: (slug != drug, slug))
    return owners[0] if owners else drug
