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

_CARE_EVENTS = (
    "notices for the physiotherapist of what happened (the things themselves are in the copy)"
)
_CREDENTIALS = "two-factor login secrets and recovery codes: credentials, not data about the person"


class AccountsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "accounts"
    verbose_name = "Accounts"

    personal_data = (
        PersonalData("accounts.User", owner="pk", export_as="account", fields=ACCOUNT_FIELDS),
        PersonalData("accounts.HealthDataConsent", owner="user", export_as="health_data_consents"),
        PersonalData(
            "accounts.SignupConfirmation",
            owner="user",
            export_as=None,
            why_not="a marker of an account still waiting for its email link, gone once used",
        ),
        # Two-factor login (django-otp): never exported, deleted with the account.
        PersonalData("otp_totp.TOTPDevice", owner="user", export_as=None, why_not=_CREDENTIALS),
        PersonalData("otp_static.StaticDevice", owner="user", export_as=None, why_not=_CREDENTIALS),
        # What happened in a client's care, kept to tell their physiotherapist; the flags,
        # links, clearances and messages themselves are in the copy.
        PersonalData("accounts.CareEvent", owner="client", export_as=None, why_not=_CARE_EVENTS),
        PersonalData(
            "accounts.CareEvent",
            owner="physiotherapist",
            export_as=None,
            why_not=_CARE_EVENTS,
            role="physiotherapist",
        ),
    )

    def ready(self) -> None:
        # Connects the receiver that stamps audit entries with the client they concern.
        from accounts import audit  # noqa: F401
