from django.apps import AppConfig

from accounts.personal_data import PersonalData

# Never exported: secrets (the password hash, the calendar token), not data about the person.
ACCOUNT_FIELDS = (
    "id",
    "username",
    "first_name",
    "last_name",
    "email",
    "role",
    "reminders_enabled",
    "date_joined",
    "last_login",
)


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    personal_data = (
        PersonalData("accounts.User", owner="pk", export_as="account", fields=ACCOUNT_FIELDS),
    )

    def ready(self) -> None:
        # Connects the receiver that stamps audit entries with the client they concern.
        from accounts import audit  # noqa: F401
