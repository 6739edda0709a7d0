"""The guided session: one exercise at a time with its figure, timers and a one-tap log, saved
through the same service as the session form (``session_log_record``) by a small JSON endpoint.

The page needs JavaScript (``static/js/guided.js``); without it, it sends the person to the
form, which works as before.
"""

from __future__ import annotations

import json
from datetime import date
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.errors import NotFound, ServiceError
from assessments.presentation import next_time_line
from programs import selectors, services
from programs.forms import ExerciseLogForm
from programs.models import ExerciseLog, Program
from programs.policy import rest_between_sets_seconds
from programs.views.sessions import new_level_changes

# What the endpoint reads of each entry; anything else is ignored.
ENTRY_FIELDS = (
    "sets_done",
    "reps_done",
    "hold_seconds_done",
    "pain_during",
    "difficulty",
    "band_or_load",
    "note",
)


@login_required
@require_GET
def guided(request: HttpRequest, day: date) -> HttpResponse:
    """One exercise at a time; opening it changes nothing."""
    today = timezone.localdate()
    page = selectors.session_page(request.user, day, today)
    steps = [
        (card, rest_between_sets_seconds(card.exercise))
        for card in page.cards
        if card.exercise.active
    ]
    return render(
        request,
        "programs/guided.html",
        {
            "page": page,
            "steps": steps,
            "today": today,
            "difficulties": ExerciseLog.Difficulty.choices,
            "pain_scale": range(11),
        },
    )


def _problem(status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> JsonResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(body, status=status)


def _form_data(code: str, entry: dict[str, Any]) -> dict[str, str]:
    """An entry as the session form would have posted it, so both validate alike."""
    data = {}
    for name in ENTRY_FIELDS:
        value = entry.get(name)
        data[f"{code}-{name}"] = "" if value is None else str(value)
    return data


def _entries_or_errors(
    body: Any, cards: dict[str, selectors.ExerciseCard]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The entries checked field by field with the session form's own rules and messages."""
    raw = body.get("entries") if isinstance(body, dict) else None
    if not isinstance(raw, list) or not raw:
        message = "Log at least one exercise, or come back when you have done some."
        return [], [{"loc": ["entries"], "msg": message}]
    entries, errors, seen = [], [], set()
    for index, entry in enumerate(raw):
        where = ["entries", index]
        code = entry.get("code") if isinstance(entry, dict) else None
        card = cards.get(code) if isinstance(code, str) else None
        if card is None:
            errors.append(
                {"loc": [*where, "code"], "msg": "This exercise is not part of the session."}
            )
            continue
        if code in seen:
            errors.append({"loc": [*where, "code"], "item": code, "msg": "This exercise is twice."})
            continue
        seen.add(code)
        form = ExerciseLogForm(_form_data(code, entry), card=card)
        if not form.is_valid():
            for name, messages in form.errors.items():
                for message in messages:
                    errors.append({"loc": [*where, name], "item": code, "msg": message})
            continue
        entries.append(form.entry_values())
    return entries, errors


def _next_time(program: Program, codes: set[str]) -> list[dict[str, Any]]:
    """What each logged exercise will be next time, read after the save decided it."""
    return [
        {
            "code": card.code,
            "name": card.name,
            "level": card.level,
            "dose": str(card.dose),
            "text": card.next_time
            or next_time_line(code=card.code, level=card.level, dose=str(card.dose)),
        }
        for card in selectors.exercise_cards(program)
        if card.code in codes
    ]


def _logged_in_json(view):
    """Like ``login_required``, but a script gets 401 in JSON instead of the login page: the
    browser keeps the session in its outbox until the person has logged in again."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.is_authenticated:
            response = _problem(401, "Log in again to save this session.")
            response["WWW-Authenticate"] = 'Session realm="valgus"'
            return response
        return view(request, *args, **kwargs)

    return wrapper


@require_POST
@_logged_in_json
def session_log_api(request: HttpRequest, day: date) -> JsonResponse:
    """Save what a guided session did: 200 with what comes next time, 422 with one message per
    field, 400 when the day cannot be logged (its reason), 404 for a day not one's own.

    Sending the same session again updates the same logs (one log per exercise and session):
    a session sent twice from a browser's outbox is logged once.
    """
    today = timezone.localdate()
    try:
        page = selectors.session_page(request.user, day, today)
    except NotFound:
        return _problem(404, "No session of yours on that day.")
    try:
        body = json.loads(request.body or b"null")
    except (UnicodeDecodeError, ValueError):
        return _problem(400, "The request body is not JSON.")
    if not page.can_log:
        return _problem(400, page.why_not)
    cards = {card.code: card for card in page.cards if card.exercise.active}
    entries, errors = _entries_or_errors(body, cards)
    if errors:
        return _problem(422, "Some answers need a look.", errors)
    before = selectors.session_outcomes(request.user, page.session)
    try:
        result = services.session_log_record(
            client=request.user, session=page.session, entries=entries, today=today
        )
    except ServiceError as error:
        return _problem(400, error.message)
    decided_before, flags_before = before
    return JsonResponse(
        {
            "saved": f"Saved your session of {day:%A %-d %B}.",
            "day": day.isoformat(),
            "changes": new_level_changes(result.decisions, decided_before),
            "flags": sorted({flag.reason for flag in result.flags if flag.pk not in flags_before}),
            "next_time": _next_time(page.session.program, {e["code"] for e in entries}),
        }
    )
