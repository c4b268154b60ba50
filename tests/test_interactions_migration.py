"""The data migration of the interactions app, in a module of its own: it migrates and
flushes the database (a transaction test), which must not meet another module's rows."""

import pytest
from django.core.management import call_command

from refsite.interactions.models import Interaction
from refsite.monographs.models import Monograph


@pytest.mark.django_db(transaction=True)
def test_the_migration_builds_statements_of_monographs_stored_before_it():
    call_command("migrate", "interactions", "0001", verbosity=0)
    Monograph.objects.create(
        slug="migrated", generic_name="migrated", drug_class="X", status="reviewed", summary="S",
        source_path="monographs/alpha.md", content_hash="h", front_matter={"interactions": [
            {"with": ["beta"], "named": ["Gamma"], "effect": "E", "action": "monitor",
             "source": "test-label", "label_section": "7"}]})
    call_command("migrate", "interactions", verbosity=0)
    rows = Interaction.objects.filter(monograph__slug="migrated")
    assert sorted(rows.values_list("kind", "party", "party_key")) == [
        ("named", "Gamma", "gamma"), ("with", "beta", "beta")]
