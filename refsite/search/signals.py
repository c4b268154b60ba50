"""Keep the SQLite FTS5 tables in step when a monograph is deleted outside the loader
(a shell, a test fixture): the index rows cascade, the FTS5 copies would not."""

from django.db.models.signals import pre_delete
from django.dispatch import receiver

from refsite.monographs.models import Monograph

from .search import backend


@receiver(pre_delete, sender=Monograph, dispatch_uid="search_forget_deleted_monograph")
def forget_deleted_monograph(sender, instance, using, **kwargs):
    backend().forget([instance.pk])
