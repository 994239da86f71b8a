"""makemessages that also knows the project's `_l` alias for gettext_lazy.

Modules that need both the eager and the lazy gettext import `gettext as _` and `gettext_lazy as _l`; xgettext
only extracts the keywords it is told about, so without this override every `_l("...")` string would be left out
of the catalogue."""

from django.core.management.commands.makemessages import Command as MakeMessagesCommand


class Command(MakeMessagesCommand):
    xgettext_options = [*MakeMessagesCommand.xgettext_options, "--keyword=_l"]
