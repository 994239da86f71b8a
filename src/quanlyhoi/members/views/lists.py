"""The member list (search, filters, official order) and its CSV/XLSX export.

Personal data (CCCD, phone, address, date of birth) is masked on screen unless the user asks to see it
(`?personal=1`) and holds the personal-data permission for the row; every page that shows any of it in clear
writes one audit record.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import BooleanField, Value
from django.http import HttpResponseBadRequest
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from quanlyhoi.core.dates import vn
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.scoping import scopes_for
from quanlyhoi.core.web import PAGE_SIZE, render_list, style_form
from quanlyhoi.members import export
from quanlyhoi.members.filters import MemberFilter, filtered
from quanlyhoi.members.masking import (
    audit_personal_access,
    has_personal_scope,
    personal_annotation,
    personal_values,
)
from quanlyhoi.members.models import Membership

# Beyond this many rows the list says "more than" instead of counting: an exact count of a million filtered
# members takes most of a second, one page of them a few milliseconds. Statistics give exact figures.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator that counts at most COUNT_CAP + 1 rows (unordered, so the database stops early)."""

    @cached_property
    def _counted(self) -> int:
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def count(self) -> int:
        return min(self._counted, COUNT_CAP)

    @property
    def capped(self) -> bool:
        return self._counted > COUNT_CAP


# Refusals of the download link are plain text: they may repeat what was typed in the query string.
PLAIN = "text/plain; charset=utf-8"


@dataclass
class Row:
    """One line of the list: the membership and its personal fields as this user may see them."""

    membership: Membership
    id_number: str
    phone: str
    birth: str
    clear: bool


def _row(membership: Membership) -> Row:
    personal = personal_values(membership.person, unmasked=membership.personal_visible)
    birth = personal["birth"]
    return Row(
        membership=membership,
        id_number=personal["id_number"],
        phone=personal["phone"],
        birth=vn(birth) if hasattr(birth, "strftime") else str(birth or ""),
        clear=membership.personal_visible,
    )


def _query_without(request, *keys: str) -> str:
    params = request.GET.copy()
    for key in keys:
        params.pop(key, None)
    return params.urlencode()


@login_required
@require_GET
def member_list(request):
    user = request.user
    filterset = MemberFilter(request.GET or None, actor=user)
    style_form(filterset.form)
    may_see_personal = has_personal_scope(user)
    personal = may_see_personal and request.GET.get("personal") == "1"
    shown = personal_annotation(user) if personal else Value(False, output_field=BooleanField())
    listing = filterset.listing().annotate(personal_visible=shown)
    page = CappedPaginator(listing, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_row(m) for m in page.object_list]
    clear = sum(1 for r in rows if r.clear)
    if clear:
        filters = filterset.describe()
        audit_personal_access(
            user,
            action="member.view_personal",
            rows=clear,
            filters=filters,
            unit=filterset.unit_for(filters["unit"]) if "unit" in filters else None,
            page=page.number,
            message=f"Xem dữ liệu cá nhân của {clear} hội viên trên danh sách (trang {page.number})",
        )
    context = {
        "filter": filterset,
        "form": filterset.form,
        "page_obj": page,
        "rows": rows,
        "personal": personal,
        "may_see_personal": may_see_personal,
        # Joining and importing need the change right somewhere; the pages themselves check the unit.
        "may_change": bool(scopes_for(user, "change")),
        "query": _query_without(request, "page"),
        "export_query": _query_without(request, "page", "personal", "format"),
    }
    return render_list(request, "members/list.html", "members/list_table.html", context)


@login_required
@require_GET
def member_export(request):
    """The filtered list as a CSV or XLSX download (?format=csv|xlsx plus the list's filters)."""
    fmt = request.GET.get("format", "csv")
    if fmt not in export.FORMATS:
        return HttpResponseBadRequest(_("Unknown export format: choose CSV or XLSX."), content_type=PLAIN)
    try:
        filterset = filtered(request.user, request.GET)
    except DomainError as exc:
        return HttpResponseBadRequest(exc.message, content_type=PLAIN)
    filters = filterset.describe()
    unit = filterset.unit_for(filters["unit"]) if "unit" in filters else None
    return export.response(request.user, filterset.qs, fmt=fmt, filters=filters, unit=unit)
