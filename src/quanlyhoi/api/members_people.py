"""REST API of the members app: people."""

from ninja import Router

router = Router(tags=["members"])
