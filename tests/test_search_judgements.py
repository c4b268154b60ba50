"""Search, measured: precision@1 of the judged query set (tests/search_judgements.yaml)
over the shipped content, held at 100% on whichever database DATABASE_URL names.

Precision@1 is the share of queries whose first result (`answers.Response.first`: the
page the query names, the section that answers it, or the notice that says refsite does
not show that medicine) is one the judgement accepts.
"""

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from refsite.publishing.parse import parse_file
from refsite.search.answers import IN_REVIEW, NO_MATCH, NOT_COVERED, respond

ROOT = Path(__file__).resolve().parent.parent
JUDGEMENTS = yaml.safe_load((Path(__file__).parent / "search_judgements.yaml").read_text())
KINDS = {IN_REVIEW, NO_MATCH, NOT_COVERED}
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


def accepted(judgement):
    first = judgement["first"]
    return first if isinstance(first, list) else [first]


def is_accepted(first, judgement):
    return any(first == want or (want.startswith("*#") and first.endswith(want[1:]))
               for want in accepted(judgement))


def test_the_judged_set_covers_every_kind_of_query():
    kinds = Counter(j["kind"] for j in JUDGEMENTS)
    assert len(JUDGEMENTS) >= 60
    assert len({j["query"].casefold() for j in JUDGEMENTS}) == len(JUDGEMENTS)
    assert all(kinds[k] >= 5 for k in ("name", "misspelling", "lay", "question",
                                       "not-covered")), kinds


def test_every_judgement_names_a_kind_or_a_page():
    for judgement in JUDGEMENTS:
        for want in accepted(judgement):
            assert want in KINDS or "#" in want or SLUG.fullmatch(want), judgement


@pytest.mark.django_db
def test_precision_at_1_is_100_percent(shipped):
    misses = []
    for judgement in JUDGEMENTS:
        first = respond(judgement["query"]).first
        if not is_accepted(first, judgement):
            misses.append(f"{judgement['query']!r}: got {first}, want {accepted(judgement)}")
    precision = 1 - len(misses) / len(JUDGEMENTS)
    assert not misses, f"precision@1 {precision:.1%} of {len(JUDGEMENTS)}:\n" + "\n".join(misses)


@pytest.mark.django_db
def test_answers_carry_no_citation_marks(shipped):
    snippet = respond("sertraline pregnancy").answers[0].snippet
    assert "pregnancy" in snippet and "§" not in snippet and "[1" not in snippet


@pytest.mark.django_db
def test_two_medicines_named_link_to_the_interaction_checker(client, shipped):
    html = client.get("/search/", {"q": "zoloft and klonopin"}).content.decode()
    assert 'href="/interactions/?drugs=sertraline,clonazepam"' in html


def published_names():
    """(name, slug) for every generic and brand name of every published page, read from
    the content itself, so a new page is held to this without a line typed here."""
    for path in sorted((ROOT / "content" / "monographs").glob("*.md")):
        meta = parse_file(path, ROOT / "content", 10**6).meta
        if meta["status"] == "reviewed":
            for name in [meta["generic_name"], *meta.get("brand_names", [])]:
                yield name, meta["slug"]


@pytest.mark.django_db
def test_every_generic_and_brand_name_finds_its_page_first(shipped):
    names = list(published_names())
    assert len(names) > 40
    misses = [f"{name!r}: got {respond(name).first}, want {slug}"
              for name, slug in names if respond(name).first != slug]
    assert not misses, "\n".join(misses)
