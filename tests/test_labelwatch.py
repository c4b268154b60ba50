"""Label watch: check_labels against a local stand-in for DailyMed (tests/dailymed.py, a
real HTTP server in a thread: the real urllib3 client talks to it), what it stores, and
what readers, software and editors then see."""

import json
import time

import pytest
from django.core.management import CommandError
from django.utils.http import parse_http_date
from fhir.resources.R4B.medicationknowledge import MedicationKnowledge

from refsite.labelwatch.models import LabelAlert, LabelCheck, LabelCitation

from .dailymed import FakeDailyMed, answer
from .factories import FRONT_MATTER, run_command
from .formats import assert_valid, structured_data

pytestmark = pytest.mark.django_db

CURRENT_SET = FRONT_MATTER["sources"][0]["set_id"]  # testazepam cites version 12
STALE_SET = "11111111-2222-3333-4444-555555555555"
PAGED_SET = "22222222-3333-4444-5555-666666666666"
BROKEN_SET = "33333333-4444-5555-6666-777777777777"
HISTORY = [(12, "Jun 02, 2025"), (11, "Jan 15, 2025")]
NEWER = [(14, "Mar 02, 2026"), (13, "Nov 10, 2025"), *HISTORY]


@pytest.fixture
def dailymed(settings):
    server = FakeDailyMed(hang_seconds=1.0).start()
    settings.DAILYMED_URL = server.url
    settings.DAILYMED_TIMEOUT = 0.2
    settings.DAILYMED_RETRIES = 1
    settings.DAILYMED_BACKOFF = 0
    settings.DAILYMED_RATE = 0
    yield server
    server.stop()


def cite(content, slug, set_id, **source):
    """Publish `slug` citing the label `set_id` (version 12 unless `source` says; a key
    given as None is left out)."""
    page = source.pop("page", {})
    fields = {**FRONT_MATTER["sources"][0], "set_id": set_id, **source}
    return content.write(slug, sources=[{k: v for k, v in fields.items() if v is not None}],
                         **page)


@pytest.fixture
def two_pages(content, dailymed):
    """testazepam cites a current label, stalazepam one that has moved on to v14."""
    content.write()
    cite(content, "stalazepam", STALE_SET)
    content.load()
    dailymed.serve(CURRENT_SET, answer(CURRENT_SET, HISTORY))
    dailymed.serve(STALE_SET, answer(STALE_SET, NEWER, title="STALOPIN [FIXTURE PHARMA]"))
    return content


def check_labels(*args):
    return run_command("check_labels", *args)


def lines(output):
    return [" ".join(line.split()) for line in output.splitlines()]


# The command: exit codes, output, stored rows

def test_all_current_exits_0_with_one_line_per_label(content, dailymed):
    content.write()
    content.load()
    dailymed.serve(CURRENT_SET, answer(CURRENT_SET, HISTORY))
    code, out, err = check_labels()
    assert code == 0, out + err
    assert lines(out)[0] == (f"testazepam {CURRENT_SET} reviewed v12 current v12 (2025-06-02) "
                             "current")
    assert "1 current, 0 stale, 0 not checked" in out
    label = LabelCheck.objects.get(set_id=CURRENT_SET)
    assert (label.newest_version, str(label.newest_published), label.error) == (
        12, "2025-06-02", "")
    assert label.title == "TESTOPIN (TESTAZEPAM) TABLET [FIXTURE PHARMA]"
    assert list(label.monographs.values_list("slug", flat=True)) == ["testazepam"]


def test_a_newer_version_exits_3_and_prints_the_stale_line(two_pages, dailymed):
    code, out, _ = check_labels()
    assert code == 3
    assert (f"stalazepam {STALE_SET} reviewed v12 current v14 (2026-03-02) STALE"
            in lines(out))
    citation = LabelCitation.objects.get(monograph__slug="stalazepam")
    assert (citation.reviewed_version, citation.current_version) == (12, 14)
    assert str(citation.stale_since) == "2025-11-10"  # v13, the first after the review
    assert not LabelCitation.objects.get(monograph__slug="testazepam").stale
    alert = LabelAlert.objects.get()
    assert (alert.monograph.slug, alert.current_version, alert.reviewed) == (
        "stalazepam", 14, "v12")


def test_json_format_lists_every_label_with_its_status(two_pages):
    code, out, _ = check_labels("--format", "json")
    data = json.loads(out)
    assert code == data["exit"] == 3
    by_slug = {row["slug"]: row for row in data["labels"]}
    assert by_slug["stalazepam"]["status"] == "stale"
    assert by_slug["stalazepam"]["current"] == {"version": 14, "published": "2026-03-02"}
    assert by_slug["stalazepam"]["reviewed"]["version"] == 12
    assert by_slug["stalazepam"]["label_url"].endswith(f"setid={STALE_SET}")
    assert by_slug["testazepam"]["status"] == "current"


