"""Logging a session and the morning-after check-in, with what the save changed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_http_methods

from accounts.errors import ServiceError
from assessments.presentation import exercise_name, level_step
from programs import selectors, services
from programs.forms import CheckInForm, ExerciseLogForm
from programs.models import Flag, ProgressionDecision
from programs.policy import checkin_refusal

CHECKIN_FIELDS = (
    "pain_now",
    "swelling",
    "giving_way",
    "locking",
    "hot_red_knee",
    "fever_or_unwell",
    "cannot_bear_weight",
)


def new_level_changes(
    decisions: Iterable[ProgressionDecision],
    decided_before: dict[int, tuple],
    *,
    said_by_flags: Iterable[tuple[str, date | None]] = (),
) -> list[str]:
    """One phrase per exercise whose level for next time this save changed, except a step down
    that a new pain flag of the same exercise and session already says (a flag raised with the
    step down for its session names the new level)."""
    flagged = set(said_by_flags)
    phrases = []
    for decision in decisions:
        before = decided_before.get(decision.exercise_log_id)
        if before == (decision.action, decision.to_level):
            continue
        if decision.action == ProgressionDecision.Action.HOLD and (
            before is None or before[1] == decision.to_level
        ):
            continue
        exercise = decision.program_exercise
        if exercise.level != decision.to_level:
            continue  # a physiotherapist's later change stands
        stepped_down = decision.to_level < decision.from_level
        if stepped_down and (exercise.code, decision.session_date) in flagged:
            continue
        phrases.append(
            level_step(
                name=exercise_name(exercise.code),
                code=exercise.code,
                from_level=decision.from_level,
                to_level=decision.to_level,
            )
        )
    return phrases


def _outcome_messages(
    request: HttpRequest,
    *,
    saved: str,
    decisions: Iterable[ProgressionDecision],
    flags: Iterable[Flag],
    before: tuple[dict[int, tuple], set[int]],
    paused: bool = False,
) -> None:
    """One confirmation, then only what this save changed: new levels in one message, new flags
    in another. A pause has its own message and the reason on Today."""
    decided_before, flags_before = before
    if paused:
        messages.error(
            request,
            "Your program is paused: please follow the advice below before exercising again.",
        )
    else:
        messages.success(request, saved)
    new_flags: list[Flag] = []
    if not paused:
        for flag in flags:
            if flag.pk not in flags_before and flag.pk not in {item.pk for item in new_flags}:
                new_flags.append(flag)
    changes = new_level_changes(
        decisions,
        decided_before,
        said_by_flags=[(flag.exercise_code, flag.session_date) for flag in new_flags],
    )
    if changes:
        messages.info(
            request,
            format_html(
                '<p class="mb-1">For next time:</p><ul class="mb-1">{}</ul>'
                '<p class="mb-0 small">Today shows why, under each exercise.</p>',
                format_html_join("", "<li>{}</li>", ((change,) for change in changes)),
            ),
        )
    if new_flags:
        messages.warning(request, " ".join(flag.reason for flag in new_flags))


@login_required
@require_http_methods(["GET", "POST"])
def session(request: HttpRequest, day: date) -> HttpResponse:
    """Log (or correct) every exercise of one day in one form."""
    today = timezone.localdate()
    page = selectors.session_page(request.user, day, today)
    data = request.POST if request.method == "POST" else None
    forms = [
        ExerciseLogForm(data, card=card, logged=page.logs.get(card.code)) for card in page.cards
    ]
    problem = ""
    if request.method == "POST":
        if not page.can_log:
            messages.error(request, page.why_not)
            return redirect("programs:session", day=day)
        if all(form.is_valid() for form in forms):
            # A skipped exercise is logged only to correct an earlier log to "not done".
            entries = [form.entry_values() for form in forms if not form.is_skipped or form.logged]
            if not entries:
                problem = "Log at least one exercise, or come back when you have done some."
            else:
                before = selectors.session_outcomes(request.user, page.session)
                try:
                    result = services.session_log_record(
                        client=request.user, session=page.session, entries=entries, today=today
                    )
                except ServiceError as error:
                    problem = error.message
                else:
                    _outcome_messages(
                        request,
                        saved=f"Saved your session of {day:%A %-d %B}.",
                        decisions=result.decisions,
                        flags=result.flags,
                        before=before,
                    )
                    if day == today:
                        return redirect("programs:today")
                    return redirect("programs:session", day=day)
        else:
            problem = "Some answers need a look: see the messages next to the fields."
    return render(
        request,
        "programs/session.html",
        {
            "page": page,
            "forms": forms,
            "problem": problem,
            "today": today,
            "week_number": page.session.week,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, day: date) -> HttpResponse:
    """The morning-after check-in for the session on ``day``."""
    today = timezone.localdate()
    session_obj = selectors.session_for(request.user, day)
    existing = selectors.checkin_existing(session_obj)
    initial = {}
    if existing is not None:
        initial = {name: getattr(existing, name) for name in CHECKIN_FIELDS}
    form = CheckInForm(request.POST or None, initial=initial)
    problem = ""
    if request.method == "POST" and form.is_valid():
        before = selectors.session_outcomes(request.user, session_obj)
        try:
            result = services.checkin_record(
                client=request.user, session=session_obj, entry=form.cleaned_data, today=today
            )
        except ServiceError as error:
            problem = error.message
        else:
            _outcome_messages(
                request,
                saved=(
                    "Thank you: your check-in is updated."
                    if existing is not None
                    else "Thank you: your check-in is saved."
                ),
                decisions=result.decisions,
                flags=result.flags,
                before=before,
                paused=result.paused,
            )
            return redirect("programs:today")
    elif request.method == "POST":
        problem = "Some answers need a look: see the messages next to the fields."
    return render(
        request,
        "programs/checkin.html",
        {
            "session": session_obj,
            "form": form,
            "existing": existing,
            "problem": problem,
            "can_check_in": checkin_refusal(session_obj, today) is None,
        },
    )
