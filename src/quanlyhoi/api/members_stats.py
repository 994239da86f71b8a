"""REST API of the members app: stats."""

from ninja import Router

router = Router(tags=["members"])
