"""What the labels say about taking medicines together, as stored rows.

Written only by the content load (`storage`), in its transaction: a monograph's
`interactions` front matter becomes Interaction rows, `content/groups.yaml` becomes
Group and Membership rows. The checker reads these rows and nothing else. Parties are
kept as slugs, not foreign keys: a label may name a medicine whose page is a draft or
not written yet, and the statement must wait for it rather than vanish.
"""

from django.db import models
from django.utils import timezone

from refsite.monographs.models import Monograph


class Action(models.TextChoices):
    """What the label tells prescribers to do, in the order a reader must see it. Only
    the label's own instruction is recorded: `described` is a label that states the
    effect and gives no instruction."""

    CONTRAINDICATED = "contraindicated", "Do not take together (contraindicated)"
    BOXED = "boxed", "Boxed warning"
    AVOID = "avoid", "Avoid taking together"
    LIMIT_DOSE = "limit-dose", "Dose limit"
    ADJUST_DOSE = "adjust-dose", "Dose may need changing"
    SEPARATE_DOSES = "separate-doses", "Take at different times"
    MONITOR = "monitor", "Extra monitoring"
    DESCRIBED = "described", "Described, no instruction given"


ACTION_ORDER = {action.value: rank for rank, action in enumerate(Action)}


class Group(models.Model):
    """A class of medicines a label speaks of as a whole ("opioids", "serotonergic
    drugs"), declared once in content/groups.yaml."""

    slug = models.SlugField(max_length=100, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A medicine in a group, and the label that puts it there."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    drug = models.SlugField(max_length=100, help_text="Monograph slug")
    reason = models.TextField()
    source_key = models.SlugField(max_length=100, help_text="A source id of a monograph")
    source_owner = models.SlugField(max_length=100, help_text="The monograph citing it")
    label_section = models.CharField(max_length=100)

    class Meta:
        ordering = ["group", "drug"]
        constraints = [
            models.UniqueConstraint(fields=["group", "drug"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["drug"], name="membership_drug_idx")]

    def __str__(self):
        return f"{self.drug} in {self.group_id}"


class GroupSet(models.Model):
    """The groups file as last loaded: its hash tells the loader whether it changed (a
    changed file is a new content state even when no monograph changed)."""

    content_hash = models.CharField(max_length=64)
    loaded_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.content_hash[:12]


class Interaction(models.Model):
    """One label statement about one other party: a monograph or a group, by slug
    (`with`; the check keeps the two sets of slugs apart), or a medicine the label names
    that has no monograph (`named`, its name as written, matched case-insensitively)."""

    class Kind(models.TextChoices):
        WITH = "with", "Monograph or group"
        NAMED = "named", "Medicine not in this reference"

    monograph = models.ForeignKey(Monograph, on_delete=models.CASCADE,
                                  related_name="interactions")
    position = models.PositiveSmallIntegerField(help_text="Entry number in the front matter")
    kind = models.CharField(max_length=5, choices=Kind.choices)
    party = models.CharField(max_length=200, help_text="Slug or group slug; or a name")
    party_key = models.CharField(max_length=200, help_text="`party`, casefolded")
    effect = models.TextField()
    action = models.CharField(max_length=20, choices=Action.choices)
    limit = models.CharField(max_length=200, blank=True)
    interval = models.CharField(max_length=200, blank=True)
    source_key = models.SlugField(max_length=100)
    label_section = models.CharField(max_length=100)

    class Meta:
        ordering = ["monograph", "position", "kind", "party"]
        constraints = [
            models.UniqueConstraint(fields=["monograph", "position", "kind", "party"],
                                    name="interaction_party_unique"),
            models.CheckConstraint(condition=models.Q(action__in=[a.value for a in Action]),
                                   name="interaction_action_valid"),
        ]
        indexes = [models.Index(fields=["party_key"], name="interaction_party_idx")]

    def __str__(self):
        return f"{self.monograph_id} with {self.party} ({self.action})"
