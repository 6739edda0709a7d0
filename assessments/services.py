"""Writes for assessments: drafts, submission and carrying anonymous answers over to an account."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.utils import timezone
from pydantic import ValidationError

from accounts.care_events import CareEvent, care_event_record
from accounts.errors import NotPermitted, ServiceError
from accounts.models import User
from assessments.models import ANONYMOUS_SESSION_KEY, Assessment, Clearance
from assessments.steps import FIRST_STEP, STEP_BY_SLUG, furthest_step, next_step
from programs.engine import Answers, check_clearance, evaluate, load_rules
from programs.engine.clearance import CLEARANCE_ROLE_WORDS


class AssessmentLocked(ServiceError):
    """A submitted assessment is a record of what was answered then: it is never edited."""


class ClearanceRefused(ServiceError):
    """A clearance cannot be recorded for this assessment; ``message`` says why, for the page."""


class AnswersInvalid(ServiceError):
    """The answers do not pass ``programs.engine.Answers``; ``errors`` maps item id -> messages."""

    def __init__(self, errors: dict[str, list[str]]) -> None:
        super().__init__(errors=errors)


def _plain_message(error: dict[str, Any]) -> str:
    """Pydantic's message in words a person filling in the form understands."""
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "Please answer this question."
    if kind == "extra_forbidden":
        return "This is not a question of the self-assessment."
    if kind in {"greater_than_equal", "greater_than"}:
        return f"Enter a number of at least {ctx.get('ge', ctx.get('gt'))}."
    if kind in {"less_than_equal", "less_than"}:
        return f"Enter a number no higher than {ctx.get('le', ctx.get('lt'))}."
    if kind in {"literal_error", "enum"}:
        return "Choose one of the options given."
    if kind.startswith("int") or kind.startswith("float"):
        return "Enter a whole number." if kind.startswith("int") else "Enter a number."
    return str(error.get("msg", "This answer is not valid."))


def answers_errors(error: ValidationError) -> dict[str, list[str]]:
    """Group a pydantic error by questionnaire item (the first element of each location)."""
    errors: dict[str, list[str]] = {}
    for item in error.errors():
        loc = item.get("loc") or ("__all__",)
        name = str(loc[0])
        message = _plain_message(item)
        if message not in errors.setdefault(name, []):
            errors[name].append(message)
    return errors


def _remember_in_session(session: SessionBase, assessment: Assessment) -> None:
    uids = [uid for uid in (session.get(ANONYMOUS_SESSION_KEY) or []) if uid != str(assessment.uid)]
    session[ANONYMOUS_SESSION_KEY] = [*uids, str(assessment.uid)]
    # Someone without an account must be able to close the browser and resume another day, so
    # this browser's session outlives the short idle timeout that protects logged-in accounts.
    session.set_expiry(settings.VALGUS_ANONYMOUS_DRAFT_SECONDS)


@transaction.atomic
def assessment_start(
    *, user: User | None, session: SessionBase, replacing: Assessment | None = None
) -> Assessment:
    """Open a new draft for a client, or for this browser when nobody is logged in.

    ``replacing`` is a draft the person chose to start over from: it is discarded, so that only
    one draft waits to be resumed.
    """
    if replacing is not None and not replacing.is_submitted:
        replacing.delete()
    if user is not None and user.is_authenticated:
        if user.is_physiotherapist:
            raise NotPermitted("Physiotherapist accounts do not take the self-assessment.")
        return Assessment.objects.create(owner=user, current_step=FIRST_STEP)
    if not session.session_key:
        session.save()
    assessment = Assessment.objects.create(
        anonymous_key=session.session_key or "", current_step=FIRST_STEP
    )
    _remember_in_session(session, assessment)
    return assessment


@transaction.atomic
def assessment_start_in_clinic(*, client: User, assessed_by: User) -> Assessment:
    """Open (or resume) the draft of an assessment a physiotherapist records in clinic.

    It is the client's baseline, asked with the questionnaire's items and evaluated by the same
    engine; ``assessed_by`` says who observed the answers. One draft per physiotherapist and
    client waits to be resumed. Who may do this (the care link) is checked by the caller.
    """
    if not client.is_client:
        raise NotPermitted("Only a client's knee is assessed.")
    if not assessed_by.is_physiotherapist:
        raise NotPermitted("Only a physiotherapist records an assessment in clinic.")
    draft = (
        Assessment.objects.select_for_update()
        .filter(
            owner=client,
            assessed_by=assessed_by,
            kind=Assessment.Kind.BASELINE,
            status=Assessment.Status.DRAFT,
        )
        .order_by("-updated_at")
        .first()
    )
    if draft is not None:
        return draft
    return Assessment.objects.create(owner=client, assessed_by=assessed_by, current_step=FIRST_STEP)


