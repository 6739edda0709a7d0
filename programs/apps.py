from django.apps import AppConfig

from accounts.personal_data import PersonalData


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
            "programs.Message",
            owner="physiotherapist",
            export_as="messages_sent",
            role="physiotherapist",
        ),
    )

    def ready(self) -> None:
        # Registers the system check that validates the rules and exercise library data files.
        from programs import checks  # noqa: F401
