"""A large reindex refreshes the planner statistics of the index tables: without them,
after a full reload PostgreSQL plans the first searches as if the tables were empty (a
misspelling's fallback took 125 ms instead of 7 ms at 10,000 monographs)."""

import pytest
from django.db import connection

from refsite.publishing import store
from refsite.search import backends, index
from refsite.search.models import SearchEntry

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyses(monkeypatch):
    """The backend's analyze, counted, still run."""
    engine, calls = backends.backend(), []
    real = engine.analyze
    monkeypatch.setattr(engine, "analyze", lambda: calls.append(1) or real())
    return calls


def test_a_large_reindex_refreshes_the_statistics(content, analyses, monkeypatch):
    monkeypatch.setattr(index, "ANALYZE_AFTER", 1)
    content.write()
    content.load()
    assert analyses == [1]


def test_a_small_reindex_leaves_them_to_the_database(content, analyses):
    content.write()
    content.load()
    assert analyses == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's ANALYZE")
def test_postgresql_then_knows_how_many_index_rows_there_are(content, monkeypatch):
    monkeypatch.setattr(index, "ANALYZE_AFTER", 1)
    content.write()
    content.load()
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
        assert cursor.fetchone()[0] == SearchEntry.objects.count() > 0


def test_a_load_in_batches_refreshes_them_once_after_the_last(content, analyses,
                                                                monkeypatch):
    """Each batch is indexed as it is written; the statistics wait for the whole load,
    which is large even when no batch is."""
    monkeypatch.setattr(store, "_BATCH", 2)
    monkeypatch.setattr(index, "ANALYZE_AFTER", 4)
    for slug in ("alpha", "beta", "gamma", "delta", "epsilon"):
        content.write(slug)
    content.load()
    assert analyses == [1]
    assert SearchEntry.objects.filter(position=0).count() == 5
