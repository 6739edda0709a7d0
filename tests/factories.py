"""The one place that builds test data: a factory_boy factory for every model of the app.

Each factory makes a valid row with as little as possible said: ``FlagFactory()`` is an open
physiotherapist referral of a new client, ``CareLinkFactory(client=me)`` links me to a new
physiotherapist. Programs are built the way the app builds them, by the generation service from
an assessment the real engine evaluated, so their exercises, sessions and referral flags are
what the rules make of the answers::

    program = ProgramFactory(client=client_user, start_date=START)
    program = ProgramFactory(client=client_user, answers=STRENGTH_ONLY_ANSWERS)
    draft = AssessmentFactory(owner=client_user, draft=True)

What a person does through a service (logging a session, a morning check-in) is in
``tests/programs/helpers.py``. ``tests/test_factories.py`` fails when a model has no factory here.
The dates tests share (``START`` and the ends of weeks 6 and 12) are in ``tests/dates.py``.
"""

from __future__ import annotations

import time
from typing import Any

import factory
from django.utils import timezone

from accounts.care_events import CareEvent
from accounts.consent import CONSENT_VERSION, HealthDataConsent, consent_record
from accounts.models import User
from accounts.rate_counters import RateLimitCounter, counter_key
from accounts.signup_confirmation import SignupConfirmation
from assessments.models import Assessment, Clearance
from care.models import (
    CareLink,
    ClinicalNote,
    DigestSent,
    Invitation,
    NotificationPreferences,
    NotificationSent,
    ProgramTemplate,
    ProgramTemplateExercise,
)
from demo.answers import TYPICAL_ANSWERS
from programs.engine import Answers, evaluate, library
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
from programs.scheduling import week_number
from programs.services import client_summary_refresh, program_generate
from programs.services.summaries import caseload_entries_add
from tests.dates import START

DEFAULT_PASSWORD = "correct-horse-battery-9"

# Strength exercises only (no daily items): sessions fall on the strength days alone.
STRENGTH_ONLY_ANSWERS: dict[str, Any] = {
    "age": 40,
    "side": "both",
    "pain_now": 1,
    "pain_worst_week": 3,
    "single_leg_squat_left": "slight",
    "single_leg_squat_right": "slight",
    "equipment": ["band_medium"],
    "sessions_per_week": 2,
}

# Giving way: the engine withholds the program until a clinician has cleared it.
NOT_ALLOWED_ANSWERS: dict[str, Any] = {**TYPICAL_ANSWERS, "giving_way": True}


