"""Server errors leave a trace: the traceback on stderr, and mail to ADMINS if set.

With DEBUG off Django's default logging prints nothing, so a 500 used to vanish.
"""

import json
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = ROOT / "refsite" / "settings.py"

# A request to a database without tables: a 500, as after a deploy that forgot migrate.
SERVER = """
import json, django
django.setup()
from django.conf import settings
settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
from django.core import mail
from django.test import Client
response = Client(raise_request_exception=False).get("/drugs/")
print(json.dumps({"status": response.status_code,
                  "mailed": [m.to for m in getattr(mail, "outbox", [])]}))
"""


def _serve_one_error(tmp_path, **env):
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "refsite.settings_test",
           "DATABASE_URL": f"sqlite:///{empty}", **env}
    result = subprocess.run([sys.executable, "-c", SERVER], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


@pytest.fixture(scope="module")
def served_error(tmp_path_factory):
    return _serve_one_error(tmp_path_factory.mktemp("logging"),
                            REFSITE_ADMINS="Ops team <ops@example.org>, dev@example.org")


def test_a_server_error_logs_its_traceback_to_stderr(served_error):
    answer, stderr = served_error
    assert answer["status"] == 500
    assert "ERROR django.request" in stderr and "Internal Server Error: /drugs/" in stderr
    assert "Traceback (most recent call last)" in stderr
    assert "no such table" in stderr


def test_a_server_error_is_mailed_to_the_admins_when_they_are_set(served_error):
    answer, _ = served_error
    assert answer["mailed"] == [["ops@example.org", "dev@example.org"]]


def _settings(monkeypatch, **env):
    for name in ("REFSITE_ADMINS", "REFSITE_LOG_LEVEL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS), run_name="settings_under_test")


def test_admins_come_from_the_environment(monkeypatch):
    settings = _settings(monkeypatch, REFSITE_ADMINS='"Ops, night" <ops@example.org>,b@example.org')
    assert settings["ADMINS"] == [("Ops, night", "ops@example.org"), ("", "b@example.org")]
    assert settings["LOGGING"]["loggers"]["django"]["handlers"] == ["mail_admins"]


def test_without_admins_nothing_is_mailed(monkeypatch):
    settings = _settings(monkeypatch)
    assert settings["ADMINS"] == []
    assert settings["LOGGING"]["loggers"]["django"]["handlers"] == []


@pytest.mark.parametrize("value", ["ops", "Ops ops@example.org", "Ops <>"])
def test_an_admin_that_is_no_address_stops_the_start(monkeypatch, value):
    with pytest.raises(ImproperlyConfigured, match="REFSITE_ADMINS: .* is not an e-mail"):
        _settings(monkeypatch, REFSITE_ADMINS=value)


def test_the_log_level_comes_from_the_environment(monkeypatch):
    assert _settings(monkeypatch)["LOGGING"]["root"]["level"] == "WARNING"
    assert _settings(monkeypatch, REFSITE_LOG_LEVEL="info")["LOGGING"]["root"]["level"] == "INFO"


def test_an_unknown_log_level_stops_the_start(monkeypatch):
    with pytest.raises(ImproperlyConfigured, match="REFSITE_LOG_LEVEL: 'LOUD' is not a level"):
        _settings(monkeypatch, REFSITE_LOG_LEVEL="loud")
