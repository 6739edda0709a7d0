"""Reads for assessments. Every lookup takes who is asking: an assessment that is not theirs is
simply not found (404), whether it belongs to another account or another browser."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from django.contrib.sessions.backends.base import SessionBase
from django.db.models import QuerySet

from accounts.errors import NotFound
from accounts.models import User
from assessments.models import ANONYMOUS_SESSION_KEY, Assessment
from assessments.presentation import dose, referral_headline
from programs.engine import Evaluation, load_library, load_texts
from programs.engine.referrals import reasons_withheld
from programs.engine.rules import finding_sentence


def assessments_anonymous_uids(*, session: SessionBase) -> list[str]:
    """The self-assessments answered in this browser without an account, oldest first."""
    return [str(uid) for uid in (session.get(ANONYMOUS_SESSION_KEY) or [])]


def _visible(*, user: User | Any, session: SessionBase) -> QuerySet[Assessment]:
    """Self-assessments this person may see: their own, or this browser's ownerless ones."""
    baseline = Assessment.objects.filter(kind=Assessment.Kind.BASELINE)
    if user is not None and user.is_authenticated:
        # An in-clinic assessment reaches the client once their physiotherapist has finished it;
        # its draft is the physiotherapist's to fill in.
        return baseline.filter(owner=user).exclude(
            assessed_by__isnull=False, status=Assessment.Status.DRAFT
        )
    return baseline.filter(owner__isnull=True, uid__in=assessments_anonymous_uids(session=session))


def assessment_get(*, uid: UUID | str, user: User | Any, session: SessionBase) -> Assessment:
    """The assessment with this uid if the requester may see it; otherwise 404."""
    assessment = _visible(user=user, session=session).filter(uid=uid).first()
    if assessment is None:
        raise NotFound("No such assessment.")
    return assessment


def assessment_draft_current(*, user: User | Any, session: SessionBase) -> Assessment | None:
    """The most recent unfinished self-assessment to offer for resuming."""
    return (
        _visible(user=user, session=session)
        .filter(status=Assessment.Status.DRAFT)
        .order_by("-updated_at")
        .first()
    )


def assessments_for_client(*, user: User) -> QuerySet[Assessment]:
    """A client's own self-assessments, newest first (drafts and submitted results)."""
    return (
        Assessment.objects.filter(owner=user, kind=Assessment.Kind.BASELINE)
        .exclude(assessed_by__isnull=False, status=Assessment.Status.DRAFT)
        .select_related("assessed_by")
        .only(
            "uid",
            "status",
            "current_step",
            "created_at",
            "updated_at",
            "submitted_at",
            "rules_version",
            "kind",
            "owner_id",
            "assessed_by__first_name",
            "assessed_by__last_name",
            "assessed_by__username",
        )
        .order_by("-created_at")
    )


# --- The result, explained --------------------------------------------------------------------


@dataclass
class ExplainedExercise:
    code: str
    name: str
    level: int
    top_level: int
    level_title: str
    dose: str
    frequency: str
    without_band: bool
    steps: list[str]
    cue: str
    mistakes: list[str]
    targets: str
    why: str
    reasons: list[str]
    # The findings it answers (code, title), and its reasons other than those findings' evidence
    # and its own "why": the result page says each reason once.
    addresses: list[dict[str, str]] = field(default_factory=list)
    own_reasons: list[str] = field(default_factory=list)

    @property
    def with_band(self) -> bool:
        """Whether its figure shows the band (not for the no-band variant)."""
        return not self.without_band


@dataclass
class ExplainedResult:
    program_allowed: bool
    referrals: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    exercises: list[ExplainedExercise] = field(default_factory=list)
    advice: list[dict[str, Any]] = field(default_factory=list)
    later: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rules_version: str = ""
    # Reasons every exercise gives (a starting level set by the pain): said once for all.
    shared_reasons: list[str] = field(default_factory=list)

    @property
    def urgent(self) -> bool:
        return any(referral["urgency"] == "same_day" for referral in self.referrals)


def _sides_text(sides: list[str]) -> str:
    if sorted(sides) == ["left", "right"]:
        return "both sides"
    if sides:
        return f"{sides[0]} side"
    return ""


