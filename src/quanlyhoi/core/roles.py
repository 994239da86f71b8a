"""Roles and the actions each allows. Security semantics live in code; who holds which role is data."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    OVERSEER = "overseer", _("Overseer")
    ASSOCIATION_ADMIN = "association_admin", _("Association administrator")
    UNIT_OFFICER = "unit_officer", _("Unit officer")
    INSPECTOR = "inspector", _("Inspector (read-only)")


class Action:
    VIEW = "view"
    CHANGE = "change"  # edit attributes, contact data
    RESTRUCTURE = "restructure"  # create, rename, move, merge, split, dissolve units
    MANAGE_USERS = "manage_users"
    MANAGE_REGISTRY = "manage_registry"  # associations, overseers, levels, reference data
    VIEW_AUDIT = "view_audit"
    VIEW_PERSONAL = "view_personal"  # unmasked CCCD, phone and address; viewing and exporting them is audited
    ERASE_PERSONAL = "erase_personal"  # erase a person's data on request (memberships stay, anonymised)
    REPORT = "report"  # fill in and submit a unit's periodic reports
    APPROVE = "approve"  # return, approve, lock and reopen the reports of the units below
    MANAGE_REPORTING = "manage_reporting"  # indicators, report templates, periods and deadlines
    ISSUE_DOCUMENTS = "issue_documents"  # number a unit's official documents in its register, set its letterhead
    ISSUE_OVERSEER_DOCUMENTS = "issue_overseer_documents"  # the same for the overseer's own register
    DIRECT = "direct"  # record a unit's briefings, assign and pass down, accept, return or cancel what it assigned
    OVERSEE = "oversee"  # the same for the overseer's own briefings (never an association's internal chain)
    FOLLOW_UP = "follow_up"  # report progress on the directives assigned to one's units, pass them down

    ALL = (
        VIEW,
        CHANGE,
        RESTRUCTURE,
        MANAGE_USERS,
        MANAGE_REGISTRY,
        VIEW_AUDIT,
        VIEW_PERSONAL,
        ERASE_PERSONAL,
        REPORT,
        APPROVE,
        MANAGE_REPORTING,
        ISSUE_DOCUMENTS,
        ISSUE_OVERSEER_DOCUMENTS,
        DIRECT,
        OVERSEE,
        FOLLOW_UP,
    )


ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(Action.ALL),
    # The overseer sets the reporting calendar and the shared templates it compiles from.
    # It issues under its own letterhead, never under an association's.
    Role.OVERSEER: frozenset(
        {Action.VIEW, Action.VIEW_AUDIT, Action.MANAGE_REPORTING, Action.ISSUE_OVERSEER_DOCUMENTS, Action.OVERSEE}
    ),
    Role.ASSOCIATION_ADMIN: frozenset(
        {
            Action.VIEW,
            Action.CHANGE,
            Action.RESTRUCTURE,
            Action.MANAGE_USERS,
            Action.VIEW_AUDIT,
            Action.VIEW_PERSONAL,
            Action.ERASE_PERSONAL,
            Action.REPORT,
            Action.APPROVE,
            Action.MANAGE_REPORTING,
            Action.ISSUE_DOCUMENTS,
            Action.DIRECT,
            Action.FOLLOW_UP,
        }
    ),
    # The chapter officer keeps the member list, so works with the members' contact data.
    Role.UNIT_OFFICER: frozenset(
        {
            Action.VIEW,
            Action.CHANGE,
            Action.RESTRUCTURE,
            Action.VIEW_PERSONAL,
            Action.REPORT,
            Action.APPROVE,
            Action.ISSUE_DOCUMENTS,
            Action.DIRECT,
            Action.FOLLOW_UP,
        }
    ),
    Role.INSPECTOR: frozenset({Action.VIEW, Action.VIEW_AUDIT}),
}

# Roles that only make sense for the whole system.
SYSTEM_ONLY_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.OVERSEER})
