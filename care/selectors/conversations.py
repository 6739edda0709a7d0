"""Conversations between a client and their physiotherapist: one thread per pair, with the
messages the reader has not seen yet counted.

The physiotherapist reaches a thread only while linked to the client (``care.access``). The
client reaches their threads with every physiotherapist who is linked to them now or who has
written to them (a finished link leaves its conversation readable, but closed to new messages).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from accounts.errors import NotFound
from accounts.models import User
from care.access import client_for_physio, physio_check
from care.models import CareLink
from programs.models import Message

# Enough for a long course of care on one page; older messages are a link away.
THREAD_MESSAGES = 100


def unread_messages_by_client(physio: User, client_ids: Iterable[int]) -> dict[int, int]:
    """How many messages each of these clients sent ``physio`` that ``physio`` has not read.

    Only clients linked to ``physio`` now count; others (and ids with nothing unread) are
    absent from the answer. One query, for a caseload page of any size.
    """
    physio_check(physio)
    ids = list(client_ids)
    if not ids:
        return {}
    linked = CareLink.objects.active().filter(physiotherapist=physio).values("client_id")
    rows = (
        Message.objects.filter(
            physiotherapist=physio,
            client_id__in=ids,
            sender=Message.Sender.CLIENT,
            read_at__isnull=True,
        )
        .filter(client_id__in=linked)
        .values("client_id")
        .annotate(unread=Count("pk"))
        .order_by()
    )
    return {row["client_id"]: row["unread"] for row in rows}


def thread_messages(client: User, physio: User) -> list[Message]:
    """The latest messages of the pair's conversation, oldest first (as a conversation reads)."""
    newest = Message.objects.filter(client=client, physiotherapist=physio).order_by(
        "-created_at", "-pk"
    )[:THREAD_MESSAGES]
    return list(reversed(newest))


@dataclass
class Conversation:
    client: User
    physio: User
    messages: list[Message]
    unread: int
    # A new message needs an active link; a finished one leaves the thread to read only.
    open: bool

    @property
    def last(self) -> Message | None:
        return self.messages[-1] if self.messages else None


def conversation_for_physio(physio: User, client_id: int) -> Conversation:
    """The physiotherapist's conversation with one linked client (404 for anyone else)."""
    client = client_for_physio(physio, client_id)
    messages = thread_messages(client, physio)
    unread = sum(1 for m in messages if m.from_client and m.read_at is None)
    return Conversation(client=client, physio=physio, messages=messages, unread=unread, open=True)


def _client_physios(client: User) -> dict[int, bool]:
    """Physiotherapists the client has a conversation with: id -> linked now."""
    physios: dict[int, bool] = {}
    for physio_id, ended_at in CareLink.objects.filter(client=client).values_list(
        "physiotherapist_id", "ended_at"
    ):
        physios[physio_id] = physios.get(physio_id, False) or ended_at is None
    for physio_id in (
        Message.objects.filter(client=client).values_list("physiotherapist_id", flat=True)
    ).distinct():
        physios.setdefault(physio_id, False)
    return physios


def conversations_for_client(client: User) -> list[Conversation]:
    """Every conversation of the client: open ones first, then the latest message first.

    A finished link with no message leaves nothing to read, so it is not listed."""
    physios = _client_physios(client)
    people = User.objects.in_bulk(list(physios))
    conversations = []
    for physio_id, linked in physios.items():
        physio = people[physio_id]
        messages = thread_messages(client, physio)
        if not messages and not linked:
            continue
        unread = sum(1 for m in messages if not m.from_client and m.read_at is None)
        conversations.append(
            Conversation(
                client=client, physio=physio, messages=messages, unread=unread, open=linked
            )
        )
    conversations.sort(key=lambda c: c.last.created_at.timestamp() if c.last else 0, reverse=True)
    conversations.sort(key=lambda c: not c.open)
    return conversations


def conversation_for_client(client: User, physio_id: int) -> Conversation:
    """The client's conversation with one physiotherapist (404 when there is none)."""
    for conversation in conversations_for_client(client):
        if conversation.physio.pk == physio_id:
            return conversation
    raise NotFound("No such conversation.")


def unread_count_for_client(client: User) -> int:
    """Messages from any physiotherapist the client has not read yet (for the menu)."""
    return Message.objects.filter(
        client=client, sender=Message.Sender.PHYSIOTHERAPIST, read_at__isnull=True
    ).count()


def unread_count_for_physio(physio: User) -> int:
    """Messages from linked clients the physiotherapist has not read yet (for the menu)."""
    linked = CareLink.objects.active().filter(physiotherapist=physio).values("client_id")
    return Message.objects.filter(
        Q(client_id__in=linked),
        physiotherapist=physio,
        sender=Message.Sender.CLIENT,
        read_at__isnull=True,
    ).count()
