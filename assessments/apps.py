from django.apps import AppConfig

from accounts.personal_data import PersonalData


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "assessments"
    verbose_name = "Assessments"

    personal_data = (
        PersonalData("assessments.Assessment", owner="owner", export_as="assessments"),
        PersonalData("assessments.Clearance", owner="client", export_as="clearances"),
    )

    def ready(self) -> None:
        # Connects the receiver that keeps answers given before signing in.
        from assessments import receivers  # noqa: F401
