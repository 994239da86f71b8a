"""The member FilterSet: one definition of "which members", shared by the web list, the API and exports.

Always built on `queries.member_rows(actor)` (the scoping choke point); the unit filter only narrows within
what the actor may see, and a unit the actor cannot see yields no rows.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.paths import subtree_q
from quanlyhoi.members import queries
from quanlyhoi.members.listing import Listing
from quanlyhoi.members.models import MembershipType, MemberStatus, Sex, WelfareNeedKind
from quanlyhoi.orgs.models import Association, Unit

ORDER_CHOICES = [
    ("name", _("Name (official order)")),
    ("number", _("Member number")),
    ("joined", _("Joined (oldest first)")),
    ("-joined", _("Joined (newest first)")),
]


def _codes(model, actor) -> list[tuple[str, str]]:
    """(code, name) of the shared kinds and those of the associations the actor sees, each code once."""
    visible = Association.objects.restrict(actor, "view").values("pk")
    rows = model.objects.filter(Q(association__isnull=True) | Q(association__in=visible)).order_by("ordering", "code")
    return list(dict(rows.values_list("code", "name")).items())


class MemberFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="search",
        help_text=_("Name without diacritics, or exact CCCD/CMND, phone or member number"),
    )
    association = django_filters.CharFilter(label=_("Association code"), method="of_association")
    unit = django_filters.CharFilter(label=_("Unit code (with its subtree)"), method="within")
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"), choices=MemberStatus.choices, widget=forms.SelectMultiple(attrs={"size": 3})
    )
    sex = django_filters.ChoiceFilter(label=_("Sex"), field_name="person__sex", choices=Sex.choices)
    age_band = django_filters.ChoiceFilter(
        label=_("Age"), choices=[(b.code, b.label) for b in queries.AGE_BANDS], method="in_age_band"
    )
    type = django_filters.ChoiceFilter(label=_("Membership type"), field_name="type__code", choices=[])
    need = django_filters.ChoiceFilter(label=_("Welfare need"), method="with_need", choices=[])
    joined_from = django_filters.DateFilter(label=_("Joined from"), field_name="joined_on", lookup_expr="gte")
    joined_to = django_filters.DateFilter(label=_("Joined until"), field_name="joined_on", lookup_expr="lte")
    order = django_filters.ChoiceFilter(label=_("Order by"), choices=ORDER_CHOICES, method="order_by", empty_label=None)

    def __init__(self, data=None, queryset=None, *, actor, **kwargs):
        self.actor = actor
        if queryset is None:
            queryset = queries.member_rows(actor)
        super().__init__(data, queryset, **kwargs)
        self.filters["type"].extra["choices"] = _codes(MembershipType, actor)
        self.filters["need"].extra["choices"] = _codes(WelfareNeedKind, actor)

    # The fields, in the order forms show them and the API documents them.
    FIELDS = (
        "q", "association", "unit", "status", "sex", "age_band", "type", "need", "joined_from", "joined_to", "order"
    )  # fmt: skip

    def search(self, queryset, name, value):
        return queries.search_memberships(queryset, value, self.actor)

    def filter_queryset(self, queryset):
        # The search applies last, so that listing() can split what every other filter left.
        text = self.form.cleaned_data.pop("q", "")
        self.narrowed = super().filter_queryset(queryset)
        self.form.cleaned_data["q"] = text
        return self.search(self.narrowed, "q", text) if text else self.narrowed

    def listing(self) -> Listing:
        """The rows as pages (members.listing): a name search in the official order is read part by part."""
        rows = self.qs
        text = self.form.cleaned_data.get("q") if self.is_bound and self.is_valid() else ""
        if not text or list(rows.query.order_by) != list(queries.ORDERINGS["name"]):
            return Listing(rows)
        visible = Association.objects.restrict(self.actor, "view").values_list("pk", flat=True)
        return Listing(rows, queries.search_parts(self.narrowed, text, visible), self.narrowed)

    def within(self, queryset, name, value):
        unit = self.unit_for(value)
        if unit is None:
            return queryset.none()
        return queryset.filter(subtree_q("unit__path", unit.path), queries.same_association_q([unit.association_id]))

    def of_association(self, queryset, name, value):
        association = Association.objects.restrict(self.actor, "view").filter(code=value.strip().upper()).first()
        if association is None:
            return queryset.none()
        return queryset.filter(queries.same_association_q([association.pk]), association=association)

    def unit_for(self, code: str) -> Unit | None:
        """The unit of that code if the actor may see it (missing and out of scope alike: None)."""
        return Unit.objects.restrict(self.actor, "view").filter(code=(code or "").strip().upper()).first()

    def in_age_band(self, queryset, name, value):
        return queryset.filter(queries.age_band_q(value))

    def with_need(self, queryset, name, value):
        return queryset.filter(queries.open_need_q(value))

    def order_by(self, queryset, name, value):
        return queryset.order_by(*queries.ORDERINGS[value])

    def describe(self) -> dict:
        """The filters in use (for audit messages and export file names): name -> value as given."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = {}
        for key in self.FIELDS:
            value = self.form.cleaned_data.get(key)
            if value not in (None, "", []):
                data[key] = value.isoformat() if hasattr(value, "isoformat") else value
        return data


def filtered(actor, data) -> MemberFilter:
    """A bound, valid MemberFilter over what `actor` may see; DomainError (422) naming the first bad filter."""
    filterset = MemberFilter(data, actor=actor)
    if not filterset.is_valid():
        field, messages = next(iter(filterset.errors.items()))
        label = filterset.filters[field].label if field in filterset.filters else field
        raise DomainError(
            "invalid_filter", f"Bộ lọc '{field}' ({label}) không hợp lệ: {' '.join(messages)}", status=422, field=field
        )
    return filterset
