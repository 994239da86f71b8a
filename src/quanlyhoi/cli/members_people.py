"""`quanlyhoi members ...` commands: people."""


def register_into(actions, common) -> None:
    """Adds this module's actions to the `members` group."""
