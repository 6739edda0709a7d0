from django.apps import AppConfig

from accounts.personal_data import PersonalData

PHYSIOTHERAPIST = "physiotherapist"


class CareConfig(AppConfig):
    """The physiotherapist's workspace: consented links, caseload, review, adjustments, notes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "care"
    verbose_name = "Care: links, caseload and notes"

    personal_data = (
        PersonalData("care.CareLink", owner="client", export_as="care_links"),
        PersonalData("care.Invitation", owner="accepted_by", export_as="invitations_accepted"),
        PersonalData(
            "care.ClinicalNote",
            owner="client",
            export_as=None,
            why_not="the physiotherapist's professional record, not the client's copy",
            hidden_from_person=True,
        ),
        PersonalData(
            "care.CareLink",
            owner="physiotherapist",
            export_as="caseload_links",
            role=PHYSIOTHERAPIST,
        ),
        PersonalData(
            "care.Invitation",
            owner="physiotherapist",
            export_as="invitations_sent",
            role=PHYSIOTHERAPIST,
        ),
        PersonalData(
            "care.ClinicalNote",
            owner="physiotherapist",
            export_as=None,
            why_not="notes about clients are their clinical record",
            role=PHYSIOTHERAPIST,
        ),
        PersonalData(
            "care.ProgramTemplate",
            owner="physiotherapist",
            export_as="program_templates",
            role=PHYSIOTHERAPIST,
        ),
    )