def test_slugs_limit_the_check_and_unknown_slugs_are_refused(two_pages, dailymed):
    code, out, _ = check_labels("testazepam")
    assert code == 0 and "stalazepam" not in out
    assert not dailymed.asked(STALE_SET)
    with pytest.raises(CommandError, match="no published monograph: nosuchazepam"):
        check_labels("nosuchazepam")


def test_a_source_known_by_its_reading_date_is_stale_after_a_later_version(content, dailymed):
    cite(content, "readazepam", STALE_SET, version=None, effective=None, read_on="2025-12-01")
    content.load()
    dailymed.serve(STALE_SET, answer(STALE_SET, NEWER))
    code, out, _ = check_labels()
    assert code == 3
    assert "reviewed v13 (read 2025-12-01) current v14 (2026-03-02) STALE" in lines(out)[0]
    assert str(LabelCitation.objects.get().stale_since) == "2026-03-02"


def test_the_client_identifies_itself_and_pages_through_the_history(content, dailymed):
    cite(content, "pagazepam", PAGED_SET)
    content.load()
    dailymed.serve(PAGED_SET,
                   answer(PAGED_SET, [(20, "Apr 01, 2026"), (19, "Feb 01, 2026")], page=1,
                          pages=2, total=4),
                   answer(PAGED_SET, HISTORY, page=2, pages=2, total=4))
    code, out, _ = check_labels()
    assert code == 3 and "reviewed v12 current v20 (2026-04-01) STALE" in out.replace("  ", " ")
    asked = dailymed.asked(PAGED_SET)
    assert asked == [f"/dailymed/services/v2/spls/{PAGED_SET}/history.json",
                     f"/dailymed/services/v2/spls/{PAGED_SET}/history.json?page=2"]
    assert [v["version"] for v in LabelCheck.objects.get().history] == [20, 19, 12, 11]
    assert str(LabelCitation.objects.get().stale_since) == "2026-02-01"
    agent = dailymed.requests[0][1]
    assert agent.startswith("refsite-labelwatch/") and "(+https://" in agent


def test_requests_are_spaced_to_the_rate_limit(two_pages, dailymed, settings):
    settings.DAILYMED_RATE = 10
    check_labels()
    assert len(dailymed.requests) == 2
    started = time.monotonic()
    check_labels()
    assert time.monotonic() - started >= 0.1  # 2 requests, 0.1 s apart at least


FAILURES = {
    # failure: (how the server answers, what the line says)
    "empty history": ("empty", "DailyMed lists no versions for set id"),
    "malformed JSON": ("malformed", "DailyMed answered malformed JSON"),
    "HTML error page": ("html", "DailyMed answered an HTML page, not JSON"),
    "unknown set id": ("404", "DailyMed has no label with set id"),
    "server error": ("500", "DailyMed answered HTTP 500 after 2 tries"),
    "timeout": ("timeout", "DailyMed could not be reached after 2 tries (timed out)"),
}


def _serve_failure(dailymed, kind):
    if kind == "empty":
        dailymed.serve(BROKEN_SET, answer(BROKEN_SET, []))
    elif kind != "404":
        dailymed.serve(BROKEN_SET, failure=kind)


@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_label_that_cannot_be_checked_exits_2_with_a_clear_line(content, dailymed,
                                                                   failure):
    kind, message = FAILURES[failure]
    content.write()
    cite(content, "brokazepam", BROKEN_SET)
    content.load()
    dailymed.serve(CURRENT_SET, answer(CURRENT_SET, HISTORY))
    _serve_failure(dailymed, kind)
    code, out, err = check_labels()
    assert code == 2, out + err
    assert "Traceback" not in out + err
    broken = next(line for line in lines(out) if line.startswith("brokazepam"))
    assert f"ERROR: {message}" in broken
    assert "testazepam" in out and "1 current, 0 stale, 1 not checked" in out
    assert LabelCheck.objects.get(set_id=BROKEN_SET).error.startswith(message)
    assert LabelCheck.objects.get(set_id=CURRENT_SET).error == ""
    assert len(dailymed.asked(BROKEN_SET)) == (2 if kind in ("500", "timeout") else 1)


