"""export_site writes the site as files equal to what Django serves."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from .factories import SECTIONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def exported(content, tmp_path, settings, client):
    settings.STATIC_ROOT = tmp_path / "collected"
    content.write("alphazepam")
    content.write("betazepam", sections={
        **SECTIONS,
        "Interactions": "See [alphazepam](/drugs/alphazepam/).[^test-label]",
    })
    content.load()
    target = tmp_path / "site"
    call_command("export_site", str(target), "--host", "testserver", verbosity=0)
    return target


def test_every_published_page_is_written_as_served(exported, client):
    for path in ("/", "/drugs/alphazepam/", "/drugs/betazepam/"):
        written = (exported / path.lstrip("/") / "index.html").read_bytes()
        assert written == client.get(path, secure=True).content


def test_static_files_and_a_404_page_are_written(exported):
    assert (exported / "static" / "css" / "site.css").is_file()
    assert b"<html" in (exported / "404.html").read_bytes()


def test_pages_django_must_serve_are_left_out(exported):
    assert not (exported / "admin").exists()
    assert not (exported / "search").exists()


def test_drafts_are_not_exported(content, tmp_path, settings):
    settings.STATIC_ROOT = tmp_path / "collected"
    content.write("draftazepam", status="draft")
    content.load()
    call_command("export_site", str(tmp_path / "site"), verbosity=0)
    assert not (tmp_path / "site" / "drugs" / "draftazepam").exists()


def test_a_non_empty_directory_is_refused(tmp_path):
    (tmp_path / "old.html").write_text("x")
    with pytest.raises(CommandError, match="not an empty directory"):
        call_command("export_site", str(tmp_path), verbosity=0)


def test_brand_name_addresses_become_refresh_pages(exported):
    stub = (exported / "drugs" / "alphazepam-brand" / "index.html").read_text()
    assert 'http-equiv="refresh" content="0; url=/drugs/alphazepam/"' in stub
