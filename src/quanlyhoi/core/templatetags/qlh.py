"""Small template helpers shared by the pages."""

import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def duration(value) -> str:
    """A timedelta in words ("1 giờ"), translated like Django's timeuntil."""
    if not isinstance(value, datetime.timedelta):
        return ""
    now = timezone.now()
    return timeuntil(now + value, now)
