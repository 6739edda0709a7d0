"""Who hears about which care event, and how (``care.notification_models``)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.urls import reverse

from accounts.care_events import CareEvent
from accounts.models import User
from assessments.presentation import urgency_title
from care.models import CareLink
from care.notification_models import (
    DEFAULT_DELIVERY,
    Delivery,
    NotificationPreferences,
    NotificationSent,
)

# A digest tells of the last week at most: an event older than that (a physiotherapist who
# turned a kind back on, a job that did not run for days) is no longer news.
DIGEST_LOOKBACK_DAYS = 7


def preferences_for(physio: User) -> NotificationPreferences:
    """The physiotherapist's saved choices, or the defaults (unsaved: opening a page writes
    nothing)."""
    saved = NotificationPreferences.objects.filter(physiotherapist=physio).first()
    return saved or NotificationPreferences(physiotherapist=physio)


def recipients(event: CareEvent) -> list[User]:
    """The physiotherapists the event is for now: the one it names, or those linked to the
    client since before it happened (a link made later, or ended since, hears nothing)."""
    if event.physiotherapist_id is not None:
        people = [event.physiotherapist]
    elif event.client_id is None:
        return []
    else:
        people = list(
            User.objects.filter(
                role=User.Role.PHYSIOTHERAPIST,
                caseload_links__client_id=event.client_id,
                caseload_links__ended_at__isnull=True,
                caseload_links__consented_at__lte=event.created_at,
            ).distinct()
        )
    return [person for person in people if person.is_active and person.email]


def _deliveries(physio: User, wanted: set[str]) -> list[str]:
    preferences = preferences_for(physio)
    return [kind for kind in DEFAULT_DELIVERY if preferences.delivery_for(kind) in wanted]


def events_for_digest(physio: User, *, now: datetime) -> QuerySet[CareEvent]:
    """Events the physiotherapist wants in the digest (or wanted at once, but whose email did
    not go), not yet told to them, from the last week, oldest first."""
    kinds = _deliveries(physio, {Delivery.DIGEST, Delivery.IMMEDIATE})
    linked_before = CareLink.objects.active().filter(
        physiotherapist=physio,
        client_id=OuterRef("client_id"),
        consented_at__lte=OuterRef("created_at"),
    )
    told = NotificationSent.objects.filter(event=OuterRef("pk"), physiotherapist=physio)
    return (
        CareEvent.objects.filter(
            kind__in=kinds,
            created_at__gte=now - timedelta(days=DIGEST_LOOKBACK_DAYS),
            created_at__lte=now,
        )
        .filter(Q(physiotherapist=physio) | Q(physiotherapist__isnull=True, client__isnull=False))
        .filter(Q(physiotherapist=physio) | Exists(linked_before))
        .exclude(Exists(told))
        .order_by("created_at", "pk")
    )


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def event_link(event: CareEvent) -> str:
    """Where the physiotherapist acts on the event (they log in first)."""
    client_id = event.client_id
    if client_id is None or event.kind == CareEvent.Kind.SHARING_ENDED:
        return _absolute(reverse("physio:caseload"))
    if event.kind in (CareEvent.Kind.URGENT_FLAG, CareEvent.Kind.FLAG):
        return _absolute(reverse("physio:client", args=[client_id]) + "#flags")
    if event.kind == CareEvent.Kind.CLEARANCE:
        return _absolute(reverse("physio:client", args=[client_id]) + "#clearances")
    if event.kind == CareEvent.Kind.CLIENT_MESSAGE:
        return _absolute(reverse("physio:message_send", args=[client_id]))
    return _absolute(reverse("physio:client", args=[client_id]))


def event_line(event: CareEvent) -> str:
    """One line saying what happened, without clinical detail: the email is not the place for
    health data, the linked page is (behind the physiotherapist's two-factor login)."""
    name = event.client_name or "A client"
    kind = event.kind
    if kind in (CareEvent.Kind.URGENT_FLAG, CareEvent.Kind.FLAG):
        if event.detail == "attention":
            return f"{name}: a new flag needs your attention"
        when = "same day" if event.detail == "same_day" else urgency_title(event.detail).lower()
        return f"{name}: a new referral flag" + (f" ({when})" if when else "")
    if kind == CareEvent.Kind.INVITATION_ACCEPTED:
        return f"{name} accepted your invitation and now shares their data with you"
    if kind == CareEvent.Kind.SHARING_ENDED:
        if event.detail == "account_deleted":
            return (
                f"{name} deleted their account; your clinical notes about them are kept in your "
                "records"
            )
        return f"{name} stopped sharing their data with you"
    if kind == CareEvent.Kind.CLEARANCE:
        return f"{name} recorded that a clinician cleared them to exercise"
    if kind == CareEvent.Kind.CLIENT_MESSAGE:
        return f"{name} sent you a message"
    return f"{name}: {event.get_kind_display().lower()}"
