"""Client pages of the program: Today, start, log a session, morning check-in, flags, resume.

Views are thin: they bind a form, call one service and redirect or render. Whose data is shown
always comes from ``request.user`` through the selectors.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_GET, require_http_methods

from programs import scheduling, selectors, services
from programs.engine import library as exercise_library
from programs.forms import CheckInForm, ExerciseLogForm, ProgramStartForm, ResumeForm
from programs.models import Flag, ProgressionDecision, ScheduledSession
from programs.presentation import level_title, next_time_display


def _today() -> date:
    return timezone.localdate()


@login_required
@require_GET
def today(request: HttpRequest) -> HttpResponse:
    if request.user.is_physiotherapist:
        return redirect("home")
    day = _today()
    program = selectors.program_current_for(request.user)
    if program is not None and not services.program_complete_if_finished(
        program=program, today=day
    ):
        services.program_adherence_check(program=program, today=day)
    page = selectors.today_page(request.user, day)
    for card in [*page.cards, *page.coming_up]:
        card.next_time = next_time_display(card.code, card.next_time)
    response = render(request, "programs/today.html", {"page": page})
    if any(message.read_at is None for message in page.messages):
        services.messages_mark_read(
            client=request.user, message_ids=[message.pk for message in page.messages]
        )
    return response


class StartForm(ProgramStartForm):
    """The start form with a free choice of 2 to 4 strength days.

    The assessment's sessions per week only sets which days are ticked at first.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["strength_days"]
        field.label = "Strength days"
        field.help_text = (
            f"We ticked {self.sessions_per_week} days, as you asked. Tick "
            f"{services.MIN_STRENGTH_DAYS} to {services.MAX_STRENGTH_DAYS} days that suit you; "
            "leave a rest day between them where you can: muscles get stronger while they "
            "recover."
        )

    def clean_strength_days(self) -> list[int]:
        try:
            return services.strength_days_validate(days=self.cleaned_data["strength_days"])
        except services.ProgramError as error:
            raise forms.ValidationError(error.message) from None


def _back_to_back_note(days: list[int]) -> str:
    pairs = services.strength_days_back_to_back(days)
    if not pairs:
        return ""
    names = ", ".join(
        f"{scheduling.WEEKDAY_NAMES[first]} and {scheduling.WEEKDAY_NAMES[second]}"
        for first, second in pairs
    )
    return (
        f"Your strength days {names} are back to back. That is fine if it suits you, but a "
        "rest day between strength days helps your muscles recover; your physiotherapist can "
        "change the days for you."
    )


@login_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, uid) -> HttpResponse:
    """Choose a start date and strength days, then generate the program.

    The result page posts here without fields ("Start my program"): that shows the form.
    """
    assessment = selectors.assessment_for_start(request.user, uid)
    evaluation = services.evaluation_of(assessment)
    current = selectors.program_current_for(request.user)
    if current is not None and current.assessment_id == assessment.pk:
        messages.info(request, "You are already following the program from this assessment.")
        return redirect("programs:today")
    day = _today()
    per_week = services.sessions_per_week_of(assessment)
    submitted = request.method == "POST" and "start_date" in request.POST
    form = StartForm(
        request.POST if submitted else None,
        initial={"start_date": day, "strength_days": services.strength_days_for(assessment)},
        sessions_per_week=per_week,
        today=day,
        has_current=current is not None,
    )
    allowed = bool(evaluation and evaluation.program_allowed and evaluation.exercises)
    if submitted and allowed and form.is_valid():
        try:
            services.program_generate(
                client=request.user,
                assessment=assessment,
                start_date=form.cleaned_data["start_date"],
                strength_days=form.cleaned_data["strength_days"],
                replace_current=form.cleaned_data.get("replace_current", False),
            )
        except services.ProgramError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Your program is ready. Here is what to do today.")
            note = _back_to_back_note(form.cleaned_data["strength_days"])
            if note:
                messages.warning(request, note)
            return redirect("programs:today")
    preview = []
    if evaluation is not None:
        for item in evaluation.exercises:
            preview.append(
                {
                    "name": exercise_library.get(item.code).name,
                    "level": item.level,
                    "frequency": item.frequency,
                    "dose": selectors.dose_text(
                        item.sets, item.reps, item.hold_seconds, item.per_side
                    ),
                }
            )
    return render(
        request,
        "programs/start.html",
        {
            "assessment": assessment,
            "evaluation": evaluation,
            "allowed": allowed,
            "form": form,
            "current": current,
            "preview": preview,
            "has_daily": any(item["frequency"] == "daily" for item in preview),
            "sessions_per_week": per_week,
        },
    )


