from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "quanlyhoi.members"
    label = "members"
    verbose_name = "Members"

    def ready(self):
        # Restructuring moves memberships with the units (see members.services.restructure).
        from quanlyhoi.members.services import restructure
        from quanlyhoi.orgs.services import followers

        followers.register(restructure.follow_event)
