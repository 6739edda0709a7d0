"""Clinicians' clearances of a linked client (spec section 8): who cleared them, in which role,
when they were seen, and what the clearance answered. The client review lists them; the caseload
can mark clients with a clearance recorded since a day (``clearances_since``)."""

from __future__ import annotations

from datetime import datetime

from accounts.models import User
from assessments.models import Clearance
from care.access import clients_of, link_check_or_404
from care.models import CareLink


def clearances_for_client(
    physio: User, client: User, *, link: CareLink | None = None
) -> list[Clearance]:
    """Every clearance of a client linked to ``physio``, newest first (404 otherwise)."""
    link_check_or_404(physio, client, link=link)
    return list(
        Clearance.objects.filter(client=client).select_related(
            "assessment", "program", "recorded_by"
        )
    )


def clearances_since(physio: User, since: datetime) -> dict[int, Clearance]:
    """The newest clearance recorded after ``since`` for each client linked to ``physio``, by
    client id: what the caseload marks as new (one query)."""
    newest: dict[int, Clearance] = {}
    for clearance in Clearance.objects.filter(
        client__in=clients_of(physio), created_at__gt=since
    ).order_by("created_at", "pk"):
        newest[clearance.client_id] = clearance
    return newest
