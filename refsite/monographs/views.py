from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.views.decorators.http import require_safe

from refsite.core.caching import revision_cached
from refsite.core.links import absolute_url

from . import browse, charts, jsonld, labels
from .fields import boxed_items
from .history import source_diff
from .models import Alias, DoseRule, Monograph
from .revisions import collection_revision, monograph_revision

LISTING_FIELDS = ("slug", "generic_name", "title", "brand_names", "drug_class")
# Revision.number is a PositiveIntegerField: this is its range on every database.
MAX_REVISION = 2**31 - 1
HISTORY_PER_PAGE = 50


def _published_or_404(slug):
    monograph = Monograph.objects.published().filter(slug=slug).first()
    if monograph is None:
        raise Http404(f"No published monograph called '{slug}'")
    return monograph


def _medicines():
    return ("Medicines", reverse("monographs:index"))


@revision_cached(collection_revision)
def home(request):
    monographs = Monograph.objects.published().only(*LISTING_FIELDS)
    return render(request, "home.html", {"monographs": monographs})


@revision_cached(monograph_revision)
def detail(request, slug):
    monograph = (
        Monograph.objects.published()
        .prefetch_related("sections", "sources", "dose_rules")
        .filter(slug=slug)
        .first()
    )
    if monograph is None:
        alias = (
            Alias.objects.filter(slug=slug, monograph__in=Monograph.objects.published())
            .select_related("monograph")
            .first()
        )
        if alias is not None:
            return redirect(alias.monograph, permanent=True)
        # A page that covers one form has its own slug (topiramate-extended-release-
        # capsules): its plain generic name leads there while it is the only page with
        # that name. Temporary, as a page for another form may join it later.
        named = list(Monograph.objects.published()
                     .filter(generic_name__iexact=slug.replace("-", " "))[:2])
        if len(named) == 1:
            return redirect(named[0])
        raise Http404(f"No published monograph called '{slug}'")
    return render(request, "monographs/detail.html", detail_context(
        request, monograph, monograph.sections.all(), monograph.sources.all(),
        monograph.dose_rules.all(), monograph.current_revision, labels.states(monograph),
    ))


def detail_context(request, monograph, sections, sources, dose_rules, revision,
                   label_states=()):
    """Everything the monograph template needs. The check's --preview renders unsaved
    objects through this same function, so a preview cannot drift from the real page.
    `label_states` (labels.LabelState) give the notice of a label revised since review."""
    structured = jsonld.monograph_page(
        monograph, sources, dose_rules, absolute_url(request, monograph.get_absolute_url()),
        revised_at=revision.created_at if revision else None, label_states=label_states,
    )
    by_key = {source.key: source for source in sources}
    front = monograph.front_matter if isinstance(monograph.front_matter, dict) else {}
    guide = front.get("medication_guide")
    return {
        # each boxed item in plain words (its labeled title where none is written yet)
        "boxed_items": [{**item, "plain": item["plain"] or item["title"]} for item in
                        boxed_items(front.get("boxed_warning") or monograph.boxed_warning)],
        "forms": front.get("forms") or [],
        "medication_guide": ({**guide, "label": by_key.get(guide.get("source"))}
                             if isinstance(guide, dict) else None),
        "side_effect_charts": charts.charts(front),
        "sources_by_key": by_key,
        "help_lines": help_lines(monograph, sections),
        "label_notices": [(state, by_key.get(state.source_key)) for state in label_states
                          if state.stale],
        "monograph": monograph,
        "sections": sections,
        "sources": sources,
        "dose_rules": dose_rules,
        "revision": revision,
        "jsonld": mark_safe(jsonld.script_json(structured)),  # noqa: S308 - escaped JSON
        "breadcrumbs": [_medicines(), (capfirst(monograph.generic_name),
                                        monograph.get_absolute_url())],
    }


def help_lines(monograph, sections):
    """The "Get help now" numbers for this page (settings.REFSITE_HELP): the emergency
    number and the Poison Help line always, the crisis line where the label warns of
    suicidal thoughts (a boxed item, or the Warnings section)."""
    lines = settings.REFSITE_HELP
    shown = [lines["emergency"], lines["poison"]]
    warnings = " ".join(s.text for s in sections if s.anchor == "warnings")
    if any("suicid" in text.lower() for text in [*monograph.boxed_warning, warnings]):
        shown.append(lines["crisis"])
    return shown


LABEL_UPDATED = "updated"  # /drugs/?label=updated: pages whose label changed since review