# --- people ---------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    """A client who signed up and consented; ``UserFactory(consent=False)`` for one who has not.

    The password is ``DEFAULT_PASSWORD`` (hashed by the tests' fast hasher)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"client{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    role = User.Role.CLIENT
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        if create:
            obj.save()

    @factory.post_generation
    def consent(obj, create, extracted, **kwargs):  # noqa: N805 - factory_boy hook signature
        if create and obj.is_client and not obj.is_staff and extracted is not False:
            consent_record(user=obj)


class PhysiotherapistFactory(UserFactory):
    """A physiotherapist (two-factor login: ``tests/two_factor.py`` logs them in)."""

    username = factory.Sequence(lambda n: f"physio{n}")
    role = User.Role.PHYSIOTHERAPIST


class AdminFactory(UserFactory):
    username = factory.Sequence(lambda n: f"admin{n}")
    is_staff = True
    is_superuser = True


class HealthDataConsentFactory(factory.django.DjangoModelFactory):
    """A consent record, for a client who had none (``UserFactory`` gives every client one)."""

    class Meta:
        model = HealthDataConsent

    user = factory.SubFactory(UserFactory, consent=False)
    wording_version = CONSENT_VERSION


class SignupConfirmationFactory(factory.django.DjangoModelFactory):
    """An account waiting for its emailed link."""

    class Meta:
        model = SignupConfirmation

    user = factory.SubFactory(UserFactory, consent=False)


class RateLimitCounterFactory(factory.django.DjangoModelFactory):
    """One client address's API calls in a window that ends in a minute."""

    class Meta:
        model = RateLimitCounter

    key = factory.Sequence(lambda n: counter_key("evaluate", f"192.0.2.{n % 250}-{n}"))
    hits = 1
    window_ends = factory.LazyFunction(lambda: time.time() + 60)


# --- assessments ----------------------------------------------------------------------------


def _evaluation(answers: dict[str, Any]) -> dict[str, Any]:
    return evaluate(Answers.model_validate(answers)).model_dump(mode="json")


class AssessmentFactory(factory.django.DjangoModelFactory):
    """A baseline self-assessment of the typical client, submitted and evaluated by the real
    engine; ``draft=True`` for one still being answered, ``owner=None`` for an anonymous one."""

    class Meta:
        model = Assessment

    class Params:
        draft = factory.Trait(
            status=Assessment.Status.DRAFT, evaluation=None, rules_version="", submitted_at=None
        )

    owner = factory.SubFactory(UserFactory)
    # The typical client's answers; ``answers__pain_now=5`` changes one, ``answers={...}`` all.
    answers = factory.Dict(TYPICAL_ANSWERS)
    status = Assessment.Status.SUBMITTED
    evaluation = factory.LazyAttribute(lambda a: _evaluation(a.answers))
    rules_version = factory.LazyAttribute(lambda a: a.evaluation["rules_version"])
    submitted_at = factory.LazyFunction(timezone.now)


class ClearanceFactory(factory.django.DjangoModelFactory):
    """A GP's clearance of a withheld self-assessment, seen the day it was recorded."""

    class Meta:
        model = Clearance

    client = factory.SubFactory(UserFactory)
    assessment = factory.SubFactory(
        "tests.factories.AssessmentFactory", owner=factory.SelfAttribute("..client")
    )
    answers = Clearance.Answers.REFERRAL
    clinician_name = "Dr Patel"
    clinician_role = Clearance.Role.DOCTOR
    seen_on = factory.LazyFunction(timezone.localdate)
    raised_on = factory.LazyFunction(timezone.localdate)


# --- programs -------------------------------------------------------------------------------


class SummaryKept:
    """Factories of summarised rows keep the client's caseload summary up to date, as the
    services that make such rows do (a row changed later with ``save()`` is not followed)."""

    @classmethod
    def _summarised_client(cls, made) -> int:
        raise NotImplementedError

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            client_summary_refresh(client_id=cls._summarised_client(instance))


class ProgramFactory(SummaryKept, factory.django.DjangoModelFactory):
    """A program generated by the app's service from a submitted assessment (its exercises,
    sessions and the assessment's referral flags included).

    ``answers`` are the assessment's (the typical client's by default; ``answers__pain_now=5``
    changes one); ``assessment`` gives one already made. The generation service may refuse (a
    withheld result, a program already current without ``replace_current=True``) and then
    raises as it would for the page. Other fields (``status``, ``paused_at``...) are set on the
    generated program afterwards.
    """

    class Meta:
        model = Program

    class Params:
        answers = factory.Dict(TYPICAL_ANSWERS)

    client = factory.SubFactory(UserFactory)
    assessment = factory.SubFactory(
        AssessmentFactory,
        owner=factory.SelfAttribute("..client"),
        answers=factory.SelfAttribute("..answers"),
    )
    start_date = START
    strength_days = None  # the rules' default for the sessions per week answered
    replace_current = False

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        generated = program_generate(
            client=kwargs.pop("client"),
            assessment=kwargs.pop("assessment"),
            start_date=kwargs.pop("start_date"),
            strength_days=kwargs.pop("strength_days"),
            replace_current=kwargs.pop("replace_current"),
        )
        if kwargs:
            for name, value in kwargs.items():
                setattr(generated, name, value)
            generated.save(update_fields=list(kwargs))
        return generated

    @classmethod
    def _summarised_client(cls, made) -> int:
        return made.client_id


class ProgramExerciseFactory(factory.django.DjangoModelFactory):
    """An exercise of a program: by default the program's first (the row the service made);
    with another ``code``, that exercise added at level 1 (or ``level``)."""

    class Meta:
        model = ProgramExercise
        django_get_or_create = ("program", "code")

    program = factory.SubFactory(ProgramFactory)
    code = factory.LazyAttribute(lambda e: e.program.exercises.first().code)
    level = 1
    frequency = factory.LazyAttribute(lambda e: library.get(e.code).frequency)
    order = factory.LazyAttribute(lambda e: e.program.exercises.count())


class ScheduledSessionFactory(factory.django.DjangoModelFactory):
    """A day of a program: by default its first, as the service scheduled it."""

    class Meta:
        model = ScheduledSession
        django_get_or_create = ("program", "date")

    program = factory.SubFactory(ProgramFactory)
    date = factory.LazyAttribute(lambda s: s.program.start_date)
    week = factory.LazyAttribute(lambda s: week_number(s.program.start_date, s.date))
    is_strength_day = factory.LazyAttribute(lambda s: s.date.weekday() in s.program.strength_days)


def _due(log) -> ProgramExercise:
    return session_exercises(log.session, log.session.program.exercises.all())[0]


class ExerciseLogFactory(SummaryKept, factory.django.DjangoModelFactory):
    """The prescribed dose of the session's first exercise done, pain 1/10, easy: a row as the
    logging service stores it, without its progression (``log_session`` runs the service)."""

    class Meta:
        model = ExerciseLog

    session = factory.SubFactory(ScheduledSessionFactory)
    program_exercise = factory.LazyAttribute(_due)
    level = factory.LazyAttribute(lambda log: log.program_exercise.level)
    prescribed_sets = factory.LazyAttribute(lambda log: prescribed_dose(log.program_exercise).sets)
    prescribed_reps = factory.LazyAttribute(lambda log: prescribed_dose(log.program_exercise).reps)
    prescribed_hold_seconds = factory.LazyAttribute(
        lambda log: prescribed_dose(log.program_exercise).hold_seconds
    )
    sets_done = factory.SelfAttribute("prescribed_sets")
    reps_done = factory.SelfAttribute("prescribed_reps")
    hold_seconds_done = factory.LazyAttribute(
        lambda log: None if log.prescribed_reps else log.prescribed_hold_seconds
    )
    pain_during = 1
    difficulty = ExerciseLog.Difficulty.EASY

    @classmethod
    def _summarised_client(cls, made) -> int:
        return made.session.program.client_id


class CheckInFactory(factory.django.DjangoModelFactory):
    """A calm morning-after check-in (``check_in`` runs the service and its rules)."""

    class Meta:
        model = CheckIn

    session = factory.SubFactory(ScheduledSessionFactory)
    pain_now = 1


class ProgressionDecisionFactory(factory.django.DjangoModelFactory):
    """A hold at the exercise's level."""

    class Meta:
        model = ProgressionDecision

    program_exercise = factory.SubFactory(ProgramExerciseFactory)
    action = ProgressionDecision.Action.HOLD
    from_level = factory.SelfAttribute("program_exercise.level")
    to_level = factory.SelfAttribute("from_level")
    reason = "your last session was not complete yet"


class FlagFactory(SummaryKept, factory.django.DjangoModelFactory):
    """An open referral to the physiotherapist raised from a session log."""

    class Meta:
        model = Flag

    client = factory.SubFactory(UserFactory)
    program = None
    kind = Flag.Kind.REFERRAL
    destination = "physiotherapist"
    urgency = "within_2_weeks"
    reason = "Pain 8/10 during clamshells."
    source = Flag.Source.SESSION
    dedupe_key = factory.Sequence(lambda n: f"test:{n}")

    @classmethod
    def _summarised_client(cls, made) -> int:
        return made.client_id


class ProgramChangeFactory(SummaryKept, factory.django.DjangoModelFactory):
    """A physiotherapist's level change of the program's first exercise."""

    class Meta:
        model = ProgramChange

    program = factory.SubFactory(ProgramFactory)
    actor = factory.SubFactory(PhysiotherapistFactory)
    kind = ProgramChange.Kind.LEVEL
    exercise_code = factory.LazyAttribute(lambda c: c.program.exercises.first().code)
    before = factory.Dict({"level": 2})
    after = factory.Dict({"level": 3})
    summary = "Level 2 to 3"
    reason = "Ready for more."

    @classmethod
    def _summarised_client(cls, made) -> int:
        return made.program.client_id


class ClientSummaryFactory(factory.django.DjangoModelFactory):
    """A client's caseload summary as the services keep it (computed from their rows)."""

    class Meta:
        model = ClientSummary
        django_get_or_create = ("client",)

    client = factory.SubFactory(UserFactory)
    computed_on = factory.LazyFunction(timezone.localdate)
    flag_rank = 8

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        client = kwargs["client"]
        client_summary_refresh(client_id=client.pk)
        return model_class.objects.get(client=client)


class CaseloadEntryFactory(factory.django.DjangoModelFactory):
    """A client in a physiotherapist's caseload, made with their care link as the link's
    service makes it (its values copied from the summary and the name)."""

    class Meta:
        model = CaseloadEntry
        django_get_or_create = ("physio", "client")

    physio = factory.SubFactory(PhysiotherapistFactory)
    client = factory.SubFactory(UserFactory)

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        link = CareLinkFactory(physiotherapist=kwargs["physio"], client=kwargs["client"])
        return model_class.objects.get(physio=link.physiotherapist, client=link.client)


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    client = factory.SubFactory(UserFactory)
    physiotherapist = factory.SubFactory(PhysiotherapistFactory)
    body = "Keep going: the stairs will get easier."


class ReminderSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReminderSent

    client = factory.SubFactory(UserFactory)
    date = START


# --- care -----------------------------------------------------------------------------------


class InvitationFactory(factory.django.DjangoModelFactory):
    """A physiotherapist's open invitation (``accepted_by``, ``cancelled_at`` to close it)."""

    class Meta:
        model = Invitation

    physiotherapist = factory.SubFactory(PhysiotherapistFactory)


class CareLinkFactory(SummaryKept, factory.django.DjangoModelFactory):
    """A client's consented, active link to a physiotherapist (``ended_at`` ends it)."""

    class Meta:
        model = CareLink

    client = factory.SubFactory(UserFactory)
    physiotherapist = factory.SubFactory(PhysiotherapistFactory)
    consented_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _summarised_client(cls, made) -> int:
        return made.client_id

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create and instance.ended_at is None:
            # As the link's service: the client enters the physiotherapist's caseload.
            caseload_entries_add(
                physio_id=instance.physiotherapist_id, client_ids=[instance.client_id]
            )


class ClinicalNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClinicalNote

    client = factory.SubFactory(UserFactory)
    client_display_name = factory.LazyAttribute(lambda note: note.client.display_name)
    physiotherapist = factory.SubFactory(PhysiotherapistFactory)
    body = "Baseline pain moderate; review at week 6."


class CareEventFactory(factory.django.DjangoModelFactory):
    """Something that happened in a client's care, for their linked physiotherapists."""

    class Meta:
        model = CareEvent

    kind = CareEvent.Kind.FLAG
    client = factory.SubFactory(UserFactory)
    client_name = factory.LazyAttribute(lambda event: event.client.display_name)
    detail = "attention"


class NotificationPreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationPreferences

    physiotherapist = factory.SubFactory(PhysiotherapistFactory)


class NotificationSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NotificationSent

    event = factory.SubFactory(CareEventFactory)
    physiotherapist = factory.SubFactory(PhysiotherapistFactory)
    delivery = "digest"


class DigestSentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DigestSent

    physiotherapist = factory.SubFactory(PhysiotherapistFactory)
    date = START


class ProgramTemplateFactory(factory.django.DjangoModelFactory):
    """A physiotherapist's template; ``exercises`` adds the hip pair at level 2 unless given
    ``with_exercises=False``."""

    class Meta:
        model = ProgramTemplate
        skip_postgeneration_save = True

    physiotherapist = factory.SubFactory(PhysiotherapistFactory)
    name = factory.Sequence(lambda n: f"Hip control {n}")

    @factory.post_generation
    def with_exercises(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        for order, code in enumerate(("banded_clamshell", "banded_side_steps")):
            ProgramTemplateExerciseFactory(template=self, code=code, order=order)


class ProgramTemplateExerciseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramTemplateExercise

    template = factory.SubFactory(ProgramTemplateFactory, with_exercises=False)
    code = "banded_clamshell"
    level = 2
    frequency = factory.LazyAttribute(lambda row: library.get(row.code).frequency)
