"""run_daily: exactly the right clients for a fixed date, opt-out respected, one email each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import CommandError, call_command

from programs.models import Flag, Program, ReminderSent
from tests.dates import END_OF_WEEK_12, START
from tests.factories import STRENGTH_ONLY_ANSWERS, ProgramFactory, ReminderSentFactory, UserFactory
from tests.programs.helpers import log_session

pytestmark = pytest.mark.django_db

DAY = date(2026, 3, 11)  # a Wednesday in week 2
YESTERDAY = DAY - timedelta(days=1)


def remind(day: date = DAY, *args: str) -> list[str]:
    mail.outbox.clear()
    call_command("run_daily", "--date", day.isoformat(), *args)
    return sorted(address for message in mail.outbox for address in message.to)


def client_with_program(name: str, **user_fields):
    user = UserFactory(**{"username": name, "email": f"{name}@example.org", **user_fields})
    return ProgramFactory(client=user, start_date=START)


def test_picks_exactly_the_clients_who_missed_yesterday():
    client_with_program("missed")  # session today, nothing logged yesterday -> reminded
    logged = client_with_program("logged")
    log_session(logged, YESTERDAY)
    client_with_program("optedout", reminders_enabled=False)
    client_with_program("noemail", email="")
    paused = client_with_program("paused")
    Program.objects.filter(pk=paused.pk).update(status=Program.Status.PAUSED)
    completed = client_with_program("completed")
    Program.objects.filter(pk=completed.pk).update(status=Program.Status.COMPLETED)
    client_with_program("inactive", is_active=False)
    UserFactory(username="noprogram", email="noprogram@example.org")
    # Starts today: there was no session yesterday to miss.
    ProgramFactory(
        client=UserFactory(username="startstoday", email="startstoday@example.org"),
        start_date=DAY,
    )
    # Strength days Monday and Thursday only: no session on Wednesday.
    ProgramFactory(
        client=UserFactory(username="restday", email="restday@example.org"),
        start_date=START,
        answers=STRENGTH_ONLY_ANSWERS,
        strength_days=[0, 3],
    )

    assert remind() == ["missed@example.org"]


def test_strength_only_program_reminds_only_after_a_missed_strength_day():
    # Strength days Tuesday and Wednesday: on Wednesday, Tuesday's session was missed.
    program = ProgramFactory(
        client=UserFactory(username="tuewed", email="tuewed@example.org"),
        start_date=START,
        answers=STRENGTH_ONLY_ANSWERS,
        strength_days=[1, 2],
    )
    assert remind() == ["tuewed@example.org"]
    log_session(program, YESTERDAY)
    assert remind() == []


def test_logging_only_part_of_yesterday_counts_as_logged():
    program = client_with_program("partly")
    log_session(program, YESTERDAY, codes=["short_foot"])
    assert remind() == []


def test_email_links_to_today_and_to_the_opt_out():
    client_with_program("missed")
    remind()
    (message,) = mail.outbox
    assert message.subject == "Your knee exercises today"
    assert "/program/" in message.body
    assert "/accounts/settings/" in message.body
    assert "turn them off" in message.body
    assert "pain" not in message.body.lower()


def test_dry_run_sends_nothing(capsys):
    client_with_program("missed")
    assert remind(DAY, "--dry-run") == []
    assert "would remind missed" in capsys.readouterr().out


def test_one_email_per_client_per_run():
    client_with_program("missed")
    assert remind() == ["missed@example.org"]


def test_bad_date_is_a_clear_error():
    with pytest.raises(CommandError, match="--date must look like"):
        call_command("run_daily", "--date", "11/03/2026")


def test_running_twice_for_the_same_day_emails_once():
    client_with_program("missed")
    assert remind() == ["missed@example.org"]
    assert remind() == []
    assert ReminderSent.objects.filter(client__username="missed", date=DAY).count() == 1


def test_a_reminder_recorded_by_another_server_is_not_sent_again(capsys):
    program = client_with_program("missed")
    ReminderSentFactory(client=program.client, date=DAY)
    assert remind() == []
    assert remind(DAY, "--dry-run") == []
    assert "would remind" not in capsys.readouterr().out


def test_the_next_day_is_a_new_reminder():
    program = client_with_program("missed")
    assert remind() == ["missed@example.org"]
    # Nothing logged on Wednesday either: Thursday's reminder is a different day.
    assert remind(DAY + timedelta(days=1)) == ["missed@example.org"]
    assert program.client.reminders_sent.count() == 2


def test_a_failed_send_is_not_recorded_so_the_next_run_retries(monkeypatch):
    client_with_program("missed")

    def broken_send(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patched:
        patched.setattr(EmailMessage, "send", broken_send)
        # The batch fails, the others run, and the command says so and exits with an error.
        with pytest.raises(CommandError, match="ConnectionRefusedError"):
            remind()
    assert not ReminderSent.objects.exists()
    assert remind() == ["missed@example.org"]


def test_the_daily_run_completes_programs_past_their_last_day():
    finished = client_with_program("finished")
    running = client_with_program("running")
    Program.objects.filter(pk=running.pk).update(start_date=DAY - timedelta(days=7))
    paused = client_with_program("paused")
    Program.objects.filter(pk=paused.pk).update(status=Program.Status.PAUSED)

    remind(END_OF_WEEK_12 + timedelta(days=1))

    finished.refresh_from_db()
    running.refresh_from_db()
    paused.refresh_from_db()
    assert finished.status == Program.Status.COMPLETED and finished.ended_at is not None
    assert running.status == Program.Status.ACTIVE
    # A paused program waits for a clinician; it is not congratulated on finishing.
    assert paused.status == Program.Status.PAUSED


def test_the_last_day_itself_does_not_complete_the_program():
    program = client_with_program("lastday")
    remind(END_OF_WEEK_12)
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE


# --- adherence, checked by the daily run for every active program -----------------------------

THREE_WEEKS_IN = START + timedelta(days=21)


def test_the_daily_run_flags_a_client_who_stopped_opening_the_app():
    quiet = client_with_program("quiet")  # nothing logged at all, and never opens Today
    busy = client_with_program("busy")
    for day in (START + timedelta(days=offset) for offset in range(7, 21)):
        log_session(busy, day)

    remind(THREE_WEEKS_IN)

    flag = Flag.objects.get(client=quiet.client)
    assert (flag.kind, flag.source, flag.program_id) == ("attention", "adherence", quiet.pk)
    assert "planned sessions were logged in the last 14 days" in flag.reason
    assert not Flag.objects.filter(client=busy.client).exists()


def test_the_adherence_flag_is_raised_once_however_often_the_run_goes():
    quiet = client_with_program("quiet")
    remind(THREE_WEEKS_IN)
    remind(THREE_WEEKS_IN)
    remind(THREE_WEEKS_IN + timedelta(days=1))  # the same program week
    assert Flag.objects.filter(client=quiet.client, source="adherence").count() == 1


def test_a_paused_or_young_program_is_not_flagged_for_adherence():
    paused = client_with_program("paused")
    Program.objects.filter(pk=paused.pk).update(status=Program.Status.PAUSED)
    young = client_with_program("young")
    # Day 6 of the program: too early to judge a habit (spec section 8: from day 7).
    Program.objects.filter(pk=young.pk).update(start_date=THREE_WEEKS_IN - timedelta(days=5))
    remind(THREE_WEEKS_IN)
    assert not Flag.objects.filter(source="adherence").exists()


def test_a_dry_run_changes_nothing():
    program = client_with_program("quiet")
    remind(END_OF_WEEK_12 + timedelta(days=1), "--dry-run")
    program.refresh_from_db()
    assert program.status == Program.Status.ACTIVE
    assert not Flag.objects.filter(source="adherence").exists()
