"""A content load may re-review a page against the newest label (or cite an older one):
compare the stored label histories with the stored sources again, in the load's
transaction, so the page's notice follows its content at once."""

from django.dispatch import receiver

from refsite.monographs.models import Monograph
from refsite.monographs.signals import content_stored

from .watch import refresh


@receiver(content_stored, dispatch_uid="labelwatch_refresh_on_content_stored")
def refresh_label_citations(sender, slugs, **kwargs):
    from .models import LabelCheck

    if not slugs or not LabelCheck.objects.exists():
        return
    refresh(list(Monograph.objects.filter(slug__in=list(slugs)).values_list("pk", flat=True)))
