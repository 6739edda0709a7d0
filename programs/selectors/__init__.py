"""Reads for the client's program pages.

Every selector takes the requesting user: an object that is not theirs is simply not found
(404). The number of queries of each page is fixed; it does not grow with the length of the
history. No selector writes, and none imports a service: rules both sides apply are in
``programs.policy``. Each module reads for one part of the product; this package lists them for
callers, who write ``selectors.today_page``.
"""

from programs.selectors.cards import ExerciseCard, exercise_card, exercise_cards
from programs.selectors.days import (
    DayStatus,
    SessionPage,
    checkin_existing,
    session_for,
    session_outcomes,
    session_page,
    week_at_a_glance,
)
from programs.selectors.flags import (
    flags_for,
    flags_page,
    open_flags_for,
    pause_warning_signs,
)
from programs.selectors.outcomes import GoalTrends, Outcomes, goal_trends, program_outcomes
from programs.selectors.printable import (
    PrintableProgram,
    printable_program,
    printable_program_for,
)
from programs.selectors.programs import (
    EarlierProgram,
    assessment_for_start,
    client_program_for,
    earlier_programs,
    evaluation_of,
    program_current_or_404,
    program_last_day,
    program_reassessment_dates,
    sessions_per_week_of,
    strength_days_for,
)
from programs.selectors.progress import ProgressSummary, function_score, program_progress
from programs.selectors.reassessments import (
    baseline_goal_activities,
    reassessment_due,
    reassessment_flags,
    reassessment_for,
    stored_comparison,
)
from programs.selectors.reminders import programs_to_remind
from programs.selectors.today import CompletedProgram, TodayPage, completed_program, today_page

__all__ = [
    "CompletedProgram",
    "DayStatus",
    "EarlierProgram",
    "ExerciseCard",
    "PrintableProgram",
    "Outcomes",
    "ProgressSummary",
    "SessionPage",
    "TodayPage",
    "assessment_for_start",
    "checkin_existing",
    "client_program_for",
    "completed_program",
    "earlier_programs",
    "evaluation_of",
    "exercise_card",
    "exercise_cards",
    "flags_for",
    "flags_page",
    "function_score",
    "open_flags_for",
    "pause_warning_signs",
    "program_current_or_404",
    "program_last_day",
    "program_outcomes",
    "goal_trends",
    "GoalTrends",
    "program_progress",
    "printable_program",
    "printable_program_for",
    "program_reassessment_dates",
    "programs_to_remind",
    "baseline_goal_activities",
    "reassessment_due",
    "reassessment_flags",
    "reassessment_for",
    "session_for",
    "session_outcomes",
    "session_page",
    "sessions_per_week_of",
    "stored_comparison",
    "strength_days_for",
    "today_page",
    "week_at_a_glance",
]
