"""Which users a user-management list shows (the rows are users_visible(actor) first)."""

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.roles import Role


class UserFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Username or name"), method="search")
    role = django_filters.ChoiceFilter(
        choices=Role.choices, field_name="role_assignments__role", label=_("Role"), distinct=True
    )
    scope = django_filters.CharFilter(label=_("Scope code"), method="in_scope")
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = get_user_model()
        fields = ["q", "role", "scope", "is_active"]

    def search(self, queryset, name, value):
        value = value.strip()
        return queryset.filter(
            Q(username__icontains=value) | Q(first_name__icontains=value) | Q(last_name__icontains=value)
        )

    def in_scope(self, queryset, name, value):
        """Users holding a role exactly on this scope: '*' (whole system), an association or a unit code."""
        code = value.strip().upper()
        if code == "*":
            q = Q(
                role_assignments__isnull=False,
                role_assignments__association__isnull=True,
                role_assignments__unit__isnull=True,
            )
        else:
            q = Q(role_assignments__association__code=code) | Q(role_assignments__unit__code=code)
        return queryset.filter(q).distinct()
