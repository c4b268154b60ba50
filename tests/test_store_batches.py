"""The store writes in batches: several changed, new and removed monographs in one load,
across batch boundaries, end up exactly as if each had been written alone."""

import pytest
from django.db.models import Max

from refsite.monographs.models import Alias, Monograph, Revision, Section
from refsite.publishing import store

pytestmark = pytest.mark.django_db

SLUGS = ["alpha", "beta", "gamma", "delta", "epsilon"]


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(store, "_BATCH", 2)


def test_changed_monographs_get_their_new_parts_and_next_revision(content, small_batches):
    for slug in SLUGS:
        content.write(slug)
    content.load()
    for slug in SLUGS[:3]:  # a second revision for three of them, a third for one
        content.write(slug, brand_names=[f"{slug.capitalize()}-new"],
                      reviewed_on="2026-05-01", changes="Brand renamed.")
    content.load()
    content.write("alpha", brand_names=["Alpha-newer"], reviewed_on="2026-05-02",
                  changes="Brand renamed again.")
    content.write("zeta")
    result, _ = content.load()
    assert result.changed == ["alpha"] and result.added == ["zeta"]
    numbers = dict(Revision.objects.filter(monograph__slug__in=SLUGS)
                   .values_list("monograph__slug").order_by().annotate(n=Max("number")))
    assert numbers == {"alpha": 3, "beta": 2, "gamma": 2, "delta": 1, "epsilon": 1}
    assert set(Alias.objects.filter(monograph__slug="alpha").values_list("name", flat=True)) \
        == {"Alpha-newer"}
    assert Monograph.objects.get(slug="beta").brand_names == ["Beta-new"]
    # Each monograph keeps one set of sections, not the old and the new.
    for slug in SLUGS:
        positions = list(Section.objects.filter(monograph__slug=slug)
                         .values_list("position", flat=True))
        assert positions == list(range(1, len(positions) + 1))


def test_removed_monographs_are_unpublished_together(content, small_batches):
    for slug in SLUGS:
        content.write(slug)
    content.load()
    content.remove("beta")
    content.remove("gamma")
    result, _ = content.load(allow_unpublish=True)
    assert sorted(result.removed) == ["beta", "gamma"]
    assert set(Monograph.objects.filter(is_active=False).values_list("slug", flat=True)) \
        == {"beta", "gamma"}
    assert Revision.objects.filter(monograph__slug="beta").count() == 1
