import django_filters
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.models import AuditRecord


class AuditFilter(django_filters.FilterSet):
    user = django_filters.CharFilter(field_name="actor_name", lookup_expr="iexact", label=_("User"))
    action = django_filters.CharFilter(field_name="action", lookup_expr="startswith", label=_("Action"))
    object_type = django_filters.CharFilter(label=_("Object type"))
    object_id = django_filters.CharFilter(label=_("Object id"))
    object = django_filters.CharFilter(field_name="object_repr", lookup_expr="icontains", label=_("Object"))
    source = django_filters.ChoiceFilter(choices=AuditRecord.Source.choices, label=_("Source"))
    request_id = django_filters.UUIDFilter(label=_("Request id"))
    date_from = django_filters.DateFilter(field_name="at", lookup_expr="date__gte", label=_("From"))
    date_to = django_filters.DateFilter(field_name="at", lookup_expr="date__lte", label=_("To"))

    class Meta:
        model = AuditRecord
        fields = [
            "user",
            "action",
            "object_type",
            "object_id",
            "object",
            "source",
            "request_id",
            "date_from",
            "date_to",
        ]
