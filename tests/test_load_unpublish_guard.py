"""One command cannot empty the site: an emptied or half-checked-out content/ folder
looks exactly like removing monographs on purpose, so taking down all of them, or
more than a quarter, has to be asked for (--allow-unpublish)."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from refsite.monographs.models import ContentLoad, Monograph
from refsite.publishing.findings import ContentError
from refsite.publishing.store import UnpublishRefused, unpublish_refused

pytestmark = pytest.mark.django_db

FIVE = ("alpha", "beta", "gamma", "delta", "epsilon")


@pytest.fixture
def five(content):
    for slug in FIVE:
        content.write(slug)
    content.load()
    return content


def published():
    return sorted(Monograph.objects.published().values_list("slug", flat=True))


def test_an_emptied_folder_is_refused_and_nothing_is_unpublished(five):
    loads = ContentLoad.objects.count()
    for slug in FIVE:
        five.remove(slug)
    with pytest.raises(UnpublishRefused) as raised:
        five.load()
    assert raised.value.slugs == sorted(FIVE)
    assert "5 of the 5 published" in str(raised.value)
    assert "--allow-unpublish" in str(raised.value)
    assert published() == sorted(FIVE)
    assert ContentLoad.objects.count() == loads


def test_a_broken_file_is_reported_before_a_mass_unpublish(five):
    """The files' faults come first: fixing them may be all the load needed."""
    for slug in ("alpha", "beta", "gamma"):
        five.remove(slug)
    path = five.root / "monographs" / "delta.md"
    path.write_text(path.read_text(encoding="utf-8").replace("slug: delta", "slug: 7"),
                    encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        five.load()
    assert {f.path for f in refused.value.findings} == {"content/monographs/delta.md"}
    assert published() == sorted(FIVE)


def test_more_than_a_quarter_is_refused(five):
    five.remove("beta")
    five.remove("delta")  # 2 of 5
    with pytest.raises(UnpublishRefused) as raised:
        five.load()
    assert raised.value.slugs == ["beta", "delta"]
    assert published() == sorted(FIVE)


def test_removing_one_monograph_on_purpose_needs_no_flag(five):
    five.remove("gamma")
    result, _ = five.load()
    assert result.removed == ["gamma"]
    assert "gamma" not in published()


def test_the_flag_allows_unpublishing_everything(five):
    for slug in FIVE:
        five.remove(slug)
    result, _ = five.load(allow_unpublish=True)
    assert sorted(result.removed) == sorted(FIVE)
    assert published() == []


def test_the_only_published_monograph_is_every_monograph(content):
    content.write("alpha")
    content.write("beta", status="draft")
    content.load()
    content.remove("alpha")
    with pytest.raises(UnpublishRefused):
        content.load()
    assert published() == ["alpha"]


def test_removing_drafts_unpublishes_nothing(content):
    content.write("alpha")
    for slug in ("beta", "gamma", "delta"):
        content.write(slug, status="draft")
    content.load()
    for slug in ("beta", "gamma", "delta"):
        content.remove(slug)
    result, _ = content.load()
    assert sorted(result.removed) == ["beta", "delta", "gamma"]
    assert published() == ["alpha"]


def test_the_command_lists_what_would_go_and_exits_1(five, capsys):
    for slug in FIVE:
        five.remove(slug)
    with pytest.raises(CommandError, match="--allow-unpublish") as raised:
        call_command("load_content", verbosity=0)
    assert raised.value.returncode == 1
    err = capsys.readouterr().err
    assert all(f"would unpublish: {slug}" in err for slug in FIVE)
    assert published() == sorted(FIVE)


def test_the_command_takes_the_flag(five):
    for slug in FIVE:
        five.remove(slug)
    call_command("load_content", "--allow-unpublish", verbosity=0)
    assert published() == []


@pytest.mark.parametrize("gone, total, refused", [
    (0, 0, False), (0, 5, False), (1, 1, True), (1, 2, False), (1, 3, False),
    (2, 8, False), (3, 8, True), (2, 5, True), (5, 5, True),
])
def test_the_threshold(gone, total, refused):
    assert unpublish_refused([f"m{i}" for i in range(gone)], total) is refused


def test_a_refusal_names_a_few_of_many_missing_pages_not_all():
    message = str(UnpublishRefused([f"drug{n:05}" for n in range(10_000)], 10_000))
    assert "drug00000" in message and "drug00019" in message and "drug00020" not in message
    assert "and 9980 more" in message and len(message) < 1000
