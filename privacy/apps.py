from django.apps import AppConfig

from accounts.personal_data import PersonalData

_LOGIN_ATTEMPTS = "login-attempt records, kept only to pause guessing; not health data"


class PrivacyConfig(AppConfig):
    """A person's rights over their own data: a full copy and deletion, over what every app
    declares as personal data (``accounts.personal_data``)."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "privacy"
    verbose_name = "Privacy"

    # django-axes keeps login attempts by username (no foreign key): deleted with the account.
    personal_data = (
        PersonalData(
            "axes.AccessAttempt",
            owner="username",
            by_username=True,
            export_as=None,
            why_not=_LOGIN_ATTEMPTS,
        ),
        PersonalData(
            "axes.AccessFailureLog",
            owner="username",
            by_username=True,
            export_as=None,
            why_not=_LOGIN_ATTEMPTS,
        ),
        PersonalData(
            "axes.AccessLog",
            owner="username",
            by_username=True,
            export_as=None,
            why_not=_LOGIN_ATTEMPTS,
        ),
    )