@transaction.atomic
def assessment_answers_save(
    *, assessment: Assessment, step: str, items: dict[str, Any], completed: bool
) -> Assessment:
    """Merge one step's answers into the draft; ``None`` removes an answer (not answered).

    Only items of that step are written, so an invalid field that the form left out keeps its
    saved value. ``completed`` moves the resume point past this step (never backwards).
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_submitted:
        raise AssessmentLocked("This assessment has been submitted and can no longer be edited.")
    allowed = set(STEP_BY_SLUG[step].items)
    answers = dict(locked.answers or {})
    for item, value in items.items():
        if item not in allowed:
            raise ValueError(f"{item!r} is not asked on the {step!r} step")
        if value is None:
            answers.pop(item, None)
        else:
            answers[item] = value
    locked.answers = answers
    if completed:
        locked.current_step = furthest_step(
            locked.current_step or FIRST_STEP, next_step(step) or step
        )
    locked.save(update_fields=["answers", "current_step", "updated_at"])
    return locked


@transaction.atomic
def assessment_submit(*, assessment: Assessment) -> Assessment:
    """Validate the answers, run the rules engine and freeze the result with its rules version.

    Submitting twice (a double click, a resubmitted form) returns the stored result unchanged.
    """
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.is_submitted:
        return locked
    try:
        answers = Answers.model_validate(locked.answers or {})
    except ValidationError as error:
        raise AnswersInvalid(answers_errors(error)) from None
    evaluation = evaluate(answers)
    locked.evaluation = evaluation.model_dump(mode="json")
    locked.rules_version = evaluation.rules_version
    locked.status = Assessment.Status.SUBMITTED
    locked.submitted_at = timezone.now()
    locked.save(
        update_fields=["evaluation", "rules_version", "status", "submitted_at", "updated_at"]
    )
    return locked


@transaction.atomic
def assessments_claim_for_user(
    *, user: User, session: SessionBase, extra_uids: Sequence[str] = ()
) -> list[Assessment]:
    """Give the person the assessments they answered in this browser before having an account.

    Only assessments that still have no owner are claimed, so a uid copied into another
    browser's session can never take over someone else's assessment. Physiotherapists do not
    own self-assessments: theirs stay with the browser session. ``extra_uids`` come from a
    signed sign-up link (answered in the browser that signed up, confirmed in another).
    """
    # Once logged in, the account's idle timeout applies again (not the anonymous draft's).
    session.set_expiry(None)
    uids = [*(session.get(ANONYMOUS_SESSION_KEY) or []), *extra_uids]
    if not uids or user.is_physiotherapist:
        return []
    claimed = list(
        Assessment.objects.select_for_update()
        .filter(uid__in=uids, owner__isnull=True)
        .order_by("-created_at")
    )
    # The result someone was reading when they signed up comes first, before any newer draft.
    claimed.sort(key=lambda assessment: not assessment.is_submitted)
    for assessment in claimed:
        assessment.owner = user
        assessment.anonymous_key = ""
        assessment.save(update_fields=["owner", "anonymous_key", "updated_at"])
    session[ANONYMOUS_SESSION_KEY] = []
    return claimed


# The engine's field names for a clearance, as the forms name them.
CLEARANCE_FIELDS = {"name": "clinician_name", "role": "clinician_role", "seen_on": "seen_on"}


def clearance_record(
    *,
    client: User,
    answers: str,
    raised_on: date,
    clinician_name: str,
    clinician_role: str,
    seen_on: date | None,
    today: date,
    note: str = "",
    assessment: Assessment | None = None,
    program: Any = None,
    recorded_by: User | None = None,
) -> Clearance:
    """Store a clinician's clearance (spec section 8) in the caller's transaction, once the
    engine has checked it: a name, a role and the day seen, neither before ``raised_on`` (the
    referral or flag it answers) nor after ``today``. The linked physiotherapist is told."""
    checked = check_clearance(
        name=clinician_name,
        role=clinician_role,
        seen_on=seen_on,
        raised_on=raised_on,
        today=today,
        raised="flag" if answers == Clearance.Answers.FLAG else "referral",
        client_name=client.display_name if recorded_by is not None else None,
    )
    if checked.clearance is None:
        raise ClearanceRefused(
            errors={CLEARANCE_FIELDS[name]: [problem] for name, problem in checked.problems.items()}
        )
    clearance = Clearance.objects.create(
        client=client,
        assessment=assessment,
        program=program,
        answers=answers,
        clinician_name=checked.clearance.name,
        clinician_role=checked.clearance.role,
        seen_on=checked.clearance.seen_on,
        raised_on=raised_on,
        note=note.strip()[:1000],
        rules_version=load_rules().version,
        recorded_by=recorded_by,
    )
    care_event_record(kind=CareEvent.Kind.CLEARANCE, client=client, subject_id=clearance.pk)
    return clearance


@transaction.atomic
def assessment_record_clearance(
    *,
    assessment: Assessment,
    user: User,
    clinician_name: str,
    clinician_role: str,
    seen_on: date | None,
    confirmed: bool,
    today: date | None = None,
) -> Assessment:
    """Release a withheld program once the client records who cleared them and when.

    Spec sections 5 and 8: the program "waits until a clinician clears it"; the clearance names
    the clinician and their role, and the day they saw the client, which is neither before the
    self-assessment that raised the referral nor in the future. The same answers are evaluated
    again with the clearance, so the findings, referrals and warning signs stay exactly as
    answered; the first evaluation is kept in ``evaluation_before_clearance``. Recording it
    twice keeps the first.
    """
    today = today or timezone.localdate()
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.owner_id is None or locked.owner_id != user.pk:
        raise ClearanceRefused("Only the person who took this self-assessment can record this.")
    return _clearance_release(
        locked,
        recorded_by=None,
        clinician_name=clinician_name,
        clinician_role=clinician_role,
        seen_on=seen_on,
        confirmed=confirmed,
        today=today,
        unconfirmed="Tick this box only once a clinician has examined your knee and cleared you.",
    )


@transaction.atomic
def assessment_record_clearance_for_client(
    *,
    assessment: Assessment,
    physiotherapist: User,
    clinician_name: str,
    clinician_role: str,
    seen_on: date | None,
    confirmed: bool,
    today: date | None = None,
) -> Assessment:
    """The same release, recorded by the client's physiotherapist (after an assessment in clinic
    that withheld the program, the client may never open their result). The same rules hold:
    who, in which role, and a day neither before the assessment nor in the future. The caller
    (``care``) checks first that ``physiotherapist`` is linked to the assessment's owner."""
    today = today or timezone.localdate()
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.owner_id is None:
        raise ClearanceRefused("This assessment belongs to no client.")
    return _clearance_release(
        locked,
        recorded_by=physiotherapist,
        clinician_name=clinician_name,
        clinician_role=clinician_role,
        seen_on=seen_on,
        confirmed=confirmed,
        today=today,
        unconfirmed="Tick this box only once a clinician has examined the knee and cleared "
        "the client to exercise.",
    )


