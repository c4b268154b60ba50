"""Security headers on every response, and a production configuration Django accepts."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management.utils import get_random_secret_key

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(content):
    content.write()
    content.load()


def _csp(response):
    return {d.split()[0]: d.split()[1:] for d in response["Content-Security-Policy"].split("; ")}


@pytest.mark.parametrize("path", ["/", "/drugs/testazepam/", "/drugs/nonesuch/", "/admin/login/"])
def test_every_response_carries_the_security_headers(client, loaded, path):
    response = client.get(path)
    csp = _csp(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_https_responses_carry_strict_transport_security(client, loaded):
    response = client.get("/drugs/testazepam/", secure=True)
    assert response["Strict-Transport-Security"] == (
        "max-age=31536000; includeSubDomains; preload")


def test_pages_have_no_inline_script_or_style_for_the_policy_to_block(client, loaded):
    for path in ("/", "/drugs/testazepam/"):
        html = client.get(path).content.decode()
        assert " style=" not in html and "<style" not in html
        for attributes in re.findall(r"<script\b([^>]*)>", html):
            assert 'type="application/ld+json"' in attributes or "src=" in attributes


def _run(args, env):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_check_deploy_reports_nothing_with_production_settings():
    env = {
        "PATH": os.environ["PATH"],
        "DJANGO_SETTINGS_MODULE": "refsite.settings",
        "SECRET_KEY": get_random_secret_key(),
        "ALLOWED_HOSTS": "refsite.example.org",
        "DATABASE_URL": "sqlite:///:memory:",
    }
    result = _run(["check", "--deploy", "--fail-level", "DEBUG"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_serving_without_debug_or_secret_key_refuses_to_start():
    env = {"PATH": os.environ["PATH"], "REFSITE_SERVING": "1"}
    result = _run(["check"], env)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_content_check_needs_no_environment_at_all():
    result = _run(["check_content", "content/monographs/clonazepam.md"],
                  {"PATH": os.environ["PATH"]})
    assert result.returncode == 0, result.stdout + result.stderr