def test_a_failed_check_leaves_the_earlier_result_intact(two_pages, dailymed, client):
    assert check_labels()[0] == 3
    before = LabelCheck.objects.get(set_id=STALE_SET)
    versions_file = two_pages.root / "labels" / "versions.json"
    saved = versions_file.read_text()
    dailymed.serve(STALE_SET, failure="500")
    code, out, _ = check_labels()
    assert code == 2
    assert "current v14 (2026-03-02) ERROR: DailyMed answered HTTP 500" in " ".join(out.split())
    after = LabelCheck.objects.get(set_id=STALE_SET)
    assert (after.newest_version, after.history, after.checked_at) == (
        before.newest_version, before.history, before.checked_at)
    assert after.error.startswith("DailyMed answered HTTP 500") and after.error_at
    assert LabelCitation.objects.get(monograph__slug="stalazepam").stale
    assert json.loads(versions_file.read_text())[STALE_SET] == json.loads(saved)[STALE_SET]
    assert "was updated after our review" in client.get("/drugs/stalazepam/").content.decode()
    dailymed.serve(STALE_SET, answer(STALE_SET, NEWER))
    assert check_labels()[0] == 3
    assert LabelCheck.objects.get(set_id=STALE_SET).error == ""


def test_an_unreachable_service_stops_being_asked(content, settings):
    settings.DAILYMED_TIMEOUT, settings.DAILYMED_RETRIES, settings.DAILYMED_BACKOFF = (
        0.2, 0, 0)
    for number, set_id in enumerate((CURRENT_SET, STALE_SET, BROKEN_SET)):
        cite(content, f"page{'abc'[number]}azepam", set_id)
    content.load()
    code, out, err = check_labels()  # settings_test points at a closed local port
    assert code == 2 and "Traceback" not in out + err
    assert "could not be reached after 1 tries" in out
    assert "not asked: " in out and "3 not checked" in out


# Offline: saved answers in a folder

def test_offline_reads_saved_answers_and_never_the_network(two_pages, dailymed, tmp_path):
    saved = tmp_path / "saved"
    saved.mkdir()
    (saved / f"{CURRENT_SET}.json").write_text(json.dumps(answer(CURRENT_SET, HISTORY)))
    (saved / f"{STALE_SET}.json").write_text(json.dumps(answer(STALE_SET, NEWER)))
    code, out, _ = check_labels("--offline", str(saved))
    assert code == 3 and "STALE" in out and f"saved answers in {saved}" in out
    assert dailymed.requests == []
    (saved / f"{STALE_SET}.json").unlink()
    code, out, _ = check_labels("--offline", str(saved))
    assert code == 2 and f"no saved answer {saved / STALE_SET}.json" in out
    with pytest.raises(CommandError, match="no such folder"):
        check_labels("--offline", str(tmp_path / "missing"))


# What readers, software and editors see

def test_the_page_shows_a_calm_notice_and_its_etag_changes(two_pages, client):
    before = client.get("/drugs/stalazepam/")
    assert "was updated after our review" not in before.content.decode()
    check_labels()
    after = client.get("/drugs/stalazepam/")
    page = after.content.decode()
    assert "The FDA label was updated after our review" in page
    assert "on <time datetime=\"2026-03-02\">2 March 2026</time> (version 14)" in page
    assert "reviewed against an earlier version (version 12)" in page
    assert "Our editors are re-reviewing it" in page
    assert f'href="https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={STALE_SET}"' in page
    assert after["ETag"] != before["ETag"]
    assert parse_http_date(after["Last-Modified"]) >= parse_http_date(before["Last-Modified"])
    again = client.get("/drugs/stalazepam/", headers={"If-None-Match": before["ETag"]})
    assert again.status_code == 200
    unchanged = client.get("/drugs/testazepam/")
    assert "was updated after our review" not in unchanged.content.decode()


def test_a_re_review_against_the_new_version_removes_the_notice(two_pages, client):
    check_labels()
    etag = client.get("/drugs/stalazepam/")["ETag"]
    cite(two_pages, "stalazepam", STALE_SET, version=14, effective="2026-03-01",
         page={"reviewed_on": "2026-03-05", "changes": "Re-reviewed against version 14."})
    two_pages.load(two_pages.root.glob("monographs/stalazepam.md"))
    citation = LabelCitation.objects.get(monograph__slug="stalazepam")
    assert (citation.reviewed_version, citation.stale) == (14, False)
    response = client.get("/drugs/stalazepam/")
    assert "was updated after our review" not in response.content.decode()
    assert response["ETag"] != etag
    assert LabelAlert.objects.count() == 1  # the feed keeps the event


