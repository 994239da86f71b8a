from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "quanlyhoi.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from quanlyhoi.accounts import signals  # noqa: F401  (login audit)
