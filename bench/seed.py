"""Seed a database with many clients, each with weeks of history, in minutes.

How: a few *stories* (steady, a pain flare, patchy adherence, a warning sign that pauses the
program, a client who stopped, a second prescription) are first lived day by day by one
simulated client each, through the app's own services (assessment, program generation, session
logs, check-ins, the adherence check, the week-6 reassessment) with the clock set to each moment,
so every decision, flag and level is what the rules make of that history. Those rows are read
back, the simulation is rolled back, and each story is copied to as many clients as asked with
fresh ids (COPY on PostgreSQL), so 100,000 clients cost little more than writing their rows.

Each cohort's programs start on the same day, so that today is the last day of its history: a
cohort with 12 weeks of logs is on the final day of its 12-week program, one with 2 weeks on the
last day of week 2. Linked cohorts also get care links, messages, a clinical note and flags that
their physiotherapist has acknowledged or resolved.

Seeding writes into an empty database (or empties it first with ``flush``); it never changes
accounts it did not create.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from time import perf_counter
from typing import Any

import time_machine
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Field, Model
from django.utils import timezone

from bench import app, rows

PASSWORD = "valgus-bench-password"
# The physiotherapists' authenticator secret (hex, as django-otp stores it), for bench/login.py.
# Their codes change every second rather than every 30: a code is accepted once, and the
# benchmark opens eight sessions of one physiotherapist within seconds.
TOTP_KEY = "76616c6775732d62656e63682d746f74702d6b6579"
TOTP_STEP = 1
CHUNK = 2000  # clients written per transaction

FIRST_NAMES = (
    "Alex Amira Ben Carla Chen Dana Eli Erin Farah Gus Hana Ivan Jade Jon Kai Lara Leo Mia Nia "
    "Omar Pia Quinn Rosa Sam Tara Uma Vic Wren Yara Zoe Ada Bram Cleo Dev Ema Finn Gia Hugo Ines "
    "Jack"
).split()
LAST_NAMES = (
    "Abbott Baker Costa Dias Evans Fischer Garcia Haddad Ito Jensen Kaur Lopez Moreau Novak "
    "Okafor Patel Quist Rossi Shah Tanaka Ueda Varga Walsh Xu Young Zimmer Ahmed Brown Clarke "
    "Dubois Eze Ferri Gruber Hill Ibsen Jones Kim Lind Murphy Nagy"
).split()
MESSAGES = (
    "Good steady work so far. Tell me if the stairs get harder.",
    "Nice to see the levels moving up. Keep the knee over the middle toes.",
    "Sorry the session hurt. Ease off this week and tell me how the knee feels on Friday.",
)
NOTES = (
    "Baseline pain moderate; started at the prescribed levels. Review at week 6.",
    "Steady progress, pain settling by the morning. Keep the plan.",
)

# --- stories ----------------------------------------------------------------------------------

ANSWERS_TYPICAL: dict[str, Any] = {
    **app.TYPICAL_ANSWERS,
    "pain_aggravators": ["stairs", "squatting"],
    "difficulty_stairs": 2,
    "difficulty_squatting": 2,
}
ANSWERS_ACTIVE: dict[str, Any] = {
    **app.TYPICAL_ANSWERS,
    "activity_level": "vigorous",
    "side": "both",
    "single_leg_squat_right": "slight",
    "hip_drop_right": True,
    "pain_now": 1,
    "pain_worst_week": 3,
    "sessions_per_week": 4,
    "equipment": ["band_light", "band_medium", "dumbbell"],
}
# Worse pain at the start: the assessment raises a physiotherapist referral.
ANSWERS_SORE: dict[str, Any] = {
    **app.TYPICAL_ANSWERS,
    "pain_now": 3,
    "pain_worst_week": 7,
    "sessions_per_week": 2,
    "adductor_tight": True,
}
REASSESSMENT_ANSWERS: dict[str, Any] = {
    "pain_now": 1,
    "pain_worst_week": 2,
    "single_leg_squat_left": "none",
    "single_leg_squat_right": "none",
    "squat_knees_cave": "none",
    "hip_drop_left": False,
    "hip_drop_right": False,
    "global_rating_of_change": "better",
    "difficulty_stairs": 1,
    "difficulty_squatting": 1,
}
REASSESSMENT_DAY = 41  # the last day of week 6


@dataclass(frozen=True, eq=False)
class Story:
    """What one client does, day by day; ``last`` is today's index (nothing is logged today)."""

    name: str
    answers: dict[str, Any]
    # Pain during the first exercise of the session on day ``day``, or None for not logged.
    pain: Callable[[int, int], int | None]
    # Warning signs reported at the check-in the morning after day ``day``.
    signs: Callable[[int, int], dict[str, bool]] = lambda day, last: {}


