"""Keep the stored statements in step with the content: rebuilt, in the load's own
transaction, for every monograph the load added, changed or removed."""

from django.dispatch import receiver

from refsite.monographs.signals import content_stored

from .storage import update_interactions


@receiver(content_stored, dispatch_uid="interactions_update_on_content_stored")
def update_statements(sender, slugs, **kwargs):
    update_interactions(slugs)
