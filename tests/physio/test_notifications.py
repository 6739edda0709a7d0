"""Emails to the physiotherapist about their clients: urgent flags at once, the rest in the daily
digest, each kind as they chose (at once, digest, off), and never the same news twice."""

from __future__ import annotations

import re
from datetime import timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.care_events import CareEvent
from assessments.models import Assessment
from assessments.services import assessment_record_clearance, assessment_submit
from care.models import DigestSent, NotificationPreferences, NotificationSent
from care.services import conversations, linking
from care.services.notifications import digest_send, notification_send_immediate
from privacy.services import account_delete
from programs.models import Flag
from programs.services.flags import flag_raise
from tests.dates import THREE_WEEKS_IN
from tests.factories import CareLinkFactory, InvitationFactory, PhysiotherapistFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET = "knee hot and red with a fever"


@pytest.fixture
def at_once(django_capture_on_commit_callbacks):
    """Run what waits for the transaction's commit (the immediate emails) as it would run."""

    def _run(step):
        with django_capture_on_commit_callbacks(execute=True):
            return step()

    return _run


def raise_flag(client, *, urgency="same_day", kind=Flag.Kind.REFERRAL, key="checkin:1:REF"):
    return flag_raise(
        client=client,
        program=None,
        dedupe_key=key,
        kind=kind,
        destination="emergency" if kind == Flag.Kind.REFERRAL else "",
        urgency=urgency if kind == Flag.Kind.REFERRAL else "",
        reason=SECRET,
        rule="REF-X",
        source=Flag.Source.CHECKIN,
    )


def run_daily(day=THREE_WEEKS_IN) -> str:
    out = StringIO()
    call_command("run_daily", "--date", day.isoformat(), stdout=out)
    return out.getvalue()


def to(physio) -> list:
    """The emails sent to the physiotherapist (the daily job also emails clients reminders)."""
    return [message for message in mail.outbox if message.to == [physio.email]]


def digest(physio, day=THREE_WEEKS_IN) -> int:
    """The digest step for one physiotherapist (the daily job's other steps may raise flags of
    their own on a linked client's program)."""
    return digest_send(physio=physio, day=day)


def prefer(physio, **choices) -> None:
    NotificationPreferences.objects.update_or_create(physiotherapist=physio, defaults=choices)


def test_a_same_day_flag_is_emailed_at_once_and_only_once(linked_client, physio_user, at_once):
    flag = at_once(lambda: raise_flag(linked_client))
    assert [m.to for m in mail.outbox] == [[physio_user.email]]
    email = mail.outbox[0]
    name = linked_client.display_name
    assert email.subject == f"valgus: {name}: a new referral flag (same day)"
    assert f"/physio/clients/{linked_client.pk}/#flags" in email.body
    assert SECRET not in email.body  # no health details in an email
    # The same cause again (a re-saved check-in), and the daily job: nothing more.
    assert at_once(lambda: raise_flag(linked_client)) == flag
    prefer(physio_user, flag="off")  # the job's own adherence flag is not this test's
    run_daily()
    run_daily()
    assert len(to(physio_user)) == 1
    assert NotificationSent.objects.get().delivery == "immediate"


def test_a_within_two_weeks_flag_is_urgent_too(linked_client, physio_user, at_once):
    at_once(lambda: raise_flag(linked_client, urgency="within_2_weeks"))
    assert mail.outbox[0].subject.endswith("a new referral flag (within 2 weeks)")


def test_urgent_flags_set_to_off_send_nothing_ever(linked_client, physio_user, at_once):
    prefer(physio_user, urgent_flag="off")
    at_once(lambda: raise_flag(linked_client))
    assert digest(physio_user) == 0
    assert mail.outbox == []
    assert not NotificationSent.objects.exists()


def test_urgent_flags_set_to_digest_wait_for_the_morning(linked_client, physio_user, at_once):
    prefer(physio_user, urgent_flag="digest", flag="off")
    at_once(lambda: raise_flag(linked_client))
    assert mail.outbox == []
    assert "Sent 1 digest(s) to physiotherapists." in run_daily()
    assert len(to(physio_user)) == 1
    assert "a new referral flag (same day)" in to(physio_user)[0].body