STORIES: tuple[Story, ...] = (
    Story("steady", ANSWERS_TYPICAL, lambda day, last: 2 if day % 4 == 3 else 1),
    # Three sore days (always a strength day among them): flagged, stepped down.
    Story("flare", ANSWERS_TYPICAL, lambda day, last: 8 if last - 5 <= day <= last - 3 else 1),
    Story("patchy", ANSWERS_SORE, lambda day, last: 3 if day % 7 in (1, 4) else None),
    Story("active", ANSWERS_ACTIVE, lambda day, last: 1),
    Story(
        "paused",
        ANSWERS_ACTIVE,
        lambda day, last: 2,
        signs=lambda day, last: {"giving_way": True} if day == last - 5 else {},
    ),
    Story("stopped", ANSWERS_SORE, lambda day, last: 2 if day < last - 10 else None),
)
STEADY = STORIES[0]


@dataclass(frozen=True)
class Cohort:
    """``clients`` clients with ``weeks`` weeks of history, linked to ``physio`` when given."""

    name: str
    clients: int
    weeks: int
    physio: str | None = None

    def username(self, index: int) -> str:
        return f"bench_{self.name}_{index:06d}"

    def story(self, index: int) -> Story:
        return STORIES[index % len(STORIES)]


# The composition measured by `make bench`: the pages' caseload of 200, a 10-client caseload as
# the reference for the 1,000-client ones, and 1,000 linked clients with 2 and with 12 weeks.
CORE_COHORTS = (
    Cohort("caseload", 200, 12, "bench_physio"),
    Cohort("small", 10, 12, "bench_physio_10"),
    Cohort("big2w", 1000, 2, "bench_physio_1k_2w"),
    Cohort("big12w", 1000, 12, "bench_physio_1k_12w"),
)
SCALES = {"2k": 0, "10k": 10_000, "100k": 100_000}
OTHERS_WEEKS = 2


def scale_cohorts(scale: str, *, others_weeks: int = OTHERS_WEEKS) -> list[Cohort]:
    """The core cohorts plus unlinked clients up to the scale's total number of clients."""
    cohorts = list(CORE_COHORTS)
    others = SCALES[scale] - sum(cohort.clients for cohort in cohorts)
    if others > 0:
        cohorts.append(Cohort("others", others, others_weeks))
    return cohorts


# --- simulating one client --------------------------------------------------------------------


@dataclass
class Table:
    """One model's rows of a simulated client: raw values (for ids) and adapted ones (to write)."""

    model: type[Model]
    fields: list[Field]
    raw: list[tuple]
    adapted: list[list[Any]]
    index: dict[Any, int] = field(default_factory=dict)  # template id -> position

    def column(self, attname: str) -> int:
        return next(i for i, f in enumerate(self.fields) if f.attname == attname)


@dataclass
class Template:
    story: Story
    weeks: int
    start: date
    user_id: int
    user: Table
    tables: list[Table]


def moment(day: date, hour: int, minute: int = 0) -> datetime:
    """A moment on ``day`` in local time, never in the future."""
    when = timezone.make_aware(datetime.combine(day, time(hour, minute)))
    return min(when, timezone.now() - timedelta(minutes=1))


