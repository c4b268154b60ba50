"""A name points to one monograph, and the check and the loader agree on it.

Names are compared as written (casefolded) and as the address they become (the slug
the store gives the alias, which /drugs/<slug>/ resolves), against every other
monograph's slug, generic name, brand names, synonyms and misspellings. Which file is
told must not depend on file order or on which files changed, or a clash could be
blamed on a file nobody reads (an unchanged one) and slip through a load.
"""

import pytest
from django.utils.text import slugify
from hypothesis import given, settings
from hypothesis import strategies as st

from refsite.monographs.models import Alias, Monograph
from refsite.publishing.catalog import Catalog, Entry, name_slug
from refsite.publishing.findings import ContentError

pytestmark = pytest.mark.django_db


def brand_is_a_later_generic(content):  # the old blind spot: alpha is read first
    content.write("alpha", brand_names=["Beta"])
    content.write("beta")


def brand_is_an_earlier_generic(content):
    content.write("alpha")
    content.write("beta", brand_names=["Alpha"])


def brand_slugs_to_another_slug(content):  # "sertraline!" on clonazepam
    content.write("alpha", brand_names=["beta!"])
    content.write("beta")


def synonym_slugs_to_another_slug(content):
    content.write("alpha", synonyms=["Co trimoxazole"])
    content.write("co-trimoxazole")


def alias_slugs_to_another_alias(content):
    content.write("alpha", brand_names=["Shared-XR"])
    content.write("beta", synonyms=["shared xr"])


def misspelling_is_another_brand(content):
    content.write("alpha", brand_names=["Alphapin"])
    content.write("beta", misspellings=["alphapin"])


def case_variant(content):
    content.write("alpha", brand_names=["SHARED"])
    content.write("beta", brand_names=["shared"])


def punctuation_and_width_variant(content):
    content.write("alpha", brand_names=["Shared."])
    content.write("beta", brand_names=["\uff33hared"])  # fullwidth S: NFKD makes it "S"


def generic_is_another_brand(content):
    content.write("alpha", brand_names=["Deltapin"])
    content.write("delta", generic_name="deltapin", brand_names=[])


BAD = [brand_is_a_later_generic, brand_is_an_earlier_generic, brand_slugs_to_another_slug,
       synonym_slugs_to_another_slug, alias_slugs_to_another_alias,
       misspelling_is_another_brand, case_variant, punctuation_and_width_variant,
       generic_is_another_brand]


def verdicts(content):
    """(check's errors, load's errors) as (path, code) pairs; the load's are empty when
    it stored."""
    checked = sorted({(f.path, f.code) for f in content.check().errors})
    try:
        content.load()
    except ContentError as exc:
        return checked, sorted({(f.path, f.code) for f in exc.findings if f.is_error})
    return checked, []


@pytest.mark.parametrize("write", BAD, ids=[w.__name__ for w in BAD])
def test_the_check_and_the_load_both_refuse_a_name_of_another_monograph(content, write):
    write(content)
    checked, loaded = verdicts(content)
    assert checked == loaded
    assert {code for _, code in checked} == {"FM006"}
    assert not Monograph.objects.exists()


def test_the_check_and_the_load_both_accept_names_that_are_their_own(content):
    content.write("alpha", brand_names=["Alphapin", "Alpha!"], synonyms=["ALPHA"],
                  misspellings=["alfapin"])
    content.write("beta", brand_names=["Betapin"], synonyms=["beta hydrochloride"])
    assert verdicts(content) == ([], [])
    assert Monograph.objects.published().count() == 2


def test_the_message_names_the_address_and_its_holder(content):
    brand_slugs_to_another_slug(content)
    [finding] = content.check().errors
    lines = (content.root / "monographs" / "alpha.md").read_text().splitlines()
    assert finding.path.endswith("alpha.md") and lines[finding.line - 1] == "- beta!"
    assert "/drugs/beta/" in finding.message and "beta.md" in finding.message
    assert "remove it" in finding.message


def test_a_generic_name_and_the_slug_it_equals_are_told_once(content):
    content.write("alpha", brand_names=["Beta"])
    content.load()
    content.write("beta")  # new, and its slug and generic name are alpha's brand
    with pytest.raises(ContentError) as raised:
        content.load()
    [finding] = raised.value.findings
    assert (finding.path, finding.code) == ("content/monographs/beta.md", "FM006")
    assert [f.code for f in content.check().errors] == ["FM006"]