def test_a_kind_set_to_immediate_is_sent_at_once(linked_client, physio_user, at_once):
    prefer(physio_user, client_message="immediate")
    at_once(
        lambda: conversations.message_reply(
            client=linked_client, physio=physio_user, body="My knee is better"
        )
    )
    assert mail.outbox[0].subject == f"valgus: {linked_client.display_name} sent you a message"
    assert f"/physio/clients/{linked_client.pk}/messages/" in mail.outbox[0].body
    assert "My knee is better" not in mail.outbox[0].body


def test_the_digest_tells_each_kind_once_with_links(today, physio_user, at_once):
    # An accepted invitation, then what the new client does, then another who stops sharing.
    person = UserFactory(first_name="Alex", last_name="Morgan")
    invitation = InvitationFactory(physiotherapist=physio_user)
    at_once(lambda: linking.invitation_accept(code=invitation.code, client=person))
    at_once(lambda: raise_flag(person, kind=Flag.Kind.ATTENTION, key="adherence:1"))
    at_once(lambda: raise_flag(person, urgency="routine", key="session:1"))
    at_once(lambda: conversations.message_reply(client=person, physio=physio_user, body="Hi"))
    leaving = CareLinkFactory(
        physiotherapist=physio_user, client=UserFactory(first_name="Bo", last_name="Lind")
    )
    at_once(lambda: linking.care_link_end(link=leaving, actor=leaving.client))
    assessment = Assessment.objects.create(
        owner=person,
        answers={
            "age": 30,
            "side": "left",
            "pain_now": 2,
            "pain_worst_week": 3,
            "giving_way": True,
        },
        current_step="preferences",
    )
    assessment_submit(assessment=assessment)
    at_once(
        lambda: assessment_record_clearance(
            assessment=assessment,
            user=person,
            clinician_name="Dr Patel",
            clinician_role="doctor",
            seen_on=timezone.localdate(),
            confirmed=True,
        )
    )
    assert mail.outbox == []  # nothing here is urgent

    run_daily()
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [physio_user.email]
    assert email.subject == "valgus: your clients since yesterday (6)"
    lines = [line.strip() for line in email.body.splitlines() if line.startswith("- ")]
    assert lines == [
        "- Alex Morgan accepted your invitation and now shares their data with you",
        "- Alex Morgan: a new flag needs your attention",
        "- Alex Morgan: a new referral flag (routine)",
        "- Alex Morgan sent you a message",
        "- Bo Lind stopped sharing their data with you",
        "- Alex Morgan recorded that a clinician cleared them to exercise",
    ]
    base = f"/physio/clients/{person.pk}/"
    for link in (base, base + "#flags", base + "messages/", base + "#clearances", "/physio/"):
        assert link in email.body
    assert "/physio/notifications/" in email.body

    # Run again the same day, and the next day: nothing new, nothing sent.
    run_daily()
    run_daily(THREE_WEEKS_IN + timedelta(days=1))
    assert len(mail.outbox) == 1
    assert DigestSent.objects.get().events == 6


def test_a_second_digest_the_same_day_sends_nothing(linked_client, physio_user, at_once):
    prefer(physio_user, urgent_flag="digest")
    at_once(lambda: raise_flag(linked_client))
    assert digest_send(physio=physio_user, day=THREE_WEEKS_IN) == 1
    at_once(lambda: raise_flag(linked_client, key="checkin:2:REF"))
    # Another server's run of the same day finds the day's row: the new flag waits a day.
    assert digest_send(physio=physio_user, day=THREE_WEEKS_IN) == 0
    assert digest_send(physio=physio_user, day=THREE_WEEKS_IN + timedelta(days=1)) == 1
    assert len(mail.outbox) == 2


def test_an_event_told_at_once_is_not_in_the_digest(linked_client, physio_user, at_once):
    at_once(lambda: raise_flag(linked_client))  # immediate
    at_once(lambda: raise_flag(linked_client, kind=Flag.Kind.ATTENTION, key="adherence:9"))
    assert digest(physio_user) == 1
    assert len(mail.outbox) == 2
    assert "a new referral flag" not in mail.outbox[1].body
    assert "a new flag needs your attention" in mail.outbox[1].body