def program_start(weeks: int, today: date) -> date:
    """Today is the last day of week ``weeks``."""
    return today - timedelta(days=7 * weeks - 1)


class _Rollback(Exception):
    pass


def _read(model: type[Model], path: str, user: Model) -> Table:
    fields = rows.concrete_fields(model)
    raw = list(
        model.objects.filter(**{path: user})
        .order_by("pk")
        .values_list(*(f.attname for f in fields))
    )
    adapted = [[rows.adapt(f, value) for f, value in zip(fields, row, strict=True)] for row in raw]
    table = Table(model, fields, raw, adapted)
    pk = table.column(model._meta.pk.attname)
    table.index = {row[pk]: position for position, row in enumerate(raw)}
    return table


def _log(program: Model, session: Model, pain: int, day: date) -> None:
    entries = []
    for index, exercise in enumerate(app.session_exercises(session, program.exercises.all())):
        dose = app.prescribed_dose(exercise)
        # Only the first exercise of the session carries the story's pain; the rest stay low.
        here = pain if index == 0 else min(pain, 2)
        entries.append(
            app.LogEntry(
                code=exercise.code,
                sets_done=dose.sets,
                reps_done=dose.reps,
                hold_seconds_done=None if dose.reps else dose.hold_seconds,
                pain_during=here,
                difficulty="hard" if here >= 5 else ("moderate" if here >= 2 else "easy"),
                band_or_load="light band" if exercise.code.startswith("banded") else "",
            )
        )
    app.session_log_record(client=program.client, session=session, entries=entries, today=day)


def simulate(story: Story, weeks: int, today: date) -> Template:
    """Live ``story`` for ``weeks`` weeks up to today through the services; return its rows."""
    start = program_start(weeks, today)
    last = (today - start).days
    result: Template | None = None
    try:
        with transaction.atomic():
            with time_machine.travel(moment(start - timedelta(days=2), 19), tick=False):
                user = app.User.objects.create(
                    username=f"bench_template_{story.name}_{weeks}",
                    email="template@bench.valgus.invalid",
                    role=app.User.Role.CLIENT,
                )
                # Every client ticked the consent box at sign-up.
                app.consent_record(user=user)
                assessment = app.Assessment.objects.create(owner=user, answers=story.answers)
                assessment = app.assessment_submit(assessment=assessment)
                program = app.program_generate(client=user, assessment=assessment, start_date=start)
            sessions = {s.date: s for s in app.ScheduledSession.objects.filter(program=program)}
            logged: dict[int, int] = {}
            for index in range(last + 1):
                day = start + timedelta(days=index)
                program = app.Program.objects.select_related("client").get(pk=program.pk)
                # The daily job's pass in the morning.
                with time_machine.travel(moment(day, 7), tick=False):
                    app.program_adherence_check(program=program, today=day)
                yesterday = sessions.get(day - timedelta(days=1))
                if index - 1 in logged and yesterday is not None and yesterday.is_strength_day:
                    pain = logged[index - 1]
                    baseline = program.baseline_pain_now
                    entry = app.CheckInEntry(
                        pain_now=min(10, baseline + (2 if pain >= 5 else 0)),
                        **story.signs(index - 1, last),
                    )
                    with time_machine.travel(moment(day, 8), tick=False):
                        app.checkin_record(client=user, session=yesterday, entry=entry, today=day)
                pain = story.pain(index, last) if index < last else None
                session = sessions.get(day)
                if pain is not None and session is not None:
                    with time_machine.travel(moment(day, 18), tick=False):
                        try:
                            _log(program, session, pain, day)
                            logged[index] = pain
                        except app.ProgramError:
                            pass  # paused: the session cannot be logged
                if index == REASSESSMENT_DAY and index < last:
                    with time_machine.travel(moment(day, 20), tick=False):
                        program.refresh_from_db()
                        if program.status == app.Program.Status.ACTIVE:
                            app.reassessment_submit(
                                client=user,
                                program=program,
                                answers=REASSESSMENT_ANSWERS,
                                week=6,
                                today=day,
                            )
            result = Template(
                story=story,
                weeks=weeks,
                start=start,
                user_id=user.pk,
                user=_read(app.User, "pk", user.pk),
                tables=[_read(model, path, user) for model, path in app.CLIENT_RECORDS],
            )
            raise _Rollback
    except _Rollback:
        pass
    assert result is not None
    return result


