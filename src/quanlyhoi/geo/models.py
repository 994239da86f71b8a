"""Administrative areas: the 34 provinces and 3,321 communes since 1/7/2025, and the 63 old provinces."""

import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.text import fold

REFORM_2025 = datetime.date(2025, 7, 1)


class AdminAreaQuerySet(models.QuerySet):
    def as_of(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gt=day)
        )

    def current(self):
        return self.filter(generation=AdminArea.Generation.CURRENT)

    def search(self, text: str):
        folded = fold(text)
        return self.filter(name_folded__contains=folded) if folded else self


class AdminArea(models.Model):
    """A province- or commune-level unit of one generation (valid_to is exclusive, like every validity here)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        COMMUNE = "commune", _("Commune")

    class Generation(models.TextChoices):
        CURRENT = "2025", _("Since 1/7/2025 (34 provinces)")
        LEGACY = "legacy", _("Before 1/7/2025 (63 provinces)")

    generation = models.CharField(max_length=10, choices=Generation.choices)
    level = models.CharField(max_length=10, choices=Level.choices)
    code = models.CharField(max_length=10)
    name = models.CharField(max_length=150)
    division_type = models.CharField(max_length=40, blank=True)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)

    objects = AdminAreaQuerySet.as_manager()

    class Meta:
        ordering = ["generation", "level", "code"]
        constraints = [
            models.UniqueConstraint(fields=["generation", "level", "code"], name="geo_area_unique_code"),
        ]
        verbose_name = _("administrative area")
        verbose_name_plural = _("administrative areas")

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        """The name, marked when the area belongs to the 63-province era (same names exist in both)."""
        if self.generation == self.Generation.CURRENT:
            return self.name
        return gettext("%(name)s (before 1/7/2025)") % {"name": self.name}


class AreaSuccession(models.Model):
    """Old area -> new area from an effective date (the 63 -> 34 provinces mapping of 1/7/2025)."""

    predecessor = models.ForeignKey(AdminArea, on_delete=models.PROTECT, related_name="successions")
    successor = models.ForeignKey(AdminArea, on_delete=models.PROTECT, related_name="predecessions")
    effective_date = models.DateField()
    legal_basis = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="geo_succession_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} -> {self.successor}"
