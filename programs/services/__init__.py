"""Writes for programs: generation, session logs and check-ins, progression, flags, pausing, the
end of a program, reassessments, messages read and reminders.

Every public function is keyword-only, named ``<thing>_<verb>`` and runs in one transaction.
Clinical decisions come from the pure engine (``programs.engine``); the services store them with
their reasons and apply their effects (a new level, a paused program). Each module holds one
kind of write; this package lists them for callers, who write ``services.program_generate``.
"""

from programs.errors import CurrentProgramExists, ProgramError, ReassessmentNotAllowed
from programs.services.completion import program_complete_if_finished, programs_complete_finished
from programs.services.flags import program_adherence_check, programs_adherence_check
from programs.services.generation import program_generate, strength_days_validate
from programs.services.messages import conversation_mark_read, messages_mark_read
from programs.services.pausing import program_pause, program_resume, program_resume_cleared
from programs.services.reassessments import reassessment_submit
from programs.services.reminders import reminder_send
from programs.services.sessions import (
    CheckInEntry,
    CheckInResult,
    LogEntry,
    LogResult,
    checkin_record,
    session_log_record,
)
from programs.services.summaries import (
    client_summaries_create_missing,
    client_summaries_rebuild,
    client_summaries_refresh,
    client_summaries_refresh_stale,
    client_summary_refresh,
)

__all__ = [
    "CheckInEntry",
    "CheckInResult",
    "CurrentProgramExists",
    "LogEntry",
    "LogResult",
    "ProgramError",
    "ReassessmentNotAllowed",
    "checkin_record",
    "client_summaries_create_missing",
    "client_summaries_rebuild",
    "client_summaries_refresh",
    "client_summaries_refresh_stale",
    "client_summary_refresh",
    "conversation_mark_read",
    "messages_mark_read",
    "program_adherence_check",
    "program_complete_if_finished",
    "program_generate",
    "program_pause",
    "program_resume",
    "program_resume_cleared",
    "programs_adherence_check",
    "programs_complete_finished",
    "reassessment_submit",
    "reminder_send",
    "session_log_record",
    "strength_days_validate",
]
