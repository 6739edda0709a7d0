"""The one module of the benchmark that names the app's models and services.

The seeding reaches the app only through these names, so when a model or a service moves to
another app (its table kept), only the imports below change.
"""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.consent import HealthDataConsent, consent_record
from accounts.models import User
from assessments.models import Assessment
from assessments.services import assessment_submit
from care.models import CareLink, ClinicalNote
from demo.answers import TYPICAL_ANSWERS
from programs.models import (
    CaseloadEntry,
    CheckIn,
    ClientSummary,
    ExerciseLog,
    Flag,
    Message,
    Program,
    ProgramChange,
    ProgramExercise,
    ProgressionDecision,
    ReminderSent,
    ScheduledSession,
)
from programs.policy import prescribed_dose, session_exercises
from programs.services import (
    CheckInEntry,
    LogEntry,
    ProgramError,
    checkin_record,
    client_summaries_rebuild,
    program_adherence_check,
    program_generate,
    reassessment_submit,
    session_log_record,
)
from programs.services.summaries import caseload_entries_add

# A client's records with the path from each to the client, parents first: what is copied from
# one simulated client to many. Reassessments are assessments too.
CLIENT_RECORDS = (
    (HealthDataConsent, "user"),
    (Assessment, "owner"),
    (Program, "client"),
    (ProgramExercise, "program__client"),
    (ScheduledSession, "program__client"),
    (ExerciseLog, "session__program__client"),
    (CheckIn, "session__program__client"),
    (ProgressionDecision, "program_exercise__program__client"),
    (Flag, "client"),
    (ProgramChange, "program__client"),
)
# Everything the seed writes, for resetting id sequences and counting.
SEEDED_MODELS = (
    User,
    CareLink,
    *(model for model, _ in CLIENT_RECORDS),
    Message,
    ClinicalNote,
    ReminderSent,
    TOTPDevice,
    ClientSummary,
    CaseloadEntry,
)

__all__ = [
    "CLIENT_RECORDS",
    "SEEDED_MODELS",
    "TYPICAL_ANSWERS",
    "Assessment",
    "CareLink",
    "CaseloadEntry",
    "CheckIn",
    "CheckInEntry",
    "ClientSummary",
    "ClinicalNote",
    "HealthDataConsent",
    "ExerciseLog",
    "Flag",
    "LogEntry",
    "Message",
    "Program",
    "ProgramChange",
    "ProgramError",
    "ProgramExercise",
    "ProgressionDecision",
    "ReminderSent",
    "ScheduledSession",
    "TOTPDevice",
    "User",
    "assessment_submit",
    "checkin_record",
    "caseload_entries_add",
    "client_summaries_rebuild",
    "consent_record",
    "prescribed_dose",
    "program_adherence_check",
    "program_generate",
    "reassessment_submit",
    "session_exercises",
    "session_log_record",
]
