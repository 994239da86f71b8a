"""Login, own account, and user administration within one's user-management scope."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from quanlyhoi.accounts import services
from quanlyhoi.accounts.filters import UserFilter
from quanlyhoi.accounts.forms import LoginForm, OwnPasswordForm, RoleGrantForm, UserCreateForm, UserEditForm
from quanlyhoi.accounts.models import ApiToken, RoleAssignment
from quanlyhoi.core.errors import DomainError
from quanlyhoi.core.queries import object_history
from quanlyhoi.core.scoping import scopes_for
from quanlyhoi.core.web import domain_http, form_error, paginate, render_list, style_form


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView answers GET with 405)."""


# ---------------------------------------------------------------------------------------------------------
# Own account


def _profile_context(request, **extra) -> dict:
    user = request.user
    context = {
        "roles": RoleAssignment.objects.filter(user=user).select_related("association", "unit"),
        "tokens": ApiToken.objects.filter(user=user)[:20],
        "password_form": OwnPasswordForm(user),
        "now_dt": timezone.now(),
    }
    context.update(extra)
    return context


@login_required
def profile(request):
    return render(request, "accounts/profile.html", _profile_context(request))


@login_required
@require_POST
def password_change(request):
    form = OwnPasswordForm(request.user, request.POST)
    if form.is_valid():
        try:
            services.password_change(user=request.user, password=form.cleaned_data["new_password1"])
        except DomainError as exc:
            form_error(form, exc)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", _profile_context(request, password_form=form))


@never_cache
@login_required
@require_POST
def token_create(request):
    token, raw = services.token_create(user=request.user)
    # The raw value is shown in this response only; it is never stored.
    return render(request, "accounts/profile.html", _profile_context(request, new_token=token, raw_token=raw))


# ---------------------------------------------------------------------------------------------------------
# User administration


def _require_manage(user) -> None:
    if not scopes_for(user, "manage_users"):
        raise PermissionDenied


@login_required
def user_list(request):
    actor = request.user
    _require_manage(actor)
    visible_roles = RoleAssignment.objects.restrict(actor, "manage_users").select_related("association", "unit")
    users = services.users_visible(actor).prefetch_related(
        Prefetch("role_assignments", queryset=visible_roles, to_attr="visible_roles")
    )
    user_filter = UserFilter(request.GET or None, queryset=users.order_by("username"))
    style_form(user_filter.form)
    context = {"filter": user_filter, "page_obj": paginate(request, user_filter.qs)}
    return render_list(request, "accounts/user_list.html", "accounts/_user_table.html", context)


@login_required
def user_create(request):
    actor = request.user
    _require_manage(actor)
    form = UserCreateForm(request.POST or None, actor=actor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=actor,
                username=data["username"],
                password=data["password"],
                role=data["role"],
                scope_code=data["scope_value"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("User %(name)s created.") % {"name": user.username})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/user_create.html", {"form": form})


def _detail(request, target, *, edit_form=None, grant_form=None, status=200):
    actor = request.user
    context = {
        "target": target,
        "roles": RoleAssignment.objects.restrict(actor, "manage_users")
        .filter(user=target)
        .select_related("association", "unit", "granted_by"),
        "edit_form": edit_form
        or UserEditForm(
            initial={
                "first_name": target.first_name,
                "last_name": target.last_name,
                "email": target.email,
                "is_active": target.is_active,
            }
        ),
        "grant_form": grant_form or RoleGrantForm(actor=actor),
        # The account is managed as a whole, so its own (association-less) records are shown too.
        "history": object_history(actor, target, include_unscoped=True)[:50],
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@login_required
@domain_http
def user_detail(request, pk: int):
    _require_manage(request.user)
    return _detail(request, services.get_managed_user(request.user, pk))


@login_required
@require_POST
@domain_http
def user_update(request, pk: int):
    _require_manage(request.user)
    target = services.get_managed_user(request.user, pk)
    form = UserEditForm(request.POST)
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("first_name", "last_name", "email", "is_active")}
        if form.cleaned_data.get("password"):
            data["password"] = form.cleaned_data["password"]
        try:
            services.user_update(actor=request.user, user=target, data=data)
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Account saved."))
            return redirect("accounts:user_detail", pk=target.pk)
    target.refresh_from_db()
    return _detail(request, target, edit_form=form)


@login_required
@require_POST
@domain_http
def role_grant(request, pk: int):
    _require_manage(request.user)
    target = services.get_managed_user(request.user, pk)
    form = RoleGrantForm(request.POST, actor=request.user)
    if form.is_valid():
        try:
            services.role_grant(
                actor=request.user,
                user=target,
                role=form.cleaned_data["role"],
                scope_code=form.cleaned_data["scope_value"],
            )
        except DomainError as exc:
            form_error(form, exc)
        else:
            messages.success(request, _("Role granted."))
            return redirect("accounts:user_detail", pk=target.pk)
    return _detail(request, target, grant_form=form)


@login_required
@require_POST
@domain_http
def role_revoke(request, pk: int, assignment_id: int):
    _require_manage(request.user)
    target = services.get_managed_user(request.user, pk)
    assignment = get_object_or_404(
        RoleAssignment.objects.restrict(request.user, "manage_users").filter(user=target), pk=assignment_id
    )
    try:
        services.role_revoke(actor=request.user, assignment=assignment)
    except DomainError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Role revoked."))
    return redirect("accounts:user_detail", pk=target.pk)
