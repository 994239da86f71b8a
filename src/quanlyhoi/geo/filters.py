import django_filters
from django.utils.translation import gettext_lazy as _

from quanlyhoi.geo.models import AdminArea


class AdminAreaFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name"), method="search")
    generation = django_filters.ChoiceFilter(choices=AdminArea.Generation.choices, label=_("Generation"))
    level = django_filters.ChoiceFilter(choices=AdminArea.Level.choices, label=_("Level"))
    province = django_filters.CharFilter(field_name="parent__code", label=_("Province code"))
    as_of = django_filters.DateFilter(method="valid_on", label=_("Valid on"))

    class Meta:
        model = AdminArea
        fields = ["q", "generation", "level", "province", "as_of"]

    def search(self, queryset, name, value):
        return queryset.search(value)

    def valid_on(self, queryset, name, value):
        return queryset.as_of(value)
