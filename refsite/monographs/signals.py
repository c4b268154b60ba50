"""Signals the content pipeline sends, so apps that keep derived data (the search index)
follow content changes without the pipeline importing them."""

from django.dispatch import Signal

# Sent inside the load's transaction after monographs are written; `slugs` lists the
# monographs added, changed or removed. Receivers must write in that same transaction.
content_stored = Signal()
