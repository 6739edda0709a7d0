"""Reads for the assessment a physiotherapist records in clinic: the draft they are filling in
and the linked client's submitted assessments a program can start from."""

from __future__ import annotations

from typing import Any

from accounts.errors import NotFound
from accounts.models import User
from assessments.models import Assessment
from care.access import link_check_or_404
from care.models import CareLink


def clinic_draft_for(physio: User, client: User, uid: Any) -> Assessment:
    """The in-clinic assessment this physiotherapist is recording (or has just submitted) for
    this linked client; 404 for anything else (another physiotherapist's, the client's own)."""
    link_check_or_404(physio, client)
    assessment = Assessment.objects.filter(
        uid=uid, owner=client, assessed_by=physio, kind=Assessment.Kind.BASELINE
    ).first()
    if assessment is None:
        raise NotFound("No such assessment.")
    return assessment


def client_assessment_for(physio: User, client: User, uid: Any) -> Assessment:
    """A submitted baseline assessment of the linked client (in clinic or their own); 404 for
    anything else."""
    link_check_or_404(physio, client)
    assessment = (
        Assessment.objects.select_related("assessed_by")
        .filter(
            uid=uid, owner=client, kind=Assessment.Kind.BASELINE, status=Assessment.Status.SUBMITTED
        )
        .first()
    )
    if assessment is None:
        raise NotFound("No such assessment.")
    return assessment


def clinic_draft_open(
    physio: User, client: User, *, link: CareLink | None = None
) -> Assessment | None:
    """This physiotherapist's unfinished in-clinic assessment of the client, to resume."""
    link_check_or_404(physio, client, link=link)
    return (
        Assessment.objects.filter(
            owner=client,
            assessed_by=physio,
            kind=Assessment.Kind.BASELINE,
            status=Assessment.Status.DRAFT,
        )
        .order_by("-updated_at")
        .first()
    )


def startable_assessments(
    physio: User, client: User, *, link: CareLink | None = None
) -> list[Assessment]:
    """The client's submitted baseline assessments, newest first: a program can start from one."""
    link_check_or_404(physio, client, link=link)
    return list(
        Assessment.objects.select_related("assessed_by")
        .filter(owner=client, kind=Assessment.Kind.BASELINE, status=Assessment.Status.SUBMITTED)
        .order_by("-submitted_at", "-pk")[:5]
    )