# --- copying a simulated client to many -------------------------------------------------------


def _dedupe_targets() -> dict[str, type[Model] | None]:
    """What the id in a flag's ``dedupe_key`` ("checkin:42:REF-X") points to (None: a uid)."""
    return {
        "checkin": app.ScheduledSession,
        "session": app.ScheduledSession,
        "adherence": app.Program,
        "reassessment": app.Program,
        "assessment": None,
    }


@dataclass
class Copy:
    """Ids of one copy of a template: where each model's block starts, and the new uids."""

    offset: int
    user_id: int
    uids: dict[str, str]


class Cloner:
    """Writes copies of one template for a list of users, one transaction per chunk."""

    def __init__(self, template: Template, *, physio_id: int | None, flag_states: bool) -> None:
        self.template = template
        self.physio_id = physio_id
        self.flag_states = flag_states
        self.tables = {table.model: table for table in template.tables}
        self.base: dict[type[Model], int] = {}

    def new_id(self, model: type[Model], copy: Copy, old: Any) -> int:
        table = self.tables[model]
        return self.base[model] + copy.offset * len(table.raw) + table.index[old]

    def write(self, user_ids: Sequence[int], indexes: Sequence[int]) -> None:
        for first in range(0, len(user_ids), CHUNK):
            chunk_users = user_ids[first : first + CHUNK]
            chunk_indexes = indexes[first : first + CHUNK]
            with transaction.atomic():
                self.base = {model: rows.next_id(model) for model in self.tables}
                copies = [Copy(offset, user_id, {}) for offset, user_id in enumerate(chunk_users)]
                for table in self.template.tables:
                    rows.write(
                        table.model,
                        [f.column for f in table.fields],
                        self._rows(table, copies, chunk_indexes),
                    )

    def _rows(self, table: Table, copies: list[Copy], indexes: Sequence[int]) -> Iterator[list]:
        model = table.model
        pk = table.column(model._meta.pk.attname)
        refs = []  # (position, target model) for foreign keys into the copied records
        user_refs = []
        for position, f in enumerate(table.fields):
            if f.is_relation and f.related_model in self.tables:
                refs.append((position, f.related_model))
            elif f.is_relation and f.related_model is app.User:
                user_refs.append(position)
        uid = next((i for i, f in enumerate(table.fields) if f.attname == "uid"), None)
        dedupe = table.column("dedupe_key") if model is app.Flag else None
        for copy, index in zip(copies, indexes, strict=True):
            for position_in_table, (raw, adapted) in enumerate(
                zip(table.raw, table.adapted, strict=True)
            ):
                values = list(adapted)
                values[pk] = self.base[model] + copy.offset * len(table.raw) + position_in_table
                for position, target in refs:
                    if raw[position] is not None:
                        values[position] = self.new_id(target, copy, raw[position])
                for position in user_refs:
                    if raw[position] == self.template.user_id:
                        values[position] = copy.user_id
                if uid is not None:
                    new = uuid.uuid4()
                    copy.uids[str(raw[uid])] = str(new)
                    values[uid] = rows.adapt(table.fields[uid], new)
                if dedupe is not None:
                    values[dedupe] = self._dedupe_key(raw[dedupe], copy)
                    if self.flag_states:
                        self._flag_state(table, raw, values, index)
                yield values

    def _dedupe_key(self, key: str, copy: Copy) -> str:
        kind, _, rest = key.partition(":")
        ident, sep, tail = rest.partition(":")
        targets = _dedupe_targets()
        if kind not in targets:
            return key
        target = targets[kind]
        if target is None:
            new = copy.uids.get(ident, ident)
        else:
            new = str(self.new_id(target, copy, int(ident)))
        return f"{kind}:{new}{sep}{tail}"

    def _flag_state(self, table: Table, raw: tuple, values: list, index: int) -> None:
        """Vary what the physiotherapist did with the flag: open, acknowledged or resolved."""
        Flag = app.Flag
        status = table.column("status")
        # Consecutive clients share a story, so vary by the round of stories instead.
        variant = (index // len(STORIES)) % 3
        if raw[status] != Flag.Status.OPEN or variant == 0:
            return
        created = raw[table.column("created_at")]
        seen = min(created + timedelta(days=1), timezone.now() - timedelta(minutes=1))
        by = self.physio_id
        if variant == 1 or raw[table.column("pauses_program")]:
            values[status] = Flag.Status.ACKNOWLEDGED
            values[table.column("acknowledged_at")] = seen
            values[table.column("acknowledged_by_id")] = by
            values[table.column("acknowledgement_note")] = "Seen; discussed at the next session."
        else:
            values[status] = Flag.Status.RESOLVED
            values[table.column("acknowledged_at")] = seen
            values[table.column("acknowledged_by_id")] = by
            values[table.column("resolved_at")] = seen
            values[table.column("resolved_by_id")] = by
        for name in ("acknowledged_at", "resolved_at"):
            position = table.column(name)
            values[position] = rows.adapt(table.fields[position], values[position])


# --- users, links, messages -------------------------------------------------------------------


def _instances(model: type[Model], objects: Sequence[Model]) -> int:
    """Write unsaved instances with explicit ids (their ``created_at`` set by the caller)."""
    fields = rows.concrete_fields(model)
    start = rows.next_id(model)
    for offset, obj in enumerate(objects):
        obj.pk = start + offset
    return rows.write(
        model,
        [f.column for f in fields],
        ([rows.adapt(f, getattr(obj, f.attname)) for f in fields] for obj in objects),
    )


def _users(cohort: Cohort, template: Template, password: str, today: date) -> list[int]:
    """Write the cohort's client accounts, copied from the simulated client's row."""
    table = template.user
    columns = {f.attname: i for i, f in enumerate(table.fields)}
    start = rows.next_id(app.User)
    joined = moment(program_start(cohort.weeks, today) - timedelta(days=3), 18)

    def generate() -> Iterator[list]:
        for index in range(cohort.clients):
            values = list(table.adapted[0])
            first = FIRST_NAMES[index % len(FIRST_NAMES)]
            last = LAST_NAMES[(index // len(FIRST_NAMES)) % len(LAST_NAMES)]
            username = cohort.username(index)
            for name, value in {
                "id": start + index,
                "username": username,
                "first_name": first,
                "last_name": last,
                "email": f"{username}@bench.valgus.invalid",
                "password": password,
                "calendar_token": secrets.token_urlsafe(24),
                # Every tenth client has switched the reminder emails off.
                "reminders_enabled": index % 10 != 9,
                "date_joined": rows.adapt(table.fields[columns["date_joined"]], joined),
            }.items():
                values[columns[name]] = value
            yield values

    with transaction.atomic():
        rows.write(app.User, [f.column for f in table.fields], generate())
    return list(range(start, start + cohort.clients))


def _physio(username: str, password: str) -> Model:
    """A physiotherapist with their authenticator set up (two-factor login is required)."""
    user, _ = app.User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": "Sam",
            "last_name": "Okafor",
            "email": f"{username}@bench.valgus.invalid",
            "role": app.User.Role.PHYSIOTHERAPIST,
            "password": password,
        },
    )
    app.TOTPDevice.objects.get_or_create(
        user=user,
        name="default",
        defaults={"confirmed": True, "key": TOTP_KEY, "step": TOTP_STEP},
    )
    return user


def _care(cohort: Cohort, physio: Model, user_ids: Sequence[int], today: date) -> None:
    """Care links, two messages and a note per linked client, dated within their program."""
    start = program_start(cohort.weeks, today)
    middle = start + timedelta(days=(today - start).days // 2)
    links, messages, notes = [], [], []
    for index, user_id in enumerate(user_ids):
        links.append(
            app.CareLink(
                client_id=user_id,
                physiotherapist=physio,
                consented_at=moment(start - timedelta(days=4), 16),
            )
        )
        for number, day in enumerate((middle, today - timedelta(days=1))):
            messages.append(
                app.Message(
                    client_id=user_id,
                    physiotherapist=physio,
                    body=MESSAGES[(index + number) % len(MESSAGES)],
                    created_at=moment(day, 9),
                    read_at=moment(day, 19) if number == 0 else None,
                )
            )
        notes.append(
            app.ClinicalNote(
                client_id=user_id,
                physiotherapist=physio,
                body=NOTES[index % len(NOTES)],
                created_at=moment(start - timedelta(days=1), 11),
            )
        )
    with transaction.atomic():
        _instances(app.CareLink, links)
        # The clients enter the physiotherapist's caseload, as the link's service does (their
        # sort values are copied with the summaries, below).
        app.caseload_entries_add(physio_id=physio.pk, client_ids=user_ids)
        _instances(app.Message, messages)
        _instances(app.ClinicalNote, notes)


# --- the whole seed ---------------------------------------------------------------------------


@dataclass
class Seeded:
    """What the benchmark needs to know about a cohort after seeding."""

    cohort: Cohort
    user_ids: list[int]
    physio_id: int | None


def seed(
    cohorts: Sequence[Cohort],
    *,
    today: date | None = None,
    log: Callable[[str], None] = lambda line: None,
) -> list[Seeded]:
    """Write every cohort; templates are simulated once per (story, weeks)."""
    today = today or timezone.localdate()
    password = make_password(PASSWORD)
    templates: dict[tuple[str, int], Template] = {}
    seeded = []
    for cohort in cohorts:
        needed = {cohort.story(index) for index in range(min(cohort.clients, len(STORIES)))}
        for story in needed:
            if (story.name, cohort.weeks) not in templates:
                templates[story.name, cohort.weeks] = simulate(story, cohort.weeks, today)
                log(f"  simulated '{story.name}' for {cohort.weeks} weeks")
        first = (
            templates[STEADY.name, cohort.weeks]
            if STEADY in needed
            else next(templates[story.name, cohort.weeks] for story in needed)
        )
        user_ids = _users(cohort, first, password, today)
        physio = _physio(cohort.physio, password) if cohort.physio else None
        for story in STORIES:
            indexes = [i for i in range(cohort.clients) if cohort.story(i) is story]
            if not indexes:
                continue
            Cloner(
                templates[story.name, cohort.weeks],
                physio_id=physio.pk if physio else None,
                flag_states=physio is not None,
            ).write([user_ids[i] for i in indexes], indexes)
        if physio is not None:
            _care(cohort, physio, user_ids, today)
        log(
            f"  {cohort.name}: {cohort.clients} clients, {cohort.weeks} weeks"
            + (f", linked to {cohort.physio}" if cohort.physio else "")
        )
        seeded.append(Seeded(cohort, user_ids, physio.pk if physio else None))
    rows.reset_sequences(app.SEEDED_MODELS)
    # Planner statistics of the rows just copied, before anything reads them: with the counts
    # of an empty database PostgreSQL scans every exercise log for each batch of summaries
    # below (about 20 times slower at 100,000 clients).
    rows.analyze()
    # The caseload summaries, as the services keep them in production (the rows above were
    # copied around the services): one per client, worked out from what was written.
    began = perf_counter()
    built = app.client_summaries_rebuild(today=today)
    log(f"  caseload summaries of {built:,} clients in {perf_counter() - began:.0f} s")
    rows.analyze()
    return seeded