def test_a_changed_file_is_told_even_when_the_unchanged_one_comes_later(content):
    """Told by file order, the clash went to beta, which an incremental load does not
    check: the load stored what the check refused."""
    content.write("alpha")
    content.write("beta", brand_names=["Shared"])
    content.load()
    content.write("alpha", brand_names=["Shared"], reviewed_on="2026-05-01",
                  changes="Brand name added.")  # re-reviewed: REVIEW004
    assert [(f.path, f.code) for f in content.check().errors] == [
        ("content/monographs/beta.md", "FM006")]
    with pytest.raises(ContentError) as raised:
        content.load()
    assert [(f.path, f.code) for f in raised.value.findings] == [
        ("content/monographs/alpha.md", "FM006")]
    assert Monograph.objects.get(slug="alpha").brand_names == ["Alpha-brand"]


def test_who_is_told_does_not_depend_on_file_order():
    alpha = Entry("alpha.md", "alpha", "alpha", (("brand_names", 0, "Beta"),))
    beta = Entry("beta.md", "beta", "beta")
    for entries in ([alpha, beta], [beta, alpha]):
        clashes = Catalog.of(entries).clashes
        assert list(clashes) == ["alpha.md"]
        assert [c.key_path for c in clashes["alpha.md"]] == [("brand_names", 0)]


_NAMES = st.sampled_from(["Alpha", "alpha", "ALPHA!", "beta", "Beta XR", "beta-xr",
                          "gamma", "\uff33hared", "shared", "a", "-"])
_ENTRIES = st.lists(st.tuples(
    st.sampled_from(["alpha", "beta", "beta-xr", "gamma", "shared", None]),
    st.one_of(st.none(), _NAMES),
    st.lists(st.tuples(st.sampled_from(["brand_names", "synonyms", "misspellings"]), _NAMES),
             max_size=3),
    st.booleans(),
), max_size=8)


@settings(max_examples=300, deadline=None)
@given(_ENTRIES)
def test_only_the_tokens_the_checked_files_claim_are_compared(drawn):
    """The clashes of the files checked are those found comparing every token of every
    entry, settled or not."""
    entries = [Entry(f"m{i}.md", slug, generic,
                     tuple((key, j, name) for j, (key, name) in enumerate(names)),
                     settled=settled)
               for i, (slug, generic, names, settled) in enumerate(drawn)]
    everything = _EveryToken.of(entries).clashes
    checked = {e.path for e in entries if not e.settled}
    assert Catalog.of(entries).clashes == {
        path: clashes for path, clashes in everything.items() if path in checked}


class _EveryToken(Catalog):
    def _claimed_by_unsettled(self):
        return None, None


@pytest.mark.parametrize("name", ["beta", "Beta XR", "BETA-XR", "Beta XR!", " beta--xr ",
                                  "beta  xr", "beta\txr", "\u00e9ta", "\uff33hared", "a_b",
                                  "-", ""])
def test_a_name_s_address_is_django_s_slug_of_it(name):
    assert name_slug(name) == slugify(name)


def test_the_store_gives_an_alias_the_address_the_check_compared(content, client):
    content.write("alpha", brand_names=["\uff33hared XR!"])
    content.load()
    alias = Alias.objects.get(kind=Alias.Kind.BRAND)
    assert alias.slug == name_slug(alias.name) == "shared-xr"
    assert client.get("/drugs/shared-xr/")["Location"] == "/drugs/alpha/"


def test_comparing_names_of_a_large_catalog_stays_fast():
    import time

    entries = [Entry(f"m{i}.md", f"drug-{i}", f"drug {i}",
                     (("brand_names", 0, f"Brand {i}"), ("synonyms", 0, f"drug {i} hcl"),
                      ("misspellings", 0, f"drugg {i}")))
               for i in range(3_000)]
    started = time.perf_counter()
    assert Catalog.of(entries).clashes == {}
    assert time.perf_counter() - started < 3  # about 0.05 s here; generous for slow CI
