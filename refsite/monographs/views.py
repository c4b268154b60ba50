from django.http import Http404
from django.shortcuts import redirect, render

from .caching import collection_revision, monograph_revision, revision_cached
from .models import Alias, Monograph


@revision_cached(collection_revision)
def home(request):
    monographs = Monograph.objects.published().only(
        "slug", "generic_name", "brand_names", "drug_class"
    )
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
        raise Http404(f"No published monograph called '{slug}'")
    return render(request, "monographs/detail.html", {
        "monograph": monograph,
        "sections": monograph.sections.all(),
        "sources": monograph.sources.all(),
        "dose_rules": monograph.dose_rules.all(),
    })
