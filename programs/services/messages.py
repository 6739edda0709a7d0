"""Read receipts of messages (the messages themselves are written from ``care``, which checks
the care link).

Marking a message read is the one write that opening a page may make (Today, a conversation):
``read_at`` is a read receipt for the other side, not clinical state, and nothing clinical
depends on it (tests/programs/test_get_changes_nothing.py allows exactly this field).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from programs.models import Message


@transaction.atomic
def messages_mark_read(*, client: User, message_ids: Iterable[int]) -> int:
    """The client has seen these messages from their physiotherapist (on Today)."""
    return Message.objects.filter(
        client=client,
        sender=Message.Sender.PHYSIOTHERAPIST,
        pk__in=list(message_ids),
        read_at__isnull=True,
    ).update(read_at=timezone.now())


@transaction.atomic
def conversation_mark_read(*, reader: User, client: User, physio: User) -> int:
    """``reader`` (the client or the physiotherapist) has opened their conversation: every
    message the other side sent in it is read. Who may open it is checked by the caller's
    selector; this only ever touches the reader's own incoming messages."""
    if reader.pk == client.pk:
        incoming = Message.Sender.PHYSIOTHERAPIST
    elif reader.pk == physio.pk:
        incoming = Message.Sender.CLIENT
    else:
        return 0
    return Message.objects.filter(
        client=client, physiotherapist=physio, sender=incoming, read_at__isnull=True
    ).update(read_at=timezone.now())
