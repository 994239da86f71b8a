"""FilterSets for the registry: one definition of "which rows", shared by the HTML lists, the API and exports."""

import django_filters
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.text import fold
from quanlyhoi.orgs.models import Association, RestructuringEvent, Unit


class AssociationFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    is_confirmed = django_filters.BooleanFilter(label=_("Listing confirmed"))
    has_party_delegation = django_filters.BooleanFilter(label=_("Has a Party delegation"))

    class Meta:
        model = Association
        fields = ["q", "is_confirmed", "has_party_delegation"]

    def search(self, queryset, name, value):
        folded = fold(value)
        return queryset.filter(name_folded__contains=folded) | queryset.filter(code__iexact=value.strip())


class UnitFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    association = django_filters.CharFilter(
        label=_("Association code"), field_name="association__code", lookup_expr="iexact"
    )
    level = django_filters.CharFilter(label=_("Level"), field_name="level__code")
    area = django_filters.CharFilter(label=_("Area code"), field_name="area__code")
    active = django_filters.BooleanFilter(label=_("Still active"), field_name="valid_to", lookup_expr="isnull")
    subtree = django_filters.CharFilter(label=_("Within the subtree of unit"), method="within")

    class Meta:
        model = Unit
        fields = ["q", "association", "level", "area", "active", "subtree"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def within(self, queryset, name, value):
        root = Unit.objects.filter(code=value.strip().upper()).first()
        return queryset.subtree(root) if root else queryset.none()


class EventFilter(django_filters.FilterSet):
    association = django_filters.CharFilter(
        field_name="association__code", lookup_expr="iexact", label=_("Association code")
    )
    kind = django_filters.ChoiceFilter(choices=RestructuringEvent.Kind.choices, label=_("Kind"))
    effective_from = django_filters.DateFilter(field_name="effective_date", lookup_expr="gte", label=_("From"))
    effective_to = django_filters.DateFilter(field_name="effective_date", lookup_expr="lte", label=_("To"))
    unit = django_filters.CharFilter(field_name="unit_links__unit__code", lookup_expr="iexact", label=_("Unit code"))

    class Meta:
        model = RestructuringEvent
        fields = ["association", "kind", "effective_from", "effective_to", "unit"]
