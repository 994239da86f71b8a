"""REST API of the members app: imports."""

from ninja import Router

router = Router(tags=["members"])