def evaluation_explained(evaluation_data: dict[str, Any]) -> ExplainedResult:
    """A stored evaluation with the client-facing texts of the engine's data files attached."""
    evaluation = Evaluation.model_validate(evaluation_data)
    texts = load_texts()
    library = load_library()
    result = ExplainedResult(
        program_allowed=evaluation.program_allowed,
        notes=list(evaluation.notes),
        rules_version=evaluation.rules_version,
    )
    for referral in evaluation.referrals:
        destination = texts.destinations[referral.destination]
        urgency = texts.urgencies[referral.urgency]
        result.referrals.append(
            {
                "destination": referral.destination,
                "urgency": referral.urgency,
                "headline": referral_headline(referral.destination, referral.urgency),
                "destination_title": destination.title,
                "urgency_title": urgency.title,
                "what_to_do": destination.what_to_do,
                "when": urgency.what_to_do,
                # A result stored before a withheld program's reasons stopped saying the
                # exercises start reads the same as a new one.
                "reasons": (
                    referral.reasons
                    if evaluation.program_allowed
                    else reasons_withheld(referral.reasons)
                ),
            }
        )
    for finding in evaluation.findings:
        text = texts.findings[finding.code]
        result.findings.append(
            {
                "code": finding.code,
                "title": text.title,
                "summary": text.summary,
                "severity": finding.severity,
                "sides": _sides_text(list(finding.sides)),
                "reasons": finding.reasons,
            }
        )
    # A finding's evidence is said once, under the finding; an exercise or an advice that gives
    # it again as a reason names the finding instead.
    stated = {finding_sentence(finding, texts): finding for finding in evaluation.findings}
    evidence = {reason: finding for finding in evaluation.findings for reason in finding.reasons}

    def named(findings: list[Any]) -> list[dict[str, str]]:
        unique = {finding.code: finding for finding in findings}
        return [{"code": code, "title": texts.findings[code].title} for code in unique]

    for prescription in evaluation.exercises:
        exercise = library.get(prescription.code)
        level = exercise.level(prescription.level)
        variant = level.without_band if prescription.without_band else None
        result.exercises.append(
            ExplainedExercise(
                code=prescription.code,
                name=exercise.name,
                level=prescription.level,
                top_level=exercise.top_level,
                level_title=variant.title if variant else level.title,
                dose=dose(prescription),
                frequency=prescription.frequency,
                without_band=prescription.without_band,
                steps=list(variant.steps if variant else level.steps),
                cue=variant.cue if variant else level.cue,
                mistakes=list(level.mistakes),
                targets=exercise.targets,
                why=exercise.why,
                reasons=prescription.reasons,
                addresses=named([stated[r] for r in prescription.reasons if r in stated]),
                own_reasons=[
                    r for r in prescription.reasons if r not in stated and r != exercise.why
                ],
            )
        )
    if len(result.exercises) > 1:
        first, *others = result.exercises
        result.shared_reasons = [
            reason
            for reason in first.own_reasons
            if all(reason in other.own_reasons for other in others)
        ]
        for item in result.exercises:
            item.own_reasons = [r for r in item.own_reasons if r not in result.shared_reasons]
    for advice in evaluation.advice:
        text = texts.advice[advice.code]
        result.advice.append(
            {
                "code": advice.code,
                "title": text.title,
                "body": text.body,
                "reasons": advice.reasons,
                "addresses": named([evidence[r] for r in advice.reasons if r in evidence]),
                "own_reasons": [r for r in advice.reasons if r not in evidence],
            }
        )
    for later in evaluation.later:
        result.later.append(
            {"code": later.code, "name": library.get(later.code).name, "reasons": later.reasons}
        )
    return result


@dataclass(frozen=True)
class ClearanceNeeds:
    """Which of the engine's reasons withheld the program (spec section 5), for the wording of
    the clearance: a same-day referral must have been seen first, a child needs a paediatric
    view, a knee that gives way or locks needs examining."""

    same_day: bool
    paediatric: bool
    instability: bool


def clearance_needs(assessment: Assessment) -> ClearanceNeeds:
    """Read from the evaluation that withheld the program (kept after a clearance)."""
    evaluation = assessment.evaluation_before_clearance or assessment.evaluation or {}
    fired = {rule.get("id") for rule in evaluation.get("rules_fired", [])}
    return ClearanceNeeds(
        same_day="GATE-SAME-DAY" in fired,
        paediatric="GATE-PAEDIATRIC" in fired,
        instability="GATE-INSTABILITY" in fired,
    )
