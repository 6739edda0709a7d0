"""Messages between a client and their physiotherapist, in both directions.

Either side writes only while the care link is active (the physiotherapist through
``care.access.link_check``, the client through their own link); messages are plain text, kept
as typed (shown escaped, with line breaks) and limited in length.
"""

from __future__ import annotations

from django.db import transaction

from accounts.care_events import CareEvent, care_event_record
from accounts.errors import NotPermitted
from accounts.models import User
from care.access import active_link, link_check
from care.errors import CareError
from programs.models import MESSAGE_MAX_LENGTH, Message


def message_body_clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise CareError("Write the message before sending.", field="body")
    if len(body) > MESSAGE_MAX_LENGTH:
        raise CareError(
            f"Keep the message to {MESSAGE_MAX_LENGTH} characters (it has {len(body)}).",
            field="body",
        )
    return body


@transaction.atomic
def message_send(*, physio: User, client: User, body: str) -> Message:
    """The physiotherapist writes to a linked client (shown in their conversation and on
    Today)."""
    link_check(physio, client.pk)
    return Message.objects.create(
        client=client,
        physiotherapist=physio,
        sender=Message.Sender.PHYSIOTHERAPIST,
        body=message_body_clean(body),
    )


@transaction.atomic
def message_reply(*, client: User, physio: User, body: str) -> Message:
    """The client writes to a physiotherapist they share their data with now."""
    if not client.is_client or active_link(physio, client) is None:
        raise NotPermitted("You can write only to a physiotherapist you share your data with.")
    message = Message.objects.create(
        client=client,
        physiotherapist=physio,
        sender=Message.Sender.CLIENT,
        body=message_body_clean(body),
    )
    care_event_record(
        kind=CareEvent.Kind.CLIENT_MESSAGE,
        client=client,
        physiotherapist=physio,
        subject_id=message.pk,
    )
    return message
