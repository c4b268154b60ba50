"""The full-text engines, one module per database, chosen by the database vendor.

Both speak the same small interface, which is all the rest of search uses:

- `ranked(terms, op, limit, offset)`: one page of rows of `sql.HIT_COLUMNS` and the
  number of monographs matched, for every word (`query.AND`) or any word (`query.OR`);
- `similar_names(terms, limit)`: names close to the query's words, for misspellings;
- `refresh(monograph_ids)` and `forget(monograph_ids)`: keep the engine's own structure
  in step with the index rows `index.update_index` writes and deletes;
- `prune()`: drop what a bulk delete that sent no signal left behind;
- `analyze()`: refresh the planner's statistics after a large reindex.

A backend imports only `query`, `sql`, `names` (the names held in memory) and the
models (layering checked by import-linter): what is done with its rows (ranking, snippets,
suggestions) lives above it.
"""

from django.core.exceptions import ImproperlyConfigured
from django.db import connection

from . import postgres, sqlite_fts5

_BACKENDS = {"sqlite": sqlite_fts5, "postgresql": postgres}


def backend():
    """The module that speaks to this database's full-text engine."""
    try:
        return _BACKENDS[connection.vendor]
    except KeyError:
        raise ImproperlyConfigured(
            f"search supports SQLite and PostgreSQL, not {connection.vendor}") from None