def _outcomes_before(client, session: ScheduledSession) -> tuple[dict[int, tuple], set[int]]:
    """What the session's logs had already decided, and which flags the client already had.

    Compared with a save's result, it tells which decisions and flags that save caused, so a
    re-submitted form does not repeat what Today already shows.
    """
    decided = {
        log_id: (action, to_level)
        for log_id, action, to_level in ProgressionDecision.objects.filter(
            exercise_log__session=session
        ).values_list("exercise_log_id", "action", "to_level")
    }
    flag_ids = set(Flag.objects.filter(client=client).values_list("id", flat=True))
    return decided, flag_ids


def _new_level_changes(
    decisions: Iterable[ProgressionDecision], decided_before: dict[int, tuple]
) -> list[str]:
    """One phrase per exercise whose level for next time this save changed."""
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
        if decision.to_level > decision.from_level:
            verb = "steps up to"
        elif decision.to_level < decision.from_level:
            verb = "steps down to"
        else:
            verb = "stays at"
        name = exercise_library.get(exercise.code).name
        title = level_title(exercise.code, decision.to_level)
        phrases.append(f"{name} {verb} level {decision.to_level} — {title}")
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
    changes = _new_level_changes(decisions, decided_before)
    if changes:
        messages.info(
            request,
            format_html(
                '<p class="mb-1">For next time:</p><ul class="mb-1">{}</ul>'
                '<p class="mb-0 small">Today shows why, under each exercise.</p>',
                format_html_join("", "<li>{}</li>", ((change,) for change in changes)),
            ),
        )
    if not paused:
        new_flags = []
        for flag in flags:
            if flag.pk not in flags_before and flag.pk not in {item.pk for item in new_flags}:
                new_flags.append(flag)
        if new_flags:
            messages.warning(request, " ".join(flag.reason for flag in new_flags))


@login_required
@require_http_methods(["GET", "POST"])
def session(request: HttpRequest, day: date) -> HttpResponse:
    """Log (or correct) every exercise of one day in one form."""
    today = _today()
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
            entries = [form.entry_values() for form in forms if not form.is_skipped]
            if not entries:
                problem = "Log at least one exercise, or come back when you have done some."
            else:
                before = _outcomes_before(request.user, page.session)
                try:
                    result = services.session_log_record(
                        client=request.user, session=page.session, entries=entries, today=today
                    )
                except services.ProgramError as error:
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
    today = _today()
    session_obj = selectors.session_for(request.user, day)
    existing = selectors.checkin_existing(session_obj)
    initial = {}
    if existing is not None:
        initial = {
            name: getattr(existing, name)
            for name in (
                "pain_now",
                "swelling",
                "giving_way",
                "locking",
                "hot_red_knee",
                "fever_or_unwell",
                "cannot_bear_weight",
            )
        }
    form = CheckInForm(request.POST or None, initial=initial)
    problem = ""
    if request.method == "POST" and form.is_valid():
        before = _outcomes_before(request.user, session_obj)
        try:
            result = services.checkin_record(
                client=request.user, session=session_obj, entry=form.cleaned_data, today=today
            )
        except services.ProgramError as error:
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
    can_check_in = session_obj.date < today and (today - session_obj.date).days <= (
        services.EDIT_WINDOW_DAYS
    )
    return render(
        request,
        "programs/checkin.html",
        {
            "session": session_obj,
            "form": form,
            "existing": existing,
            "problem": problem,
            "can_check_in": can_check_in
            and session_obj.program.status != session_obj.program.Status.REPLACED,
        },
    )


@login_required
@require_GET
def flags(request: HttpRequest) -> HttpResponse:
    return render(request, "programs/flags.html", selectors.flags_page(request.user))


@login_required
@require_http_methods(["GET", "POST"])
def resume(request: HttpRequest) -> HttpResponse:
    """The client confirms that a clinician has cleared them; the program resumes."""
    program = selectors.program_current_or_404(request.user)
    if program.status != program.Status.PAUSED:
        messages.info(request, "Your program is not paused.")
        return redirect("programs:today")
    form = ResumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.program_resume(
                program=program,
                actor=request.user,
                reason="you confirmed that a clinician has cleared you: "
                + form.cleaned_data["reason"],
            )
        except services.ProgramError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, "Welcome back: your program has resumed.")
            return redirect("programs:today")
    return render(request, "programs/resume.html", {"program": program, "form": form})
