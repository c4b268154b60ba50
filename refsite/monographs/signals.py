"""Signals the content pipeline sends, so apps that keep derived data (the search index)
follow content changes without the pipeline importing them."""

from django.dispatch import Signal

# Sent inside the load's transaction after monographs are written: once per batch
# written (`slugs` lists the monographs of the batch, added or changed; `final` is False),
# then once more with `final` True, listing those removed (often none) and giving in
# `touched` how many the whole load added, changed or removed. Receivers write in that
# same transaction, one batch at a time, while the load's workers check the next files.
content_stored = Signal()
