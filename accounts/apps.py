from django.apps import AppConfig


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts and care links"

    def ready(self) -> None:
        # Connects the receiver that stamps audit entries with the client they concern.
        from accounts import audit  # noqa: F401
