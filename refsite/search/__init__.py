"""Site search, in layers: `query` (what a query means) and `sql` (what a hit row holds)
at the bottom; the backends chosen by the database, SQLite FTS5 (backends/sqlite_fts5.py)
and PostgreSQL full-text search (backends/postgres.py), on them; `ranking` (results),
`snippets` and `suggest` on top. The index is written by the content loader (index.py)
in the same transaction as the content."""
