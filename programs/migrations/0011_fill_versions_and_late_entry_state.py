"""Existing rows under the new fields.

- Flags and progression decisions take the rules version of their program's assessment (the
  rules the program was built with), and the session date they answer.
- A session pain flag names its exercise and session (read from the key that identifies its
  cause, ``session:<session id>:<exercise>:<rule>``).
- An acknowledgement note written before the choice existed was shown to the client: it stays
  shown.
- Each exercise remembers the sessions whose regress trigger already stepped it down, and the
  newest session when its level last changed, so that the first late entry after this migration
  never steps an exercise down again for a session already acted on.
"""

from django.db import migrations

TRIGGER_RULES = {"PRG-REGRESS-PAIN", "PRG-REGRESS-MORNING", "PRG-REGRESS-UNFINISHED", "PRG-FLOOR"}


def fill(apps, schema_editor):
    Flag = apps.get_model("programs", "Flag")
    Decision = apps.get_model("programs", "ProgressionDecision")
    Exercise = apps.get_model("programs", "ProgramExercise")
    Session = apps.get_model("programs", "ScheduledSession")

    for flag in Flag.objects.select_related("program__assessment").iterator():
        changed = []
        if flag.program_id and not flag.rules_version:
            flag.rules_version = flag.program.assessment.rules_version
            changed.append("rules_version")
        if flag.acknowledgement_note and not flag.acknowledgement_shared:
            flag.acknowledgement_shared = True
            changed.append("acknowledgement_shared")
        parts = flag.dedupe_key.split(":")
        if parts[0] == "session" and len(parts) == 4 and parts[1].isdigit():
            session = Session.objects.filter(pk=int(parts[1])).first()
            if session is not None:
                flag.session_date = session.date
                flag.exercise_code = parts[2]
                changed += ["session_date", "exercise_code"]
        if changed:
            flag.save(update_fields=changed)

    for decision in Decision.objects.select_related(
        "program_exercise__program__assessment", "exercise_log__session"
    ).iterator():
        decision.rules_version = decision.program_exercise.program.assessment.rules_version
        if decision.exercise_log_id:
            decision.session_date = decision.exercise_log.session.date
        decision.save(update_fields=["rules_version", "session_date"])

    for exercise in Exercise.objects.iterator():
        decisions = Decision.objects.filter(
            program_exercise=exercise, session_date__isnull=False
        )
        regressed = sorted(
            {d.session_date.isoformat() for d in decisions if d.rule in TRIGGER_RULES}
        )
        moved = [
            d.session_date
            for d in decisions
            if d.from_level != d.to_level or d.rule in TRIGGER_RULES
        ]
        exercise.regressed_sessions = regressed
        exercise.level_since = max(moved) if moved else None
        exercise.save(update_fields=["regressed_sessions", "level_since"])


class Migration(migrations.Migration):
    dependencies = [("programs", "0010_late_entries_versions_flag_notes")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
