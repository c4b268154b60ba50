"""Statements for monographs stored before this app existed: a load skips files that
are unchanged, so their rows would otherwise wait for the next edit of each file."""

from django.db import migrations


def build(apps, schema_editor):
    from refsite.interactions.storage import interaction_values

    Monograph = apps.get_model("monographs", "Monograph")
    Interaction = apps.get_model("interactions", "Interaction")
    rows = []
    stored = Interaction.objects.values_list("monograph_id", flat=True)
    for monograph in (Monograph.objects.filter(is_active=True).exclude(pk__in=stored)
                      .only("pk", "front_matter")):
        rows += [Interaction(monograph_id=monograph.pk, **values)
                 for values in interaction_values(monograph.front_matter)]
    Interaction.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("interactions", "0001_initial")]
    operations = [migrations.RunPython(build, migrations.RunPython.noop)]
