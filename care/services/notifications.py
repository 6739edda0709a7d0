"""Emails to physiotherapists about their clients' care events: at once, or in the daily digest,
as each chose per kind (off sends nothing).

Each send is recorded under a unique key in the same transaction as the email (an immediate one
per event and physiotherapist; a digest per physiotherapist and day, with a row for each event
it told), the way ``ReminderSent`` makes the reminders idempotent: the row is written first, so
a second run or a second server finds it (or waits for it) and sends nothing, and a failed send
rolls the row back for a later try. An immediate email that fails leaves its event for the
digest.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.care_events import CareEvent
from accounts.errors import NotPermitted
from accounts.models import User
from care.notification_models import (
    DEFAULT_DELIVERY,
    Delivery,
    DigestSent,
    NotificationPreferences,
    NotificationSent,
)
from care.selectors.notifications import (
    event_line,
    event_link,
    events_for_digest,
    preferences_for,
    recipients,
)

log = logging.getLogger(__name__)

# "At once" means at the event: an event older than this when its transaction commits is told
# in the digest instead.
IMMEDIATE_WINDOW = timedelta(hours=1)
IMMEDIATE_SUBJECT = "valgus: {line}"
DIGEST_SUBJECT = "valgus: your clients since yesterday ({count})"


@transaction.atomic
def notification_preferences_save(*, physio: User, choices: dict[str, str]) -> None:
    """Save the physiotherapist's choice for each kind (immediate, digest or off)."""
    if not physio.is_physiotherapist:
        raise NotPermitted("Only physiotherapists receive these emails.")
    values = {kind: Delivery(choices[kind]) for kind in DEFAULT_DELIVERY if kind in choices}
    NotificationPreferences.objects.update_or_create(physiotherapist=physio, defaults=values)


def _settings_link() -> str:
    return f"{settings.SITE_URL}{reverse('physio:notifications')}"


def _immediate_email(event: CareEvent, physio: User) -> EmailMessage:
    line = event_line(event)
    body = render_to_string(
        "emails/physio_notification.txt",
        {
            "physio": physio,
            "items": [(line, event_link(event))],
            "settings_url": _settings_link(),
        },
    )
    return EmailMessage(subject=IMMEDIATE_SUBJECT.format(line=line), body=body, to=[physio.email])


def notification_send_immediate(*, event: CareEvent) -> int:
    """Email the event at once to each of its physiotherapists who chose so; the number sent.

    One transaction per physiotherapist: the ``NotificationSent`` row, then the email. A
    failed email is logged and rolled back (the digest tells of it instead)."""
    if timezone.now() - event.created_at > IMMEDIATE_WINDOW:
        return 0  # history, not news (demo data, a late commit): the digest tells of it
    sent = 0
    for physio in recipients(event):
        if preferences_for(physio).delivery_for(event.kind) != Delivery.IMMEDIATE:
            continue
        try:
            with transaction.atomic():
                NotificationSent.objects.create(
                    event=event, physiotherapist=physio, delivery=Delivery.IMMEDIATE
                )
                _immediate_email(event, physio).send()
        except IntegrityError:
            continue  # told already
        except Exception:
            log.exception("Immediate notification %s to %s failed", event.pk, physio.pk)
            continue
        sent += 1
    return sent


def _digest_email(physio: User, events: list[CareEvent], day: date) -> EmailMessage:
    body = render_to_string(
        "emails/physio_notification.txt",
        {
            "physio": physio,
            "digest_day": day,
            "items": [(event_line(event), event_link(event)) for event in events],
            "settings_url": _settings_link(),
        },
    )
    return EmailMessage(
        subject=DIGEST_SUBJECT.format(count=len(events)), body=body, to=[physio.email]
    )


def digest_send(*, physio: User, day: date, connection=None, now: datetime | None = None) -> int:
    """The physiotherapist's digest for ``day``: every event they want in it and were not told
    yet, in one email, at most once a day. Returns how many events it told (0: none sent).

    It tells the events up to ``now`` and records them as sent then (the daily job's moment on
    ``day``; the real clock by default)."""
    if not physio.is_active or not physio.email:
        return 0
    now = now or timezone.now()
    if not events_for_digest(physio, now=now).exists():
        return 0
    try:
        with transaction.atomic():
            # The day's row first: a second run waits here for the first, then finds it.
            digest = DigestSent.objects.create(physiotherapist=physio, date=day, sent_at=now)
            told = []
            for event in events_for_digest(physio, now=now):
                try:
                    with transaction.atomic():
                        NotificationSent.objects.create(
                            event=event,
                            physiotherapist=physio,
                            delivery=Delivery.DIGEST,
                            sent_at=now,
                        )
                except IntegrityError:
                    continue  # an immediate email told of it in the meantime
                told.append(event)
            if not told:
                raise _NothingToTell
            digest.events = len(told)
            digest.save(update_fields=["events"])
            message = _digest_email(physio, told, day)
            message.connection = connection
            message.send()
    except (IntegrityError, _NothingToTell):
        return 0
    return len(told)


class _NothingToTell(Exception):
    """Rolls the day's row back: nothing was left to tell once the events were claimed."""
