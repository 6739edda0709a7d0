"""The conversation between a client and their physiotherapist: both sides write, each sees
what they have not read yet, and nobody else reaches it."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from care.errors import CareError
from care.selectors.conversations import unread_messages_by_client
from care.services import conversations, linking
from programs.models import MESSAGE_MAX_LENGTH, Message
from tests.factories import CareLinkFactory, MessageFactory, PhysiotherapistFactory, UserFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return " ".join(response.content.decode().split())


def words(response) -> str:
    """What a person reads: the page without its tags."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def pair(linked_client, physio_user):
    return linked_client, physio_user


def test_the_client_answers_and_the_physiotherapist_sees_it_unread(client, pair):
    person, physio = pair
    conversations.message_send(physio=physio, client=person, body="How are the stairs?")
    client.force_login(person)
    url = reverse("conversation", args=[physio.pk])
    response = client.post(url, {"body": "Better, thanks.\nStill sore going down."})
    assert response.status_code == 302
    assert response["Location"] == url + "#latest"
    reply = Message.objects.get(sender=Message.Sender.CLIENT)
    assert (reply.client, reply.physiotherapist, reply.read_at) == (person, physio, None)

    assert unread_messages_by_client(physio, [person.pk]) == {person.pk: 1}
    client.force_login(physio)
    response = client.get(reverse("physio:client", args=[person.pk]))
    assert "Messages 1 unread" in words(response)
    review = text(response)
    assert "Better, thanks.<br>Still sore going down." in review
    # Opening the conversation reads it: the client sees "read" next to their message.
    page = text(client.get(reverse("physio:message_send", args=[person.pk])))
    assert "Better, thanks." in page and ">new<" in page
    assert unread_messages_by_client(physio, [person.pk]) == {}
    client.force_login(person)
    assert "· read" in text(client.get(url))


def test_the_review_page_alone_does_not_mark_messages_read(client, pair):
    person, physio = pair
    MessageFactory(client=person, physiotherapist=physio, sender="client", body="Hello")
    client.force_login(physio)
    client.get(reverse("physio:client", args=[person.pk]))
    assert Message.objects.get().read_at is None


def test_the_client_sees_unread_messages_in_the_menu_and_on_today(client, pair):
    person, physio = pair
    conversations.message_send(physio=physio, client=person, body="Ease off this week.")
    conversations.message_send(physio=physio, client=person, body="Tell me on Friday.")
    client.force_login(person)
    settings_page = text(client.get(reverse("account_settings")))
    assert 'Messages <span class="badge text-bg-light">2<span class="visually-hidden"> unread' in (
        settings_page
    )
    today = text(client.get(reverse("programs:today")))
    assert "Ease off this week." in today and ">new<" in today
    assert reverse("conversations") in today
    # Today has shown them: the menu no longer counts them.
    assert 'visually-hidden"> unread' not in text(client.get(reverse("account_settings")))


def test_with_one_physiotherapist_messages_opens_that_conversation(client, pair):
    person, physio = pair
    client.force_login(person)
    response = client.get(reverse("conversations"))
    assert response["Location"] == reverse("conversation", args=[physio.pk])


def test_with_two_physiotherapists_each_has_their_own_thread(client, pair):
    person, physio = pair
    second = PhysiotherapistFactory(first_name="Dana", last_name="Reyes")
    CareLinkFactory(client=person, physiotherapist=second)
    conversations.message_send(physio=physio, client=person, body="FROM-THE-FIRST")
    conversations.message_send(physio=second, client=person, body="FROM-THE-SECOND")
    client.force_login(person)
    listing = text(client.get(reverse("conversations")))
    assert "Dana Reyes" in listing and listing.count("1 unread") == 2
    thread = text(client.get(reverse("conversation", args=[second.pk])))
    assert "FROM-THE-SECOND" in thread and "FROM-THE-FIRST" not in thread
    # Each physiotherapist sees only their own conversation with the client.
    client.force_login(physio)
    page = text(client.get(reverse("physio:message_send", args=[person.pk])))
    assert "FROM-THE-FIRST" in page and "FROM-THE-SECOND" not in page
    assert unread_messages_by_client(second, [person.pk]) == {}


