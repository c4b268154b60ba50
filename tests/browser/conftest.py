"""A real Chromium against the live server, with the shipped content loaded.

The browser is Debian's /usr/bin/chromium, never one that Playwright downloads. Where a
tool is missing (Chromium, the npm packages, Java) the tests skip on a developer's
machine, but fail under CI=true: CI installs all of them, so a skip there would hide
that the browser checks stopped running.
"""

import json
import os
import shutil
import subprocess
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from refsite.publishing import run

from ..conftest import PROJECT_CONTENT, forget_all_content
from .pages import PAGES

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = ROOT / "test-artifacts"

CHROMIUM_ARGS = [
    # Root in a container: no user namespaces for the sandbox, no GPU, a small /dev/shm.
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # The machine has no network beyond the package registries: no phoning home.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def require(available, what, install):
    """Skip without `what` locally; fail in CI, where it is always installed."""
    if available:
        return
    message = f"{what} is missing ({install})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{message}: CI must run the browser tests, not skip them", pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def playwright(playwright):
    """pytest-playwright's Playwright, with Django's async-safety guard off while it runs.

    Playwright's sync API keeps an asyncio loop running in this thread until the end of
    the session, so the guard would refuse every query that tests and the live server
    make here, although nothing runs concurrently.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield playwright
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright's launch options (--headed, --slowmo) on Debian's Chromium."""
    require(CHROMIUM.exists(), str(CHROMIUM), "apt-get install chromium")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@dataclass
class Site:
    base: str

    def url(self, path):
        return self.base + path


def load_shipped_content():
    run.load(root=PROJECT_CONTENT)


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A live server over the real content/, loaded once per module: browser tests only
    read, so loading and flushing the content around every test (pytest-django's
    `live_server`) would be most of their time. The rows are removed after the module."""
    from pytest_django.live_server_helper import LiveServer

    with django_db_blocker.unblock():
        load_shipped_content()
        server = LiveServer("localhost")
        try:
            yield Site(server.url)
        finally:
            server.stop()
            forget_all_content()


@pytest.fixture(scope="session")
def axe_source():
    require(AXE.exists(), "axe-core", "run `npm ci` at the project root")
    return AXE


@dataclass
class Served:
    status: int
    html: str


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return Served(response.status, response.read().decode())
    except urllib.error.HTTPError as error:
        return Served(error.code, error.read().decode())


def nu_html_check(files):
    """{file stem: [error messages]} for every file, from ONE Java run: starting the JVM
    costs more than checking a page."""
    completed = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--stdout", "--exit-zero-always",
         *map(str, files)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    if completed.returncode != 0:
        pytest.fail(f"vnu did not run: {completed.stderr}", pytrace=False)
    errors = {file.stem: [] for file in files}
    for message in json.loads(completed.stdout)["messages"]:
        if message["type"] not in ("error", "non-document-error"):
            continue
        stem = Path(message.get("url", "").split(":", 1)[-1]).stem
        if stem not in errors:
            pytest.fail(f"vnu: {message}", pytrace=False)
        line, extract = message.get("lastLine", "?"), message.get("extract", "").strip()
        errors[stem].append(f"line {line}: {message['message']} [{extract}]")
    return errors


@pytest.fixture(scope="session")
def vnu_report(live_server, django_db_setup, django_db_blocker, tmp_path_factory):
    """{page name: (served status, [vnu errors])} for every page that can be checked."""
    require(VNU.exists(), "vnu-jar", "run `npm ci` at the project root")
    require(shutil.which("java"), "java", "apt-get install default-jre-headless")
    folder = tmp_path_factory.mktemp("vnu")
    statuses = {}
    with django_db_blocker.unblock():
        load_shipped_content()
        for page in PAGES:
            served = fetch(live_server.url + page.path)
            statuses[page.name] = served.status
            (folder / f"{page.name}.html").write_text(served.html, encoding="utf-8")
    errors = nu_html_check(sorted(folder.glob("*.html")))
    return {name: (status, errors[name]) for name, status in statuses.items()}


@pytest.fixture(scope="session")
def screenshots():
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder

