"""Who may open which physiotherapist URL: only the linked physiotherapist, while linked."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from care.services import linking
from tests.factories import CareLinkFactory, FlagFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

CLIENT_URLS = [
    ("client", "GET"),
    ("client_end", "POST"),
    ("program_pause", "GET"),
    ("program_pause", "POST"),
    ("program_resume", "GET"),
    ("program_resume", "POST"),
    ("strength_days", "GET"),
    ("strength_days", "POST"),
    ("exercise_add", "GET"),
    ("exercise_add", "POST"),
    ("note_add", "GET"),
    ("note_add", "POST"),
    ("message_send", "GET"),
    ("message_send", "POST"),
]
EXERCISE_URLS = ["exercise_level", "exercise_dose", "exercise_remove"]
FLAG_URLS = [
    ("flag_acknowledge", "GET"),
    ("flag_acknowledge", "POST"),
    ("flag_resolve", "GET"),
    ("flag_resolve", "POST"),
]


def _urls(person, exercise, flag) -> list[tuple[str, str]]:
    urls = [(reverse(f"physio:{name}", args=[person.pk]), method) for name, method in CLIENT_URLS]
    for name in EXERCISE_URLS:
        url = reverse(f"physio:{name}", args=[person.pk, exercise.pk])
        urls += [(url, "GET"), (url, "POST")]
    urls += [
        (reverse(f"physio:{name}", args=[person.pk, flag.pk]), method) for name, method in FLAG_URLS
    ]
    return urls


def _post_data() -> dict:
    return {"reason": "x", "note": "x", "body": "x", "level": 1, "days": [0, 3]}


@pytest.fixture
def target(today, physio_user):
    """A client with a program, an open flag and (depending on the test) a link."""
    person = UserFactory()
    program = ProgramFactory(client=person)
    flag = FlagFactory(
        client=person,
        program=program,
        urgency="routine",
        destination="physiotherapist",
        reason="Test",
        source="session",
        dedupe_key="t",
    )
    return person, program.exercises.first(), flag


def _assert_all_404(client, urls):
    for url, method in urls:
        response = client.post(url, _post_data()) if method == "POST" else client.get(url)
        assert response.status_code == 404, f"{method} {url} gave {response.status_code}"


def test_unlinked_client_ids_are_404(physio_client, target):
    _assert_all_404(physio_client, _urls(*target))


def test_revoked_link_is_404(physio_client, physio_user, target):
    person = target[0]
    CareLinkFactory(client=person, physiotherapist=physio_user, ended_at=timezone.now())
    _assert_all_404(physio_client, _urls(*target))


def test_another_physios_client_is_404(client, other_physio, physio_user, target):
    CareLinkFactory(client=target[0], physiotherapist=physio_user)
    client.force_login(other_physio)
    _assert_all_404(client, _urls(*target))


def test_client_accounts_get_404_everywhere(client, target):
    person = target[0]
    client.force_login(person)
    urls = _urls(*target) + [
        (reverse("physio:caseload"), "GET"),
        (reverse("physio:invitations"), "GET"),
        (reverse("physio:invitations"), "POST"),
        (reverse("physio:invitation_cancel", args=[1]), "POST"),
    ]
    _assert_all_404(client, urls)


def test_non_existent_ids_are_404(physio_client, linked_client, program):
    exercise = program.exercises.first()
    flag = FlagFactory(
        client=linked_client, reason="x", source="session", dedupe_key="x", urgency="routine"
    )
    missing = 999_999
    urls = [
        (reverse("physio:client", args=[missing]), "GET"),
        (reverse("physio:exercise_level", args=[linked_client.pk, missing]), "GET"),
        (reverse("physio:flag_acknowledge", args=[linked_client.pk, missing]), "GET"),
        (reverse("physio:invitation_cancel", args=[missing]), "POST"),
        # Ids that exist, but under another client's URL.
        (reverse("physio:exercise_level", args=[missing, exercise.pk]), "GET"),
        (reverse("physio:flag_resolve", args=[missing, flag.pk]), "POST"),
    ]
    _assert_all_404(physio_client, urls)


def test_other_physios_invitation_is_404(client, other_physio, physio_user, today):
    invitation = linking.invitation_create(physiotherapist=physio_user)
    client.force_login(other_physio)
    _assert_all_404(client, [(reverse("physio:invitation_cancel", args=[invitation.pk]), "POST")])


def test_anonymous_visitors_are_sent_to_log_in(client, target):
    response = client.get(reverse("physio:client", args=[target[0].pk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_linked_physio_can_open_every_page(physio_client, linked_client, program):
    exercise = program.exercises.first()
    for name in ("client", "program_pause", "strength_days", "exercise_add", "note_add"):
        assert (
            physio_client.get(reverse(f"physio:{name}", args=[linked_client.pk])).status_code == 200
        )
    for name in EXERCISE_URLS:
        url = reverse(f"physio:{name}", args=[linked_client.pk, exercise.pk])
        assert physio_client.get(url).status_code == 200
