"""REST API of the members app: lists."""

from ninja import Router

router = Router(tags=["members"])