def test_a_failed_immediate_email_goes_in_the_digest(
    linked_client, physio_user, at_once, settings, monkeypatch
):
    def refuse(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr("django.core.mail.EmailMessage.send", refuse)
        at_once(lambda: raise_flag(linked_client))
    assert mail.outbox == [] and not NotificationSent.objects.exists()
    assert digest(physio_user) == 1
    assert "a new referral flag (same day)" in mail.outbox[0].body


def test_only_physiotherapists_linked_since_before_the_event_hear_of_it(
    today, linked_client, physio_user, at_once, time_machine
):
    unlinked = PhysiotherapistFactory()
    at_once(lambda: raise_flag(linked_client, kind=Flag.Kind.ATTENTION, key="adherence:1"))
    time_machine.shift(timedelta(hours=1))
    later = CareLinkFactory(
        client=linked_client, physiotherapist=PhysiotherapistFactory()
    ).physiotherapist
    assert [digest(physio_user), digest(unlinked), digest(later)] == [1, 0, 0]
    assert [m.to for m in mail.outbox] == [[physio_user.email]]


def test_a_physiotherapist_who_ended_the_link_hears_nothing_more(
    linked_client, physio_user, at_once
):
    link = linked_client.care_links.get()
    at_once(lambda: linking.care_link_end(link=link, actor=physio_user))  # not news to them
    at_once(lambda: raise_flag(linked_client))
    assert digest(physio_user) == 0
    assert mail.outbox == []


def test_a_client_deleting_their_account_is_news_without_their_data(
    linked_client, physio_user, at_once
):
    name = linked_client.display_name
    at_once(lambda: account_delete(user=linked_client))
    event = CareEvent.objects.get()
    assert (event.client, event.client_name, event.detail) == (None, name, "account_deleted")
    assert digest(physio_user) == 1
    assert (
        f"- {name} deleted their account; your clinical notes about them are kept in your records"
    ) in mail.outbox[0].body


def test_dry_run_lists_who_would_get_a_digest_and_sends_nothing(
    linked_client, physio_user, at_once
):
    at_once(lambda: raise_flag(linked_client, kind=Flag.Kind.ATTENTION, key="adherence:1"))
    out = StringIO()
    call_command("run_daily", "--date", THREE_WEEKS_IN.isoformat(), "--dry-run", stdout=out)
    assert f"would send a digest to {physio_user.username}" in out.getvalue()
    assert mail.outbox == [] and not DigestSent.objects.exists()


# --- the settings page ----------------------------------------------------------------------


def test_the_settings_page_shows_the_defaults_and_saves_a_choice(physio_client, physio_user):
    url = reverse("physio:notifications")
    page = physio_client.get(url).content.decode()
    checked = re.findall(r'name="(\w+)" value="(\w+)"\s+id="\w+" required checked', page)
    assert dict(checked) == {
        "urgent_flag": "immediate",
        "flag": "digest",
        "invitation_accepted": "digest",
        "sharing_ended": "digest",
        "clearance": "digest",
        "client_message": "digest",
    }
    assert not NotificationPreferences.objects.exists()  # opening it wrote nothing
    choices = {kind: "digest" for kind in CareEvent.Kind.values} | {"client_message": "off"}
    response = physio_client.post(url, choices)
    assert response.status_code == 302
    saved = NotificationPreferences.objects.get(physiotherapist=physio_user)
    assert (saved.urgent_flag, saved.flag, saved.client_message) == ("digest", "digest", "off")


def test_a_bad_choice_is_refused_next_to_its_question(physio_client, physio_user):
    choices = {kind: "digest" for kind in CareEvent.Kind.values} | {"urgent_flag": "fax"}
    response = physio_client.post(reverse("physio:notifications"), choices)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not NotificationPreferences.objects.exists()


def test_clients_have_no_notification_settings(client, client_user):
    client.force_login(client_user)
    assert client.get(reverse("physio:notifications")).status_code == 404


def test_an_event_committed_late_is_history_for_the_digest(
    linked_client, physio_user, time_machine
):
    flag = raise_flag(linked_client)  # no commit here: nothing sent yet
    event = CareEvent.objects.get(subject_id=flag.pk)
    time_machine.shift(timedelta(hours=2))
    assert notification_send_immediate(event=event) == 0
    assert mail.outbox == []
    assert digest(physio_user) == 1
