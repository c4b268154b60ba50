"""Keep the index in step with the content.

When the content pipeline stores monographs it sends `content_stored` inside its
transaction; the index is updated in that same transaction, so the pipeline need not
import search.

Keep the SQLite FTS5 tables in step when a monograph is deleted outside the loader
(a shell, a test fixture): the index rows cascade, the FTS5 copies and the names held in
memory would not. After
`migrate` or `flush` (both end with post_migrate), rows left without an index row are
pruned."""

from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate, pre_delete
from django.dispatch import receiver

from refsite.monographs.models import Monograph
from refsite.monographs.signals import content_stored

from . import names
from .backends import backend
from .index import update_index


@receiver(content_stored, dispatch_uid="search_update_index_on_content_stored")
def update_search_index(sender, slugs, final=True, touched=None, **kwargs):
    # Planner statistics and the sweep for rows without a published monograph (or
    # published monographs without rows) once, after the last batch of a load.
    update_index(slugs, analyze=final, load_size=touched, sweep=final)


@receiver(pre_delete, sender=Monograph, dispatch_uid="search_forget_deleted_monograph")
def forget_deleted_monograph(sender, instance, using, **kwargs):
    backend().forget([instance.pk])
    names.forget()


@receiver(post_migrate, dispatch_uid="search_prune_after_flush_or_migrate")
def prune_orphans(sender, app_config, using, **kwargs):
    if app_config.label == "search" and using == DEFAULT_DB_ALIAS:
        backend().prune()
