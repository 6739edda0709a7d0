"""The client reading their physiotherapist's messages (the messages are sent from ``care``)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from programs.models import Message


@transaction.atomic
def messages_mark_read(*, client: User, message_ids: Iterable[int]) -> int:
    """The client has seen these messages on Today: the physiotherapist sees them as read.

    A read receipt, not clinical state.
    """
    return Message.objects.filter(
        client=client, pk__in=list(message_ids), read_at__isnull=True
    ).update(read_at=timezone.now())
