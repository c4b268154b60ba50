"""A page written like a promotional advertisement, with its header fixed, used to load
with its claims and no error. Each claim must now be an error at its line, all of them
in one run (tests/fixtures/clonazepam-advertisement.md)."""

from pathlib import Path

import pytest

from refsite.publishing.findings import ContentError

from .factories import where_in

FIXTURE = Path(__file__).parent / "fixtures" / "clonazepam-advertisement.md"

EXPECTED = [
    ("FM008", 'brand_names: ["**Klonopin**"]', "**"),
    ("CONTROL001", "- Abuse, misuse, and addiction", None),
    # a published page shows each boxed item in plain words on its first screen
    ("PATIENT001", "- Risks from concomitant use with opioids", None),
    ("PATIENT001", "- Abuse, misuse, and addiction", None),
    ("PATIENT001", "- Dependence and withdrawal reactions", None),
    ("DOSE008", "initial: {value: 8, unit: mg}", None),
    ("DOSE007", "max_daily: {value: 4, unit: mg}", None),
    ("USE001", "helps with insomnia", "insomnia"),
    ("USE001", "helps with insomnia", "jet lag"),
    ("SAFETY001", "safe in pregnancy", "safe in pregnancy"),
    ("CLAIM001", "worries vanish", "vanish"),
    ("CLAIM001", "no limits", "no limits"),
    ("SAFETY002", "stop taking it", "stop taking"),
]


def where(snippet, column_of):
    return where_in(FIXTURE.read_text(encoding="utf-8"), snippet, column_of)


@pytest.fixture
def checked(content):
    content.write("clonazepam", text=FIXTURE.read_text(encoding="utf-8"))
    return content.check()


def test_every_claim_is_an_error_at_its_line_in_one_run(checked):
    reported = {(f.code, f.line, f.col) for f in checked.errors}
    for code, snippet, column_of in EXPECTED:
        assert (code, *where(snippet, column_of)) in reported, (code, snippet)


def test_nothing_else_is_reported(checked):
    expected = {(code, where(snippet, column_of)[0]) for code, snippet, column_of in EXPECTED}
    assert {(f.code, f.line) for f in checked.findings} == expected


def test_the_conditional_about_side_effects_is_not_a_claim(checked):
    line, _ = where("If no side effects appear", None)
    assert [f for f in checked.findings if f.line == line] == []


@pytest.mark.django_db
def test_the_loader_refuses_the_advertisement(content):
    content.write("clonazepam", text=FIXTURE.read_text(encoding="utf-8"))
    with pytest.raises(ContentError):
        content.load()
