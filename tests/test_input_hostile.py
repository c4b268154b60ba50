"""Content arrives by pull request: whatever a file is or holds, the check and the loader
answer with findings naming the file and line, quickly, and never a traceback or a hang."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import OperationalError

from refsite.publishing import run
from refsite.publishing.findings import ContentError
from refsite.publishing.parse import file_hash, parse_text

from .factories import SECTIONS, monograph_text

PROJECT = Path(__file__).resolve().parent.parent


def codes(result):
    return {f.code for f in result.findings}


def refused(text):
    """The findings parse_text refuses `text` with (none when it parses)."""
    try:
        parse_text(text, Path("testazepam.md"))
    except ContentError as exc:
        return exc.findings
    return []


def with_front_matter(yaml_text):
    return "---\n" + yaml_text + "\n---\n\n## Indications\n\nx\n"


def with_side_effects(markdown):
    return monograph_text(sections={**SECTIONS, "Side effects": markdown})


# YAML anchors: refused before anything expands them


def billion_laughs():
    lines = ["lol0: &a0 [lol]"] + [
        f"lol{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return with_front_matter("\n".join(lines))


def test_anchors_are_refused_at_their_line_before_expansion():
    started = time.perf_counter()
    found = refused(billion_laughs())
    assert time.perf_counter() - started < 1
    assert {f.code for f in found} == {"YAML005"}
    assert [f.line for f in found] == list(range(2, 12))


def test_an_unused_anchor_is_refused_too_and_text_with_an_asterisk_is_not():
    assert [(f.code, f.line) for f in refused(with_front_matter("a: b\nc: &x d"))] == [
        ("YAML005", 3)]
    assert refused(with_front_matter('a: "*not an alias* & no anchor"')) == []


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads Linux's VmHWM")
def test_the_check_of_a_billion_laughs_file_is_fast_and_small(content):
    """Measured in a subprocess so its peak memory is its own (VmHWM: ru_maxrss would
    count the forked test worker's): 9**9 values would be gigabytes."""
    (content.root / "monographs" / "testazepam.md").write_text(billion_laughs())
    script = ("import re, time, django; django.setup(); t = time.perf_counter()\n"
              "from refsite.publishing import run\n"
              f"r = run.check(root={str(content.root)!r})\n"
              "peak = re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1]\n"
              "print(sorted({f.code for f in r.findings}), time.perf_counter() - t, peak)")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "refsite.settings",
           "PYTHONPATH": str(PROJECT)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True,
                          text=True, timeout=60, cwd=PROJECT)
    out = done.stdout.split()
    assert done.returncode == 0 and out[0] == "['YAML005']", done.stderr[-2000:]
    # Expanding it would take minutes and gigabytes; the time bound is loose because the
    # machine may be busy (the memory bound is the sharp one).
    assert float(out[1]) < 15 and int(out[2]) < 200 * 1024, out  # seconds, KB


# Keys that are not text


@pytest.mark.parametrize("key", ["1", "~", "yes", "1.5"])
def test_a_key_that_is_not_text_is_a_finding_at_its_line(key):
    found = refused(with_front_matter(f"slug: testazepam\n{key}: x"))
    assert [(f.code, f.line) for f in found] == [("YAML006", 3)]
    assert refused(with_front_matter(f'slug: testazepam\n"{key}": x')) == []


def test_a_non_text_key_in_a_real_file_is_a_finding_not_a_traceback(content):
    content.write(text=monograph_text().replace("slug:", "2: x\nslug:", 1))
    assert "YAML006" in codes(content.check())


# Front matter nested absurdly deep


def test_front_matter_nested_deeper_than_any_monograph_needs_is_refused():
    deep = "a: " + "[" * 900 + "]" * 900
    assert [f.code for f in refused(with_front_matter(deep))] == ["YAML002"]
    assert refused(with_front_matter("a: [[[1]]]")) == []


# Files that are not regular files


def test_a_folder_named_like_a_monograph_is_a_finding(content):
    content.write()
    (content.root / "monographs" / "odd.md").mkdir()
    result = content.check()
    assert [(f.code, f.path) for f in result.findings] == [
        ("FILE005", str(Path(content.root.name) / "monographs" / "odd.md"))]
    assert result.files == 1


def test_a_fifo_is_a_finding_within_a_second_never_a_blocking_read(content):
    content.write()
    fifo = content.root / "monographs" / "pipe.md"
    os.mkfifo(fifo)
    started = time.perf_counter()
    assert codes(content.check()) == {"FILE005"}
    assert codes(content.check([fifo])) == {"FILE005"}
    assert file_hash(fifo, 10**6) is None
    assert time.perf_counter() - started < 1


@pytest.mark.django_db
def test_a_fifo_refuses_the_load_too(content):
    content.write()
    os.mkfifo(content.root / "monographs" / "pipe.md")
    with pytest.raises(ContentError) as refusal:
        content.load()
    assert {f.code for f in refusal.value.findings} == {"FILE005"}