def test_api_fhir_and_json_ld_carry_the_label_status(two_pages, client):
    check_labels()
    data = client.get("/api/v1/monographs/stalazepam").json()
    assert_valid(data, "/api/v1/monographs/{slug}")
    status = data["labelStatus"]
    assert status["updated_since_review"] is True
    assert "updated on 2026-03-02 (version 14)" in status["notice"]
    assert status["labels"][0] | {"checked_at": None} == {
        "source": "test-label", "set_id": STALE_SET, "status": "updated",
        "reviewed_version": 12, "reviewed_date": "2025-06-02", "current_version": 14,
        "current_published": "2026-03-02", "updated_since": "2025-11-10", "checked_at": None,
        "current_label_url": f"https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={STALE_SET}"}
    current = client.get("/api/v1/monographs/testazepam").json()["labelStatus"]
    assert current["updated_since_review"] is False and current["notice"] is None
    assert current["labels"][0]["status"] == "current"

    fhir = json.loads(client.get("/fhir/MedicationKnowledge/stalazepam").content)
    MedicationKnowledge.model_validate(fhir)
    documents = {d["id"]: d for d in fhir["contained"]}
    assert documents["source-test-label"]["status"] == "superseded"
    newer = documents["source-test-label-current"]
    assert newer["status"] == "current" and "version 14" in newer["description"]
    assert newer["relatesTo"] == [{"code": "replaces",
                                   "target": {"reference": "#source-test-label"}}]

    jsonld = structured_data(client.get("/drugs/stalazepam/").content.decode())
    assert jsonld["creativeWorkStatus"].startswith("Under re-review")
    assert "version 14 of this label" in jsonld["citation"][0]["creativeWorkStatus"]
    plain = structured_data(client.get("/drugs/testazepam/").content.decode())
    assert "creativeWorkStatus" not in plain


def test_the_feed_gets_an_entry_when_a_page_goes_stale(two_pages, client):
    check_labels()
    feed = client.get("/feeds/changes/").content.decode()
    assert "Stalazepam: FDA label updated since review (version 14)" in feed
    assert "/drugs/stalazepam/#label-11111111-2222-3333-4444-555555555555-v14" in feed
    check_labels()
    assert client.get("/feeds/changes/").content.decode().count(
        "FDA label updated since review") == 1


def test_the_a_to_z_filters_pages_whose_label_was_updated(two_pages, client):
    everything = client.get("/drugs/").content.decode()
    assert "?label=updated" in everything
    check_labels()
    filtered = client.get("/drugs/?label=updated").content.decode()
    assert "/drugs/stalazepam/" in filtered and "/drugs/testazepam/" not in filtered
    assert "Show every medicine" in filtered


def test_editors_list_stale_pages_in_the_admin_and_a_staff_view(two_pages, admin_client,
                                                                client):
    check_labels()
    changelist = admin_client.get("/admin/monographs/monograph/", {"label": "updated"})
    assert {m.slug for m in changelist.context["cl"].result_list} == {"stalazepam"}
    citations = admin_client.get("/admin/labelwatch/labelcitation/", {"stale": "yes"})
    assert [c.monograph.slug for c in citations.context["cl"].result_list] == ["stalazepam"]
    staff = admin_client.get("/staff/labels/")
    assert staff.status_code == 200
    assert [c.monograph.slug for c in staff.context["stale"]] == ["stalazepam"]
    assert "version 14 (2026-03-02)" in staff.content.decode()
    assert client.get("/staff/labels/").status_code == 302  # anonymous: to the login page


def test_stale_pages_are_listed_oldest_first(content, dailymed, admin_client):
    cite(content, "newazepam", STALE_SET)
    cite(content, "oldazepam", PAGED_SET)
    content.load()
    dailymed.serve(STALE_SET, answer(STALE_SET, NEWER))  # stale since 2025-11-10
    dailymed.serve(PAGED_SET, answer(PAGED_SET, [(13, "Jul 01, 2025"), *HISTORY]))
    check_labels()
    staff = admin_client.get("/staff/labels/")
    assert [c.monograph.slug for c in staff.context["stale"]] == ["oldazepam", "newazepam"]


# The content check's copy: content/labels/versions.json and REVIEW005

def test_versions_file_feeds_the_content_check(two_pages):
    assert two_pages.check().findings == []
    check_labels()
    versions = json.loads((two_pages.root / "labels" / "versions.json").read_text())
    assert versions[STALE_SET]["version"] == 14
    assert versions[STALE_SET]["published"] == "2026-03-02"
    assert [v["version"] for v in versions[STALE_SET]["history"]] == [14, 13, 12, 11]
    findings = two_pages.check().findings
    assert [(f.code, f.path, f.is_error) for f in findings] == [
        ("REVIEW005", "content/monographs/stalazepam.md", False)]
    assert "DailyMed lists version 14 of 2026-03-02" in findings[0].message


def test_versions_file_can_be_skipped(two_pages):
    check_labels("--versions-file", "")
    assert not (two_pages.root / "labels" / "versions.json").exists()
