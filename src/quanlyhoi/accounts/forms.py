"""Forms of the account pages. They only parse input; accounts.services decides and writes."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from quanlyhoi.core.roles import SYSTEM_ONLY_ROLES, Role
from quanlyhoi.core.scoping import has_system_scope
from quanlyhoi.core.web import style_form
from quanlyhoi.orgs.models import Association, Unit

SYSTEM_SCOPE = "*"


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
        self.fields["username"].widget.attrs["autocomplete"] = "username"


class OwnPasswordForm(PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # It sits beside other content on the profile page: no focus jump into it.
        self.fields["old_password"].widget.attrs.pop("autofocus", None)
        style_form(self)


def role_choices(actor) -> list[tuple[str, str]]:
    roles = Role.choices
    if not has_system_scope(actor, "manage_users"):
        roles = [(value, label) for value, label in roles if value not in SYSTEM_ONLY_ROLES]
    return [("", "---------"), *roles]


def scope_choices(actor) -> list:
    """The whole system (system administrators), the associations one manages and, for association
    administrators, their central and province units; deeper units are typed as a code."""
    choices: list = [("", "---------")]
    if has_system_scope(actor, "manage_users"):
        choices.append((SYSTEM_SCOPE, _("Whole system")))
    associations = Association.objects.restrict(actor, "manage_users")
    choices.append((_("Associations"), [(a.code, f"{a.code} — {a.name}") for a in associations]))
    if not has_system_scope(actor, "manage_users"):
        units = Unit.objects.restrict(actor, "manage_users").filter(level__rank__lte=2, valid_to__isnull=True)
        choices.append((_("Units"), [(u.code, f"{u.code} — {u.name}") for u in units.order_by("path")]))
    return choices


class ScopeFields(forms.Form):
    """Role and scope: the scope from the list, or any unit code typed in."""

    role = forms.ChoiceField(label=_("Role"))
    scope = forms.ChoiceField(label=_("Scope"), required=False)
    scope_code = forms.CharField(
        label=_("or unit code"),
        required=False,
        max_length=60,
        help_text=_("For a unit scope, e.g. NCT.01.00004; overrides the list."),
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = role_choices(actor)
        self.fields["scope"].choices = scope_choices(actor)

    def clean(self):
        data = super().clean()
        code = (data.get("scope_code") or "").strip().upper() or data.get("scope") or ""
        if not code:
            self.add_error("scope", _("Choose a scope or type a unit code."))
        data["scope_value"] = code
        return data


class PasswordTwice(forms.Form):
    password = forms.CharField(label=_("Password"), widget=forms.PasswordInput(render_value=False), strip=False)
    password2 = forms.CharField(label=_("Password again"), widget=forms.PasswordInput(render_value=False), strip=False)

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class UserCreateForm(PasswordTwice, ScopeFields):
    username = forms.CharField(label=_("Username"), max_length=150)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)

    field_order = [
        "username",
        "last_name",
        "first_name",
        "email",
        "password",
        "password2",
        "role",
        "scope",
        "scope_code",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)
        self.fields["username"].widget.attrs["autocomplete"] = "off"  # someone else's account
        self.fields["password"].widget.attrs["autocomplete"] = "new-password"
        self.fields["password2"].widget.attrs["autocomplete"] = "new-password"


class RoleGrantForm(ScopeFields):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_form(self)


class UserEditForm(PasswordTwice):
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    is_active = forms.BooleanField(label=_("Active (may log in)"), required=False)

    field_order = ["last_name", "first_name", "email", "is_active", "password", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("password", "password2"):
            self.fields[name].required = False
            self.fields[name].widget.attrs["autocomplete"] = "new-password"
        self.fields["password"].label = _("New password")
        self.fields["password"].help_text = _("Leave empty to keep the current password.")
        self.fields["password2"].label = _("New password again")
        style_form(self)
