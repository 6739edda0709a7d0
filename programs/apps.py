from django.apps import AppConfig

from accounts.personal_data import PersonalData
from programs.daily import DailyStep


class ProgramsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "programs"
    verbose_name = "Programs"

    personal_data = (
        PersonalData("programs.Program", owner="client", export_as="programs"),
        PersonalData(
            "programs.ProgramExercise", owner="program__client", export_as="program_exercises"
        ),
        PersonalData(
            "programs.ScheduledSession", owner="program__client", export_as="scheduled_sessions"
        ),
        PersonalData(
            "programs.ExerciseLog", owner="session__program__client", export_as="exercise_logs"
        ),
        PersonalData("programs.CheckIn", owner="session__program__client", export_as="check_ins"),
        PersonalData(
            "programs.ProgressionDecision",
            owner="program_exercise__program__client",
            export_as="progression_decisions",
        ),
        PersonalData("programs.Flag", owner="client", export_as="flags"),
        PersonalData(
            "programs.ProgramChange", owner="program__client", export_as="program_changes"
        ),
        PersonalData("programs.Message", owner="client", export_as="messages_received"),
        PersonalData("programs.ReminderSent", owner="client", export_as="reminders_sent"),
        PersonalData(
            "programs.ClientSummary",
            owner="client",
            export_as=None,
            why_not="a copy of the programs, logs and flags above, kept for the caseload",
        ),
        PersonalData(
            "programs.CaseloadEntry",
            owner="client",
            export_as=None,
            why_not="the caseload's order of the summary above and the name, a copy",
        ),
        PersonalData(
            "programs.CaseloadEntry",
            owner="physio",
            export_as=None,
            why_not="the order of the physiotherapist's caseload, a copy of their clients' data",
            role="physiotherapist",
        ),
        PersonalData(
            "programs.Message",
            owner="physiotherapist",
            export_as="messages_sent",
            role="physiotherapist",
        ),
    )

    # The caseload entries sort clients by name (``accounts.services.name_followers``).
    account_name_followers = ("programs.services.summaries.account_name_changed",)

    # The daily job (``manage.py run_daily``), step by step, each run on batches of the current
    # programs (see ``programs.daily``). Another app adds a step with its own ``daily_steps``.
    daily_steps = (
        DailyStep(
            "programs_complete",
            run="programs.daily.steps.programs_complete",
            summary="Completed {completed} program(s) that ended before {day}.",
        ),
        DailyStep(
            "adherence_check",
            run="programs.daily.steps.adherence_check",
            summary=(
                "Checked adherence of {checked} active program(s); {below} below the threshold."
            ),
        ),
        DailyStep(
            "reminders_send",
            run="programs.daily.steps.reminders_send",
            summary="Sent {sent} reminder(s) for {day}.",
            dry_run_summary="{would_remind} reminder(s) for {day} (dry run).",
        ),
        DailyStep(
            "client_summaries_refresh",
            run="programs.daily.steps.client_summaries_refresh",
            over="programs.daily.steps.clients",
            summary="Refreshed the caseload summary of {refreshed} client(s).",
        ),
    )

    def ready(self) -> None:
        # Registers the system check that validates the rules and exercise library data files.
        from programs import checks  # noqa: F401
