from django.apps import AppConfig

from accounts.personal_data import PersonalData
from programs.daily import DailyStep

PHYSIOTHERAPIST = "physiotherapist"
_SENT = "a record that an email was sent, kept so that none is sent twice"


class CareConfig(AppConfig):
    """The physiotherapist's workspace: consented links, caseload, review, adjustments, notes."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "care"
    verbose_name = "Care: links, caseload and notes"

    # The physiotherapists' daily digest of their clients' care events (``care.daily``).
    daily_steps = (
        DailyStep(
            "physiotherapist_digests",
            run="care.daily.digests_send",
            over="programs.daily.job.physiotherapists",
            summary="Sent {sent} digest(s) to physiotherapists.",
            dry_run_summary="{would_digest} digest(s) to physiotherapists (dry run).",
        ),
    )

    personal_data = (
        PersonalData("care.CareLink", owner="client", export_as="care_links"),
        PersonalData("care.Invitation", owner="accepted_by", export_as="invitations_accepted"),
        # A clinician must keep their clinical records: deleting the client's account leaves the
        # notes with the physiotherapist, unlinked from it, naming the client only as written in
        # their header (``client_display_name``).
        PersonalData(
            "care.ClinicalNote",
            owner="client",
            export_as=None,
            why_not="the physiotherapist's professional record, not the client's copy",
            hidden_from_person=True,
            kept_for="physiotherapist",
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
            "care.NotificationPreferences",
            owner="physiotherapist",
            export_as="notification_preferences",
            role=PHYSIOTHERAPIST,
        ),
        PersonalData(
            "care.NotificationSent",
            owner="physiotherapist",
            export_as=None,
            why_not=_SENT,
            role=PHYSIOTHERAPIST,
        ),
        PersonalData(
            "care.DigestSent",
            owner="physiotherapist",
            export_as=None,
            why_not=_SENT,
            role=PHYSIOTHERAPIST,
        ),
        PersonalData(
            "care.ProgramTemplate",
            owner="physiotherapist",
            export_as="program_templates",
            role=PHYSIOTHERAPIST,
        ),
    )

    def ready(self) -> None:
        # Connects the receiver that emails a care event at once to those who chose so.
        from care import receivers  # noqa: F401