def _clearance_release(
    locked: Assessment,
    *,
    recorded_by: User | None,
    clinician_name: str,
    clinician_role: str,
    seen_on: date | None,
    confirmed: bool,
    today: date,
    unconfirmed: str,
) -> Assessment:
    """Record the clearance and evaluate the answers again with it, in the caller's
    transaction, on an assessment locked by the caller."""
    if locked.kind != Assessment.Kind.BASELINE or not locked.is_submitted:
        raise ClearanceRefused("A clearance is recorded on a completed self-assessment.")
    if locked.is_cleared:
        return locked
    if (locked.evaluation or {}).get("program_allowed", True):
        raise ClearanceRefused("This result does not wait for a clinician: nothing to clear.")
    if not confirmed:
        raise ClearanceRefused(unconfirmed, field="confirmed")
    raised_on = timezone.localdate(locked.submitted_at or locked.created_at)
    client = locked.owner
    clearance = clearance_record(
        client=client,
        answers=Clearance.Answers.REFERRAL,
        raised_on=raised_on,
        clinician_name=clinician_name,
        clinician_role=clinician_role,
        seen_on=seen_on,
        today=today,
        assessment=locked,
        recorded_by=recorded_by,
    )

    evaluation = evaluate(Answers.model_validate(locked.answers), clinician_cleared=True)
    locked.evaluation_before_clearance = locked.evaluation
    locked.evaluation = evaluation.model_dump(mode="json")
    locked.rules_version = evaluation.rules_version
    locked.cleared_at = timezone.now()
    locked.cleared_by = (
        f"{clearance.clinician_name} ({CLEARANCE_ROLE_WORDS[clearance.clinician_role]})"
    )
    locked.save(
        update_fields=[
            "evaluation_before_clearance",
            "evaluation",
            "rules_version",
            "cleared_at",
            "cleared_by",
            "updated_at",
        ]
    )
    who = "Recorded" if recorded_by is None else "Your physiotherapist recorded"
    what = f"{who} that {locked.cleared_by} cleared you to exercise; your program can start"
    LogEntry.objects.log_create(
        locked,
        force_log=True,
        action=LogEntry.Action.UPDATE,
        actor=recorded_by or client,
        changes={"cleared_by": [None, locked.cleared_by]},
        changes_text=what,
        additional_data={"client_id": client.pk, "what": what},
    )
    return locked
