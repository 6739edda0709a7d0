"""Demo data: a physiotherapist and linked clients in varied, realistic states.

Everything goes through the same services the app uses (assessment submission, program
generation, session logs, check-ins, progression and flags), so what the demo shows is what the
rules do. Idempotent: running it again resets the demo passwords and leaves existing demo data
alone; a demo client whose program is missing gets a fresh one.

The services stamp what they create with the moment they run, so right after each step the demo
dates what that step created at the moment it stands for: a session's log and decisions on the
evening of that session, a check-in and what it changed on the next morning, messages and notes
on their own days. Demo data only: the app never back-dates anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any, TypeVar

from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Max, Model
from django.utils import timezone

from accounts.care_events import CareEvent
from accounts.consent import consent_for, consent_record
from accounts.models import User
from accounts.two_factor_devices import base32_secret, totp_device_ensure
from assessments.models import Assessment, Clearance
from assessments.services import assessment_record_clearance, assessment_submit
from care.models import CareLink, ClinicalNote, Invitation
from care.services import conversations, linking, notes
from care.services.flags import flag_acknowledge, flag_resolve
from care.services.program_templates import program_template_save
from demo.answers import TYPICAL_ANSWERS
from programs import services
from programs.models import (
    CheckIn,
    ExerciseLog,
    Flag,
    Message,
    Program,
    ProgramChange,
    ProgressionDecision,
    ScheduledSession,
)
from programs.policy import prescribed_dose, session_exercises

T = TypeVar("T")

PHYSIO = ("physio", "valgus-demo-physio", "Sam", "Okafor")
CLIENT_PASSWORD = "valgus-demo-client"
# The demo physiotherapist's authenticator secret (hex; printed in base32). Demo data only.
DEMO_TOTP_KEY = "76616c6775732d64656d6f2d70687973696f2121"

# The typical client of the tests, who also finds squatting hard.
BASE_ANSWERS: dict[str, Any] = {
    **TYPICAL_ANSWERS,
    "pain_aggravators": ["stairs", "squatting"],
    "difficulty_stairs": 2,
    "difficulty_squatting": 2,
}


@dataclass
class DemoClient:
    username: str
    first_name: str
    last_name: str
    story: str
    answers: dict[str, Any] = field(default_factory=dict)
    # Days (counted back from today) on which sessions are logged, with pain during.
    logs: dict[int, int] = field(default_factory=dict)
    # Morning check-in after the session logged this many days ago (extra signs).
    checkin_signs: dict[int, dict[str, Any]] = field(default_factory=dict)
    # From the physiotherapist: (days ago, hour, text), oldest first.
    messages: list[tuple[int, int, str]] = field(default_factory=list)
    # From the client, answering: (days ago, hour, text).
    replies: list[tuple[int, int, str]] = field(default_factory=list)
    notes: list[tuple[int, int, str]] = field(default_factory=list)
    # The physiotherapist acknowledges the flag raised at the assessment:
    # (days ago, hour, note, whether the client reads the note).
    acknowledged: tuple[int, int, str, bool] | None = None
    # Or resolves it, the referral being dealt with: (days ago, hour, note, whether shared).
    resolved: tuple[int, int, str, bool] | None = None
    # A reassessment taken during the program: (days ago, hour, program week, answers).
    reassessed: tuple[int, int, int, dict[str, Any]] | None = None
    password: str = CLIENT_PASSWORD
    # False: linked, but no self-assessment yet (to assess in clinic).
    assessed: bool = True
    # A self-assessment that withheld the program, released by a clinician's clearance:
    # (days ago they were seen, the clinician's name, their role). The client records it that
    # evening and the program starts the next day.
    clearance: tuple[int, str, str] | None = None


def _every_day(first: int, last: int, pain: int, skip: tuple[int, ...] = ()) -> dict[int, int]:
    return {ago: pain for ago in range(first, last - 1, -1) if ago not in skip}


def at(day: date, hour: int) -> datetime:
    """A moment on ``day`` in local time, never later than now."""
    moment = timezone.make_aware(datetime.combine(day, time(hour)))
    return min(moment, timezone.now())


# What a demo step may create for a client: the model and the path to its client.
DATED_MODELS: tuple[tuple[type[Model], str], ...] = (
    (ProgressionDecision, "program_exercise__program__client"),
    (Flag, "client"),
    (ProgramChange, "program__client"),
    (Program, "client"),
    (Message, "client"),
    (ClinicalNote, "client"),
    (CareEvent, "client"),
    (ExerciseLog, "session__program__client"),
    (CheckIn, "session__program__client"),
    (Clearance, "client"),
)


def dated(client: User, moment: datetime, step: Callable[[], T]) -> T:
    """Run one demo step, then date what it created or changed for ``client`` at ``moment``.

    The services stamp the load time; the demo history needs the day it tells of. New rows are
    found by their ids, so the clock's resolution does not matter.
    """
    since = timezone.now()
    moment = min(moment, since)
    newest = {model: model.objects.aggregate(pk=Max("pk"))["pk"] or 0 for model, _ in DATED_MODELS}
    newest_invitation = Invitation.objects.aggregate(pk=Max("pk"))["pk"] or 0
    newest_link = CareLink.objects.aggregate(pk=Max("pk"))["pk"] or 0
    result = step()
    for model, path in DATED_MODELS:
        model.objects.filter(**{path: client, "pk__gt": newest[model]}).update(created_at=moment)
    for model in (ExerciseLog, CheckIn):
        model.objects.filter(session__program__client=client, updated_at__gte=since).update(
            updated_at=moment
        )
    Program.objects.filter(client=client, paused_at__gte=since).update(paused_at=moment)
    Invitation.objects.filter(accepted_by=client, pk__gt=newest_invitation).update(
        created_at=moment - timedelta(hours=1),
        expires_at=moment - timedelta(hours=1) + timedelta(days=7),
        accepted_at=moment,
    )
    CareLink.objects.filter(client=client, pk__gt=newest_link).update(consented_at=moment)
    return result


CLIENTS = [
    DemoClient(
        "client",
        "Alex",
        "Morgan",
        "three weeks in, progressing, severe pain last week flagged for a physiotherapist",
        answers={
            "pain_worst_week": 7,
            # Her own goals (Patient-Specific Functional Scale), in her words.
            "goal_activities": [
                {"activity": "Running 5 km with my club", "score": 3},
                {"activity": "Taking the stairs at work without the handrail", "score": 5},
                {"activity": "Kneeling to play with my kids", "score": 2},
            ],
        },
        logs={ago: 2 if ago % 3 else 4 for ago in range(20, 0, -1) if ago not in (15, 11, 6)},
        # A look at how she compares with her start, in week 3: the same goals scored again.
        reassessed=(
            2,
            20,
            3,
            {
                "pain_now": 2,
                "pain_worst_week": 5,
                "single_leg_squat_left": "slight",
                "single_leg_squat_right": "none",
                "squat_knees_cave": "slight",
                "hip_drop_left": True,
                "hip_drop_right": False,
                "difficulty_stairs": 1,
                "difficulty_squatting": 2,
                "goal_activities": [
                    {"activity": "Running 5 km with my club", "score": 5},
                    {"activity": "Taking the stairs at work without the handrail", "score": 8},
                    {"activity": "Kneeling to play with my kids", "score": 4},
                ],
                "global_rating_of_change": "better",
            },
        ),
        notes=[
            (21, 10, "Worst pain 7/10 at baseline; started at level 1. Review at week 6."),
            (9, 17, "Steady progress, pain settling by the morning. Keep the plan."),
        ],
        acknowledged=(
            21,
            10,
            "Seen in clinic: no sign of damage. Carry on with the program and tell me if the "
            "pain passes 7/10 again.",
            True,
        ),
        messages=[
            (13, 9, "Good steady work so far. Tell me if the stairs get harder."),
            (5, 12, "Nice to see the clamshells moving up. Keep the knee over the middle toes."),
        ],
    ),
    DemoClient(
        "demo_priya",
        "Priya",
        "Shah",
        "pain 8/10 during a session yesterday: flagged, that exercise regressed",
        logs={**_every_day(16, 2, 4), 1: 8},
        messages=[
            (
                0,
                9,
                "Sorry the clamshells hurt yesterday. Let's ease off this week; tell me how "
                "the knee feels on Friday.",
            ),
        ],
        replies=[
            (0, 11, "Thanks. It is sore on the stairs this morning but better than yesterday.")
        ],
    ),
    DemoClient(
        "demo_tom",
        "Tom",
        "Becker",
        "knee gave way: program paused, orthopaedic review within 2 weeks",
        logs=_every_day(14, 3, 4),
        checkin_signs={3: {"giving_way": True}},
        notes=[
            (
                2,
                11,
                "Knee gave way on the check-in. Phoned Tom: booked with the orthopaedic "
                "clinic; program stays paused until he is seen.",
            ),
        ],
    ),
    DemoClient(
        "demo_lena",
        "Lena",
        "Fischer",
        "low adherence: 3 sessions in the last 14 days",
        logs={18: 1, 17: 1, 16: 2, 12: 1, 7: 2, 2: 1},
    ),
    DemoClient(
        "demo_omar",
        "Omar",
        "Haddad",
        "doing well: every session logged, levels going up",
        answers={"activity_level": "vigorous", "pain_now": 1, "pain_worst_week": 3},
        logs=_every_day(20, 0, 0),
    ),
    DemoClient(
        "demo_maria",
        "Maria",
        "Lopez",
        "knee gave way: program withheld until an orthopaedic specialist cleared her, two weeks in",
        answers={"giving_way": True},
        clearance=(17, "Mr Daniel Reyes", Clearance.Role.ORTHOPEDIC_SPECIALIST),
        logs=_every_day(16, 1, 2, skip=(12, 5)),
    ),
    DemoClient(
        "demo_noah",
        "Noah",
        "Clarke",
        "new: linked, no self-assessment yet, to assess in clinic",
        assessed=False,
    ),
]


class Command(BaseCommand):
    help = "Load demo accounts: a physiotherapist and seven linked clients in varied states."

    def handle(self, *args, **options):
        today = timezone.localdate()
        physio_user = self._user(*PHYSIO, role=User.Role.PHYSIOTHERAPIST)
        # Physiotherapists log in with a code from an authenticator app as well: the demo one's
        # is set up with a fixed, published secret so anyone trying the demo can add it.
        device = totp_device_ensure(user=physio_user, key=DEMO_TOTP_KEY)
        for demo in CLIENTS:
            with transaction.atomic():
                self._client(demo, physio_user, today)
        self._template(physio_user)
        self.stdout.write(self.style.SUCCESS("Demo data ready. Logins:"))
        self.stdout.write(f"  physiotherapist: {PHYSIO[0]} / {PHYSIO[1]}")
        self.stdout.write(
            f"    then a code from an authenticator app with the key {base32_secret(device)}\n"
            f"    ({device.config_url}),\n"
            f"    or print the current one: python manage.py totp_code {PHYSIO[0]}"
        )
        for demo in CLIENTS:
            self.stdout.write(f"  client: {demo.username} / {demo.password}  ({demo.story})")

    def _template(self, physio_user: User) -> None:
        """A program template of the physiotherapist's, saved from Omar's program."""
        program = Program.objects.current_for(User.objects.get(username="demo_omar"))
        name = "Hip control, band at home"
        if program is not None and not physio_user.program_templates.filter(name=name).exists():
            program_template_save(physio=physio_user, program=program, name=name)

    def _user(self, username, password, first_name, last_name, *, role) -> User:
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@demo.valgus.invalid",
                "role": role,
            },
        )
        user.set_password(password)
        user.save(update_fields=["password"])
        return user

    def _client(self, demo: DemoClient, physio_user: User, today: date) -> None:
        user = self._user(
            demo.username, demo.password, demo.first_name, demo.last_name, role=User.Role.CLIENT
        )
        # Demo clients stand for people who ticked the consent box when they signed up.
        if consent_for(user) is None:
            consent_record(user=user)
        if not CareLink.objects.filter(
            client=user, physiotherapist=physio_user, ended_at__isnull=True
        ).exists():
            # Linked before the self-assessment, a few days before the program started.
            dated(
                user,
                at(today - timedelta(days=23), 16),
                lambda: linking.invitation_accept(
                    code=linking.invitation_create(physiotherapist=physio_user).code, client=user
                ),
            )
        if not demo.assessed or Program.objects.filter(client=user).exists():
            return
        start = today - timedelta(days=21)
        submitted = at(today - timedelta(days=22), 19)
        assessment = Assessment.objects.create(
            owner=user,
            kind=Assessment.Kind.BASELINE,
            answers={**BASE_ANSWERS, **demo.answers},
        )
        assessment = dated(user, submitted, lambda: assessment_submit(assessment=assessment))
        Assessment.objects.filter(pk=assessment.pk).update(
            created_at=submitted - timedelta(minutes=14),
            updated_at=submitted,
            submitted_at=submitted,
        )
        generated = submitted + timedelta(minutes=5)
        if demo.clearance is not None:
            seen_ago, clinician_name, clinician_role = demo.clearance
            seen_on = today - timedelta(days=seen_ago)
            recorded = at(seen_on, 19)
            assessment = dated(
                user,
                recorded,
                partial(
                    assessment_record_clearance,
                    assessment=assessment,
                    user=user,
                    clinician_name=clinician_name,
                    clinician_role=clinician_role,
                    seen_on=seen_on,
                    confirmed=True,
                    today=seen_on,
                ),
            )
            Assessment.objects.filter(pk=assessment.pk).update(cleared_at=recorded)
            start, generated = seen_on + timedelta(days=1), recorded + timedelta(minutes=5)
        program = dated(
            user,
            generated,
            lambda: services.program_generate(client=user, assessment=assessment, start_date=start),
        )
        for ago, pain in sorted(demo.logs.items(), reverse=True):
            day = today - timedelta(days=ago)
            session = ScheduledSession.objects.filter(program=program, date=day).first()
            program.refresh_from_db()
            if session is None or program.status != Program.Status.ACTIVE:
                continue
            dated(user, at(day, 18), partial(self._log, program, session, pain=pain, day=day))
            if ago > 0:
                signs = demo.checkin_signs.get(ago, {})
                entry = services.CheckInEntry(
                    pain_now=program.baseline_pain_now + (1 if pain >= 5 else 0), **signs
                )
                dated(
                    user,
                    at(day + timedelta(days=1), 8),
                    partial(
                        services.checkin_record,
                        client=user,
                        session=session,
                        entry=entry,
                        today=day + timedelta(days=1),
                    ),
                )
        program.refresh_from_db()
        if program.status == Program.Status.ACTIVE:
            services.program_adherence_check(program=program, today=today)
        if demo.reassessed is not None and program.status == Program.Status.ACTIVE:
            ago, hour, week, answers = demo.reassessed
            day = today - timedelta(days=ago)
            moment = at(day, hour)
            reassessment = dated(
                user,
                moment,
                partial(
                    services.reassessment_submit,
                    client=user,
                    program=program,
                    answers=answers,
                    week=week,
                    today=day,
                ),
            )
            Assessment.objects.filter(pk=reassessment.pk).update(
                created_at=moment, updated_at=moment, submitted_at=moment
            )
        if demo.acknowledged is not None:
            ago, hour, note, shared = demo.acknowledged
            moment = at(today - timedelta(days=ago), hour)
            for flag in Flag.objects.filter(client=user, source="assessment", status="open"):
                dated(
                    user,
                    moment,
                    partial(
                        flag_acknowledge, flag=flag, actor=physio_user, note=note, shared=shared
                    ),
                )
                Flag.objects.filter(pk=flag.pk).update(acknowledged_at=moment)
        if demo.resolved is not None:
            ago, hour, note, shared = demo.resolved
            moment = at(today - timedelta(days=ago), hour)
            for flag in Flag.objects.filter(client=user, source="assessment", status="open"):
                dated(
                    user,
                    moment,
                    partial(flag_resolve, flag=flag, actor=physio_user, note=note, shared=shared),
                )
                Flag.objects.filter(pk=flag.pk).update(resolved_at=moment)
        for ago, hour, body in demo.notes:
            dated(
                user,
                at(today - timedelta(days=ago), hour),
                partial(notes.clinical_note_add, physio=physio_user, client=user, body=body),
            )
        for ago, hour, body in demo.messages:
            dated(
                user,
                at(today - timedelta(days=ago), hour),
                partial(conversations.message_send, physio=physio_user, client=user, body=body),
            )
        for ago, hour, body in demo.replies:
            dated(
                user,
                at(today - timedelta(days=ago), hour),
                partial(conversations.message_reply, client=user, physio=physio_user, body=body),
            )

    def _log(self, program: Program, session: ScheduledSession, *, pain: int, day: date) -> None:
        entries = []
        exercises = session_exercises(session, program.exercises.all())
        for index, exercise in enumerate(exercises):
            dose = prescribed_dose(exercise)
            # Only the first exercise of the session carries a high pain score.
            pain_here = pain if index == 0 or pain < 5 else 2
            entries.append(
                services.LogEntry(
                    code=exercise.code,
                    sets_done=dose.sets,
                    reps_done=dose.reps,
                    hold_seconds_done=None if dose.reps else dose.hold_seconds,
                    pain_during=pain_here,
                    difficulty="moderate" if pain_here >= 3 else "easy",
                    band_or_load="light band" if exercise.code.startswith("banded") else "",
                )
            )
        services.session_log_record(
            client=program.client, session=session, entries=entries, today=day
        )