@revision_cached(collection_revision)
def index(request):
    """Medicines A to Z: generic names and brand names, each brand leading to its generic;
    `?label=updated` keeps the pages whose cited label was updated since their review."""
    monographs = list(Monograph.objects.published().only(*LISTING_FIELDS))
    label_filter = request.GET.get("label") == LABEL_UPDATED
    if label_filter:
        stale = labels.stale_ids()
        monographs = [m for m in monographs if m.pk in stale]
    by_id = {m.pk: m for m in monographs}
    brands = [
        (name, by_id[monograph_id])
        for name, monograph_id in Alias.objects.filter(
            kind=Alias.Kind.BRAND, monograph__in=Monograph.objects.published()
        ).values_list("name", "monograph_id")
        if monograph_id in by_id
    ]
    letters = browse.a_to_z(monographs, brands)
    return render(request, "monographs/index.html", {
        "letters": letters,
        "count": len(monographs),
        "label_filter": label_filter,
        "breadcrumbs": [_medicines()],
    })


def _classes():
    monographs = Monograph.objects.published().only(*LISTING_FIELDS)
    return browse.group_by(monographs, lambda m: [m.drug_class], browse.class_slug)


@revision_cached(collection_revision)
def class_list(request):
    return render(request, "monographs/class_list.html", {
        "groups": _classes(),
        "breadcrumbs": [("Drug classes", reverse("monographs:classes"))],
    })


@revision_cached(collection_revision)
def class_detail(request, slug):
    group = next((g for g in _classes() if g.slug == slug), None)
    if group is None:
        raise Http404(f"No published monograph in a class called '{slug}'")
    return render(request, "monographs/class_detail.html", {
        "group": group,
        "breadcrumbs": [("Drug classes", reverse("monographs:classes")),
                        (group.name, reverse("monographs:class", args=[group.slug]))],
    })


def _conditions():
    published = Monograph.objects.published()
    rules = DoseRule.objects.filter(monograph__in=published).condition_rows()
    return browse.conditions(published.only(*LISTING_FIELDS), rules)


@revision_cached(collection_revision)
def condition_list(request):
    return render(request, "monographs/condition_list.html", {
        "groups": _conditions(),
        "breadcrumbs": [("Conditions", reverse("monographs:conditions"))],
    })


@revision_cached(collection_revision)
def condition_detail(request, slug):
    group = next((g for g in _conditions() if g.slug == slug), None)
    if group is None:
        raise Http404(f"No published monograph is labeled for '{slug}'")
    rows = [(monograph, group.populations[monograph.pk]) for monograph in group.monographs]
    return render(request, "monographs/condition_detail.html", {
        "group": group,
        "rows": rows,
        "breadcrumbs": [("Conditions", reverse("monographs:conditions")),
                        (group.name, reverse("monographs:condition", args=[group.slug]))],
    })


def _history_trail(monograph):
    return [_medicines(),
            (capfirst(monograph.generic_name), monograph.get_absolute_url()),
            ("History", reverse("monographs:history", args=[monograph.slug]))]


@revision_cached(monograph_revision)
def history(request, slug):
    """Every published revision, so anyone can see who checked what, when, from which
    commit."""
    monograph = _published_or_404(slug)
    revisions = monograph.revisions.defer("source_text").order_by("-number")
    paginator = Paginator(revisions, HISTORY_PER_PAGE)
    page = paginator.page(_page_number(request.GET.get("page"), paginator.num_pages))
    latest = revisions.values_list("number", flat=True).first()
    return render(request, "monographs/history.html", {
        "monograph": monograph,
        "page": page,
        "revisions": page.object_list,
        "latest": latest,
        "breadcrumbs": _history_trail(monograph),
    })


def _page_number(value, last):
    """As on the search page: anything but a number is page 1, past the end is the last
    page; no page number is ever an error."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return min(max(1, number), last)


def history_compare(request, slug):
    """The compare form's target: send readers to the diff's canonical address."""
    monograph = _published_or_404(slug)
    try:
        old, new = int(request.GET["from"]), int(request.GET["to"])
    except (KeyError, ValueError):
        old = new = 0
    if old < 1 or new < 1:
        return redirect("monographs:history", slug=monograph.slug)
    if old > MAX_REVISION or new > MAX_REVISION:
        raise Http404(f"{monograph.slug} has no revision {max(old, new)}")
    return redirect("monographs:diff", slug=monograph.slug, old=old, new=new)


@revision_cached(monograph_revision)
def history_diff(request, slug, old, new):
    monograph = _published_or_404(slug)
    revisions = {r.number: r for r in monograph.revisions.filter(number__in=[old, new])}
    if old not in revisions or new not in revisions:
        raise Http404(f"{monograph.slug} has no revision {old if old not in revisions else new}")
    before, after = revisions[old], revisions[new]
    trail = _history_trail(monograph)
    trail.append((f"Revision {old} to {new}",
                  reverse("monographs:diff", args=[monograph.slug, old, new])))
    return render(request, "monographs/diff.html", {
        "monograph": monograph,
        "before": before,
        "after": after,
        "diff": source_diff(before.source_text, after.source_text),
        "breadcrumbs": trail,
    })


@require_safe
def robots_txt(request):
    sitemap = absolute_url(request, reverse("sitemap"))
    # The compare form's redirects would let a crawler walk every pair of revisions.
    lines = ["User-agent: *", "Disallow: /admin/", "Disallow: /drugs/*/history/compare/",
             "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
