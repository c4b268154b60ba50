"""Pages keep answering while a content load holds SQLite's write lock.

With the rollback journal a committing load locks readers out of the file: during a
2,000-file load readers stalled for 5 s and got "database is locked" 500s. The test
database is in memory, where WAL does not exist, so the reader here is a separate
process serving a file database with the real settings.
"""

import os
import select
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="journal modes are SQLite's")

# Connects with the site's settings, says which journal mode it got, then on "go"
# fetches the home page and prints the status and how long it took.
READER = """
import sys, time, django
django.setup()
from django.db import connection
from django.test import Client
with connection.cursor() as cursor:
    cursor.execute("PRAGMA journal_mode")
    print(cursor.fetchone()[0], flush=True)
sys.stdin.readline()
start = time.monotonic()
response = Client().get("/")
print(response.status_code, round(time.monotonic() - start, 3), flush=True)
"""


def _readline(process, timeout):
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    if not ready:
        process.kill()
        pytest.fail(f"the reader gave no answer in {timeout} s: it is waiting for a lock")
    return process.stdout.readline().strip()


@pytest.fixture
def database_file(tmp_path, db):
    """A copy of the migrated test database as a file, in the default (rollback)
    journal mode, as a fresh deployment's would be."""
    path = tmp_path / "site.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    target.executescript("\n".join(connection.connection.iterdump()))
    target.close()
    return path


def test_a_page_is_served_while_a_writer_holds_the_database(database_file):
    env = {"PATH": os.environ["PATH"], "DJANGO_SETTINGS_MODULE": "refsite.settings_test",
           "DATABASE_URL": f"sqlite:///{database_file}"}
    reader = subprocess.Popen([sys.executable, "-c", READER], cwd=ROOT, env=env, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE)
    writer = None
    try:
        assert _readline(reader, 20) == "wal"
        # EXCLUSIVE: in the rollback journal this shuts out readers, as a load's commit
        # does; in WAL mode it only shuts out other writers.
        writer = sqlite3.connect(database_file, isolation_level=None, timeout=2)
        writer.execute("BEGIN EXCLUSIVE")
        writer.execute("CREATE TABLE load_in_progress (n)")
        writer.execute("INSERT INTO load_in_progress VALUES (1)")
        started = time.monotonic()
        reader.stdin.write("go\n")
        reader.stdin.flush()
        answer = _readline(reader, 10)
        assert answer.startswith("200 "), answer + reader.communicate(timeout=10)[1]
        seconds = answer.split()[1]
        assert time.monotonic() - started < 5 and float(seconds) < 5
    finally:
        reader.kill()
        reader.communicate()
        if writer is not None:
            writer.close()  # and with it the uncommitted write
