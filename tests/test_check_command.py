"""`manage.py check_content`: linter output, exit status, JSON, --strict and --preview."""

import datetime
import json
import re
from pathlib import Path

import pytest

from refsite.publishing.preview import make_relative

from .factories import SECTIONS, run_command

SITE_CSS = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"
TODAY = datetime.date.today()
# The command checks against the real date, so these files' review is always current.
CURRENT = {"reviewed_on": (TODAY - datetime.timedelta(days=10)).isoformat(),
           "review_due": (TODAY + datetime.timedelta(days=300)).isoformat()}
LINE_RE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>[A-Z]+\d{3}) \S")


def run(*args):
    return run_command("check_content", *args)


def write(content, slug="testazepam", **overrides):
    return content.write(slug, **{**CURRENT, **overrides})


def test_clean_content_exits_zero_with_a_summary(content):
    write(content)
    status, out, _ = run()
    assert status == 0
    assert out.strip().splitlines() == ["0 errors, 0 warnings in 1 file"]


def test_errors_exit_one_and_print_one_sorted_line_each(content):
    write(content, "beta", sections={**SECTIONS, "Dosing": "Take 2 g.[^test-label]"})
    write(content, "alpha", drug_class=None,
          sections={**SECTIONS, "Side effects": "Take it qd.[^test-label]"})
    status, out, _ = run()
    assert status == 1
    *lines, summary = out.strip().splitlines()
    parsed = [LINE_RE.match(line) for line in lines]
    assert all(parsed), lines
    keys = [(m["path"], int(m["line"]), int(m["col"])) for m in parsed]
    assert keys == sorted(keys)
    assert [m["path"].rsplit("/", 1)[1] for m in parsed] == \
        ["alpha.md", "alpha.md", "beta.md", "beta.md"]
    assert summary == "4 errors, 0 warnings in 2 files"


def test_warnings_do_not_block_unless_strict(content):
    # DOSE003 (a dose outside every rule's range) is a warning; CLAIM001 no longer is
    write(content, sections={**SECTIONS, "Dosing": "Some need only 0.1 mg a day.[^test-label]"})
    status, out, _ = run()
    assert status == 0 and out.strip().endswith("0 errors, 1 warning in 1 file")
    status, out, _ = run("--strict")
    assert status == 1 and out.strip().endswith("1 error, 0 warnings in 1 file")


def test_json_output_for_machines(content):
    write(content, sections={**SECTIONS, "Dosing": "Take 0.001 g.[^test-label]"})
    status, out, _ = run("--format", "json")
    data = json.loads(out)
    assert status == 1 and data["errors"] == 1 and data["files"] == 1
    [finding] = data["findings"]
    assert finding["code"] == "DOSE002" and finding["severity"] == "error"
    assert set(finding) == {"path", "line", "col", "code", "message", "severity"}


def test_named_paths_are_the_only_files_checked(content):
    good = write(content, "alpha")
    write(content, "beta", drug_class=None)
    status, out, _ = run(str(good))
    assert status == 0 and out.strip().endswith("in 1 file")


def test_preview_writes_each_page_with_the_site_template_and_stylesheet(content, tmp_path):
    write(content)
    status, out, _ = run("--preview", str(tmp_path / "preview"))
    page = (tmp_path / "preview" / "testazepam.html").read_text()
    assert status == 0 and "Preview: 1 page written" in out
    assert '<link rel="stylesheet" href="site.css">' in page
    assert (tmp_path / "preview" / "site.css").read_bytes() == SITE_CSS.read_bytes()
    assert "<h1>Testazepam</h1>" in page and 'class="boxed-warning"' in page
    assert '<th scope="row">Seizure disorders</th>' in page
    assert "Consult your prescriber" in page


def test_preview_index_lists_findings_and_files_without_a_page(content, tmp_path):
    write(content, "alpha", sections={**SECTIONS, "Dosing": "Take 2 g.[^test-label]"})
    write(content, "beta", dosing=[{"indication": "x"}])
    status, _, err = run("--preview", str(tmp_path))
    index = (tmp_path / "index.html").read_text()
    assert status == 1
    assert 'href="alpha.html"' in index and "DOSE002" in index
    assert not (tmp_path / "beta.html").exists() and "beta.md: no preview page" in err
    assert "no page: its front matter does not match the schema" in index


@pytest.mark.django_db
def test_the_preview_is_the_page_the_site_serves(content, tmp_path, client):
    write(content, brand_names=["Testopin"])
    run("--preview", str(tmp_path))
    content.load(today=TODAY)
    served, _ = make_relative(client.get("/drugs/testazepam/").content.decode(),
                              {"testazepam"})
    preview = (tmp_path / "testazepam.html").read_text()
    article = re.compile(r'<article class="monograph">.*</article>', re.S)
    # Only what publishing adds may differ: the revision line and the revision named in
    # the problem-report link.
    published_only = re.compile(
        r'<p class="history-line">.*?</p>|<p class="report-problem">.*?</p>', re.S)

    def comparable(html):
        return published_only.sub("", article.search(html).group())

    assert 'class="history-line"' in served
    assert comparable(preview) == comparable(served)


def test_a_named_file_that_does_not_exist_is_an_error(content):
    write(content)
    status, out, _ = run(str(content.root / "monographs" / "typo.md"))
    assert status == 1 and "FILE004 does not exist" in out


def test_preview_needs_no_collectstatic_under_a_manifest_storage(content, tmp_path, settings):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}}
    write(content)
    status, _, _ = run("--preview", str(tmp_path))
    assert status == 0
    assert '<link rel="stylesheet" href="site.css">' in (tmp_path / "testazepam.html").read_text()
