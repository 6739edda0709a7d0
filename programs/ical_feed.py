"""The client's private calendar feed (iCalendar).

Calendar apps cannot log in, so the feed URL itself is the secret: it carries
``User.calendar_token`` (``accounts``), and regenerating the token revokes every copy of the old
URL at once.
The feed holds only what a calendar needs (which day, strength day or daily exercises, exercise
names, reassessment dates): no pain scores, notes or flags.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from accounts.models import User
from assessments.presentation import exercise_name
from programs import scheduling
from programs.models import Program, ProgramExercise, ScheduledSession
from programs.policy import session_exercises

PRODID = "-//valgus//Knee program calendar//EN"
STRENGTH_SUMMARY = "Knee program: strength day"
DAILY_SUMMARY = "Knee program: daily exercises"


def _site_link(name: str) -> str:
    return f"{settings.SITE_URL}{reverse(name)}"


def _exercise_line(exercise: ProgramExercise) -> str:
    return f"- {exercise_name(exercise.code)} (level {exercise.level})"


def _all_day_event(*, uid: str, day: date, summary: str, description: str, stamp: datetime):
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def _programs_for_feed(user: User):
    """Current programs with their active exercises and sessions: three queries in all."""
    return (
        Program.objects.current()
        .filter(client=user)
        .prefetch_related(
            Prefetch(
                "exercises",
                queryset=ProgramExercise.objects.filter(active=True).order_by("order", "id"),
                to_attr="active_exercises",
            ),
            Prefetch(
                "sessions", queryset=ScheduledSession.objects.order_by("date"), to_attr="days"
            ),
        )
        .order_by("start_date")
    )


def calendar_feed_ical(user: User) -> bytes:
    """The user's program as an iCalendar file: one all-day event per session, one per
    reassessment date.

    Each event's UID is stable, so calendar apps update events in place when the program changes
    instead of duplicating them. The exercise list shows the current level of each exercise.
    """
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Knee program")
    stamp = timezone.now().replace(microsecond=0)
    today_url = _site_link("programs:today")
    reassess_url = _site_link("programs:reassess")

    for program in _programs_for_feed(user):
        paused = program.status == Program.Status.PAUSED
        for session in program.days:
            exercises = session_exercises(session, program.active_exercises)
            lines = [f"Week {session.week} of {program.weeks}."]
            if paused:
                lines.append("Your program is paused: check the app before exercising.")
            lines.extend(_exercise_line(exercise) for exercise in exercises)
            lines.append(f"Log it: {today_url}")
            cal.add_component(
                _all_day_event(
                    uid=f"session-{session.pk}@valgus",
                    day=session.date,
                    summary=STRENGTH_SUMMARY if session.is_strength_day else DAILY_SUMMARY,
                    description="\n".join(lines),
                    stamp=stamp,
                )
            )
        for week, day in scheduling.reassessment_dates(program.start_date, program.weeks):
            lines = [
                f"End of week {week}: a short reassessment (pain, the squat and hip tests, "
                "daily activities) to compare with your start."
            ]
            lines.append(f"Start it: {reassess_url}")
            cal.add_component(
                _all_day_event(
                    uid=f"reassessment-{program.pk}-week{week}@valgus",
                    day=day,
                    summary=f"Knee program: reassessment (week {week})",
                    description="\n".join(lines),
                    stamp=stamp,
                )
            )
    return cal.to_ical()