def test_a_socket_is_a_finding(content, tmp_path):
    content.write()
    path = content.root / "monographs" / "s.md"
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))
        found = content.check().findings
    assert [(f.code, Path(f.path).name) for f in found] == [("FILE005", "s.md")]
    assert "socket" in found[0].message


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a chmod 000 file anyway")
def test_an_unreadable_file_is_a_finding(content):
    path = content.write()
    path.chmod(0)
    try:
        assert codes(content.check()) == {"FILE005"}
    finally:
        path.chmod(0o644)


def test_a_file_that_cannot_be_opened_is_a_finding_not_a_traceback(content, monkeypatch):
    """The chmod 000 case, for when the tests run as root (who can read it anyway)."""
    content.write()

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("refsite.publishing.parse.os.open", refuse)
    found = content.check().findings
    assert [f.code for f in found] == ["FILE005"] and "Permission denied" in found[0].message


def test_a_symlinked_folder_is_refused_like_a_symlinked_file(content, tmp_path):
    content.write()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "other.md").write_text(monograph_text(slug="other"))
    (content.root / "monographs" / "more").symlink_to(outside)
    assert [(f.code, Path(f.path).name) for f in content.check().findings] == [
        ("FILE003", "more")]


def test_a_real_subfolder_is_still_read(content):
    content.write()
    (content.root / "monographs" / "more").mkdir()
    result = content.check()
    assert result.files == 1 and not result.errors


# Control characters


def test_a_nul_in_the_body_is_a_finding_at_its_line():
    text = with_side_effects("Drowsiness.[^test-label]")
    line = text.split("\n").index("Drowsiness.[^test-label]") + 1
    found = refused(text.replace("Drowsiness.", "Drows\x00iness."))
    assert [(f.code, f.line, f.col) for f in found] == [("FILE006", line, 6)]
    assert "U+0000" in found[0].message


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\x85", "\x0c"])
def test_other_control_characters_are_findings(char):
    assert [f.code for f in refused(with_side_effects(f"a{char}b[^test-label]"))] == [
        "FILE006"]


def test_tabs_and_windows_line_ends_are_fine():
    assert refused(with_side_effects("a\tb[^test-label]").replace("\n", "\r\n")) == []


def test_a_control_character_escaped_in_a_yaml_string_is_a_finding_at_its_key():
    found = refused(with_front_matter('slug: testazepam\nsummary: "a\\0b"'))
    assert [(f.code, f.line) for f in found] == [("FILE006", 3)]


# Markdown that would take minutes to render


@pytest.mark.parametrize("shape", ["[" * 20000, "*" * 20000, ">" * 5000 + " x",
                                   "> " * 5000 + "x", "[a " * 300, "\n\n".join(["[a " * 150] * 15)])
def test_pathological_markdown_is_refused_before_markdown_sees_it(shape):
    started = time.perf_counter()
    found = refused(with_side_effects(shape))
    assert time.perf_counter() - started < 0.5
    assert found and {f.code for f in found} == {"FILE007"}


def test_markdown_just_inside_the_bounds_is_rendered_quickly(content):
    """The bounds leave room for any real monograph (the shipped ones use at most 10
    '[' in a paragraph) and keep the worst rendering allowed well under a second."""
    busy = "\n\n".join(["[a] " * 200] * 9 + ["*" * 100, "> " * 20 + "deep[^test-label]"])
    content.write(sections={**SECTIONS, "Side effects": busy})
    started = time.perf_counter()
    doc = run.check(root=content.root).documents[0]
    from refsite.publishing.render import render_document
    render_document(doc)
    assert time.perf_counter() - started < 2


# Database trouble during load_content


def load_content_with(database_url, tmp_path):
    env = {**os.environ, "DATABASE_URL": database_url, "PYTHONPATH": str(PROJECT),
           "REFSITE_CONTENT_ROOT": str(PROJECT / "content")}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "manage.py", "load_content", "-v0"], env=env,
                          cwd=PROJECT, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("where, says", [
    ("unmigrated.sqlite3", "run `python manage.py migrate`"),
    ("no/such/folder/x.sqlite3", "cannot be opened"),
])
def test_database_trouble_is_one_line_naming_the_database_and_exit_2(tmp_path, where, says):
    database = tmp_path / where
    done = load_content_with(f"sqlite:///{database}", tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(database) in lines[0] and says in lines[0]
    assert "Traceback" not in done.stderr and "Nothing was loaded" in lines[0]


def test_a_read_only_database_is_named_with_what_to_do(monkeypatch):
    """Root writes a chmod 444 SQLite file anyway, so the database's refusal is
    simulated at the pipeline's edge."""
    def read_only(*args, **kwargs):
        raise OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(run, "load", read_only)
    with pytest.raises(CommandError) as failure:
        call_command("load_content")
    assert failure.value.returncode == 2
    assert "read-only" in str(failure.value) and "database" in str(failure.value)


def test_a_facts_file_with_yaml_aliases_is_refused_not_expanded(content):
    content.write(facts=False)
    (content.root / "reference").mkdir(exist_ok=True)
    laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n"
        for n in range(8))
    (content.root / "reference" / "testazepam.yaml").write_text(laughs)
    [finding] = [f for f in content.check().findings if f.code == "FACT001"]
    assert "YAML005" in finding.message and "reference/testazepam.yaml" in finding.message
