"""Site search: one interface (search.py) over two backends chosen by the database,
SQLite FTS5 (sqlite_fts5.py) and PostgreSQL full-text search (postgres.py). The index
is written by the content loader (index.py) in the same transaction as the content."""