def test_after_sharing_ends_the_client_reads_but_cannot_write(client, pair):
    person, physio = pair
    conversations.message_send(physio=physio, client=person, body="See you soon.")
    linking.care_link_end(link=person.care_links.get(), actor=person)
    client.force_login(person)
    url = reverse("conversation", args=[physio.pk])
    page = text(client.get(url))
    assert "See you soon." in page
    assert "you cannot write to them here" in page and "<textarea" not in page
    client.post(url, {"body": "Are you there?"})
    assert not Message.objects.filter(sender="client").exists()
    with pytest.raises(PermissionDenied):
        conversations.message_reply(client=person, physio=physio, body="Are you there?")
    # The physiotherapist no longer reaches it, and it no longer counts for them.
    client.force_login(physio)
    assert client.get(reverse("physio:message_send", args=[person.pk])).status_code == 404


def test_nobody_else_reaches_a_conversation(client, pair):
    person, physio = pair
    MessageFactory(client=person, physiotherapist=physio, sender="client", body="PRIVATE")
    stranger = UserFactory()
    client.force_login(stranger)
    assert client.get(reverse("conversation", args=[physio.pk])).status_code == 404
    assert client.post(reverse("conversation", args=[physio.pk]), {"body": "x"}).status_code == 404
    assert "PRIVATE" not in text(client.get(reverse("conversations")))
    with pytest.raises(PermissionDenied):
        conversations.message_reply(client=stranger, physio=physio, body="x")
    other_physio = PhysiotherapistFactory()
    client.force_login(other_physio)
    assert client.get(reverse("physio:message_send", args=[person.pk])).status_code == 404
    assert unread_messages_by_client(other_physio, [person.pk]) == {}
    assert Message.objects.count() == 1


def test_unread_by_client_counts_only_linked_clients_in_one_query(pair, django_assert_num_queries):
    person, physio = pair
    second = CareLinkFactory(physiotherapist=physio).client
    former = CareLinkFactory(physiotherapist=physio, ended_at=timezone.now()).client
    for who, count in ((person, 2), (second, 1), (former, 3)):
        for _ in range(count):
            MessageFactory(client=who, physiotherapist=physio, sender="client")
    MessageFactory(client=second, physiotherapist=physio)  # the physiotherapist's own
    MessageFactory(client=person, physiotherapist=physio, sender="client", read_at=timezone.now())
    with django_assert_num_queries(1):
        counts = unread_messages_by_client(physio, [person.pk, second.pk, former.pk])
    assert counts == {person.pk: 2, second.pk: 1}


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("   ", "Write the message before sending."),
        ("y" * (MESSAGE_MAX_LENGTH + 1), f"at most {MESSAGE_MAX_LENGTH} characters"),
    ],
)
def test_an_empty_or_long_reply_is_refused_next_to_the_box_and_kept(client, pair, body, error):
    person, physio = pair
    client.force_login(person)
    response = client.post(reverse("conversation", args=[physio.pk]), {"body": body})
    assert response.status_code == 200
    page = response.content.decode()
    assert error in page and "invalid-feedback" in page
    if body.strip():
        assert body in page
    assert not Message.objects.exists()


def test_the_service_refuses_a_message_over_the_limit():
    with pytest.raises(CareError):
        conversations.message_body_clean("y" * (MESSAGE_MAX_LENGTH + 1))


def test_html_in_a_reply_reaches_the_physiotherapist_escaped(client, pair):
    person, physio = pair
    client.force_login(person)
    client.post(reverse("conversation", args=[physio.pk]), {"body": "<b>hi</b>"})
    client.force_login(physio)
    page = client.get(reverse("physio:message_send", args=[person.pk])).content.decode()
    assert "&lt;b&gt;hi&lt;/b&gt;" in page and "<b>hi</b>" not in page


def test_a_client_without_physiotherapist_is_told_how_to_start(client, client_user):
    client.force_login(client_user)
    page = text(client.get(reverse("conversations")))
    assert "When you share your data with a physiotherapist" in page
