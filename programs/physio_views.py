"""Physiotherapist pages. Each view finds the client through ``client_for_physio`` (404 unless an
active link exists), binds a form, calls one service and redirects."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts import linking
from accounts.audit import audit_record_access
from programs import physio, physio_forms, services
from programs.engine import load_texts
from programs.models import Program, ProgramExercise


def physio_required(view: Callable) -> Callable:
    """Logged in as a physiotherapist; everyone else finds nothing here (404)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_physiotherapist:
            raise Http404("Not found.")
        return view(request, *args, **kwargs)

    return wrapper


def _apply_errors(form: Form, error: ValidationError | services.ProgramError) -> None:
    """Put a service's error next to the field it is about (or above the form)."""
    if isinstance(error, services.ProgramError):
        field = error.field if error.field in form.fields else None
        form.add_error(field, error.message)
        return
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _client_url(client_id: int, section: str = "") -> str:
    url = reverse("physio:client", args=[client_id])
    return f"{url}#{section}" if section else url


# --- caseload and invitations ------------------------------------------------------------------


@physio_required
def caseload(request: HttpRequest) -> HttpResponse:
    form = physio_forms.CaseloadFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    clients = physio.caseload_for(
        request.user,
        today=today,
        search=filters.get("q") or "",
        open_flags_only=bool(filters.get("open_flags")),
        adherence_below=filters.get("adherence_below"),
        paused_only=bool(filters.get("paused")),
    )
    page = Paginator(clients, physio.CASELOAD_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = physio.caseload_rows(page.object_list, today=today)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "physio/caseload.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": bool(form.is_bound and any(filters.values())),
            "linked_count": physio.clients_of(request.user).count(),
            "texts": load_texts(),
        },
    )


@physio_required
@require_http_methods(["GET", "POST"])
def invitations(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        invitation = linking.invitation_create(physiotherapist=request.user)
        messages.success(
            request,
            f"Invitation created. Give your client the code {invitation.code} or the link.",
        )
        return redirect(f"{reverse('physio:invitations')}?new={invitation.pk}")
    now = timezone.now()
    items = [
        {
            "invitation": invitation,
            "status": linking.invitation_status(invitation, now),
            "link": request.build_absolute_uri(
                reverse("sharing_invitation", args=[invitation.code])
            ),
        }
        for invitation in linking.invitations_for(request.user)[:100]
    ]
    new = request.GET.get("new")
    return render(
        request,
        "physio/invitations.html",
        {
            "items": items,
            # An id is at most 18 digits; a longer "number" is someone typing in the address bar.
            "new_id": int(new) if new and new.isdigit() and len(new) <= 18 else None,
        },
    )


@physio_required
@require_POST
def invitation_cancel(request: HttpRequest, invitation_id: int) -> HttpResponse:
    invitation = linking.invitation_for_physio(request.user, invitation_id)
    try:
        linking.invitation_cancel(invitation=invitation, actor=request.user)
    except linking.InvitationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Invitation {invitation.code} cancelled: it can no longer be used."
        )
    return redirect("physio:invitations")


# --- client review ------------------------------------------------------------------------------


@physio_required
def client(request: HttpRequest, client_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    audit_record_access(
        actor=request.user,
        subject_user=person,
        what="Opened your records: progress, session logs, check-ins, flags and program",
    )
    context = physio.client_review(
        request.user, person, today=timezone.localdate(), logs_page=request.GET.get("logs")
    )
    # Both forms have a "body" field: distinct ids keep each label tied to its own box.
    context.update(
        note_form=physio_forms.NoteForm(auto_id="id_note_%s"),
        message_form=physio_forms.MessageForm(auto_id="id_message_%s"),
    )
    return render(request, "physio/client.html", context)


@physio_required
@require_POST
def client_end(request: HttpRequest, client_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    link = linking.active_link_for(request.user, person)
    if link is None:
        raise Http404("No such client.")
    linking.care_link_end(link=link, actor=request.user)
    messages.success(
        request,
        f"You are no longer linked to {person.display_name}; their data is no longer visible.",
    )
    return redirect("physio:caseload")


def _form_page(
    request: HttpRequest,
    *,
    person,
    form: Form,
    title: str,
    submit: str,
    intro: str = "",
    section: str = "",
    danger: bool = False,
    extra: dict | None = None,
) -> HttpResponse:
    return render(
        request,
        "physio/form_page.html",
        {
            "client": person,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "back": _client_url(person.pk, section),
            "danger": danger,
            **(extra or {}),
        },
    )


def _posted(request: HttpRequest):
    """The submitted data on a POST, ``None`` (an unbound form) on a GET."""
    return request.POST if request.method == "POST" else None


def _form_view(
    request: HttpRequest,
    *,
    person,
    form: Form,
    save: Callable[[dict], object],
    success: str,
    section: str,
    **page,
) -> HttpResponse:
    """A physiotherapist's form page: on a valid POST ``save`` calls one service with the cleaned
    data, then back to the client's page at ``section`` with ``success``; a refusal from the
    service goes next to its field and the page is shown again with everything typed kept.
    ``page`` is the rest of what ``_form_page`` shows (title, submit, intro, danger, extra)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except (ValidationError, services.ProgramError) as error:
            _apply_errors(form, error)
        else:
            messages.success(request, success)
            return redirect(_client_url(person.pk, section))
    return _form_page(request, person=person, form=form, section=section, **page)


# --- flags and pausing --------------------------------------------------------------------------


@physio_required
@require_http_methods(["GET", "POST"])
def flag_acknowledge(request: HttpRequest, client_id: int, flag_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    flag = physio.flag_for(request.user, person, flag_id)
    return _form_view(
        request,
        person=person,
        form=physio_forms.FlagAcknowledgeForm(_posted(request)),
        save=lambda data: services.flag_acknowledge(
            flag=flag, actor=request.user, note=data["note"]
        ),
        success="Flag acknowledged.",
        title=f"Acknowledge a flag for {person.display_name}",
        submit="Acknowledge",
        section="flags",
        extra={"flag": flag, "texts": load_texts()},
    )


@physio_required
@require_POST
def flag_resolve(request: HttpRequest, client_id: int, flag_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    flag = physio.flag_for(request.user, person, flag_id)
    services.flag_resolve(flag=flag, actor=request.user)
    messages.success(request, "Flag resolved.")
    return redirect(_client_url(person.pk, "flags"))


def _current_program_or_404(person) -> Program:
    program = physio.current_program(person)
    if program is None:
        raise Http404("No current program.")
    return program


@physio_required
@require_http_methods(["GET", "POST"])
def program_pause(request: HttpRequest, client_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    program = _current_program_or_404(person)
    return _form_view(
        request,
        person=person,
        form=physio_forms.ReasonForm(_posted(request)),
        save=lambda data: services.program_pause(
            program=program, actor=request.user, reason=data["reason"]
        ),
        success="Program paused. The client sees your reason on Today.",
        title=f"Pause {person.display_name}'s program",
        submit="Pause the program",
        intro="While paused, the client is asked not to do the exercises.",
        section="program",
        danger=True,
    )


@physio_required
@require_http_methods(["GET", "POST"])
def program_resume(request: HttpRequest, client_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    program = _current_program_or_404(person)
    return _form_view(
        request,
        person=person,
        form=physio_forms.ReasonForm(_posted(request)),
        save=lambda data: services.program_resume(
            program=program, actor=request.user, reason=data["reason"]
        ),
        success="Program resumed.",
        title=f"Resume {person.display_name}'s program",
        submit="Resume the program",
        intro=f"Paused because: {program.paused_reason}" if program.paused_reason else "",
        section="program",
        extra={"open_flags": program.flags.filter(status="open").count()},
    )


# --- program adjustments -------------------------------------------------------------------------


def _exercise(request: HttpRequest, client_id: int, exercise_id: int):
    person = physio.client_for_physio(request.user, client_id)
    exercise = physio.program_exercise_for(request.user, person, exercise_id)
    return person, exercise


@physio_required
@require_http_methods(["GET", "POST"])
def exercise_level(request: HttpRequest, client_id: int, exercise_id: int) -> HttpResponse:
    person, exercise = _exercise(request, client_id, exercise_id)
    form = physio_forms.LevelForm(
        _posted(request),
        code=exercise.code,
        equipment=exercise.program.equipment,
        current=exercise.level,
        initial={"level": exercise.level},
    )
    name = physio.exercise_label(exercise.code)
    return _form_view(
        request,
        person=person,
        form=form,
        save=lambda data: physio.program_adjust_level(
            program_exercise=exercise,
            actor=request.user,
            level=data["level"],
            reason=data["reason"],
        ),
        success="Level changed. The client sees the change and your reason.",
        title=f"Change the level of {name}",
        submit="Change the level",
        intro=f"{person.display_name} is at level {exercise.level}. Progression continues "
        "from the level you set.",
        section="program",
    )


@physio_required
@require_http_methods(["GET", "POST"])
def exercise_dose(request: HttpRequest, client_id: int, exercise_id: int) -> HttpResponse:
    person, exercise = _exercise(request, client_id, exercise_id)
    usual = physio.library.level(exercise.code, exercise.level)
    form = physio_forms.DoseForm(
        _posted(request),
        usual={"sets": usual.sets, "reps": usual.reps, "hold_seconds": usual.hold_seconds},
        initial={
            "sets": exercise.sets_override,
            "reps": exercise.reps_override,
            "hold_seconds": exercise.hold_seconds_override,
        },
    )
    name = physio.exercise_label(exercise.code)
    return _form_view(
        request,
        person=person,
        form=form,
        save=lambda data: physio.program_adjust_dose(
            program_exercise=exercise,
            actor=request.user,
            sets=data["sets"],
            reps=data["reps"],
            hold_seconds=data["hold_seconds"],
            reason=data["reason"],
        ),
        success="Dose changed. The client sees the change and your reason.",
        title=f"Change the dose of {name}",
        submit="Change the dose",
        intro=f"Level {exercise.level}: {usual.title}. Now: {physio.dose_for(exercise)}.",
        section="program",
    )


@physio_required
@require_http_methods(["GET", "POST"])
def exercise_remove(request: HttpRequest, client_id: int, exercise_id: int) -> HttpResponse:
    person, exercise = _exercise(request, client_id, exercise_id)
    name = physio.exercise_label(exercise.code)
    return _form_view(
        request,
        person=person,
        form=physio_forms.ReasonForm(_posted(request)),
        save=lambda data: physio.program_remove_exercise(
            program_exercise=exercise, actor=request.user, reason=data["reason"]
        ),
        success="Exercise removed from the program.",
        title=f"Remove {name}",
        submit=f"Remove {name}",
        intro="Its logs and history stay in the record; you can add it back later.",
        section="program",
        danger=True,
    )


@physio_required
@require_http_methods(["GET", "POST"])
def exercise_add(request: HttpRequest, client_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    program = _current_program_or_404(person)
    in_use = ProgramExercise.objects.filter(program=program, active=True).values_list(
        "code", flat=True
    )

    def save(data: dict) -> None:
        code, level = data["exercise"]
        try:
            physio.program_add_exercise(
                program=program, actor=request.user, code=code, level=level, reason=data["reason"]
            )
        except ValidationError as error:
            # The form picks exercise and level in one field: the service's complaint about
            # either goes next to it.
            if hasattr(error, "error_dict") and {"code", "level"} & set(error.error_dict):
                raise ValidationError(
                    {"exercise": [msg for msgs in error.message_dict.values() for msg in msgs]}
                ) from error
            raise

    return _form_view(
        request,
        person=person,
        form=physio_forms.AddExerciseForm(
            _posted(request), equipment=program.equipment, exclude=list(in_use)
        ),
        save=save,
        success="Exercise added. The client sees it on their next session.",
        title=f"Add an exercise to {person.display_name}'s program",
        submit="Add the exercise",
        intro="Levels the client cannot do with their equipment are not offered.",
        section="program",
    )


@physio_required
@require_http_methods(["GET", "POST"])
def strength_days(request: HttpRequest, client_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    program = _current_program_or_404(person)
    return _form_view(
        request,
        person=person,
        form=physio_forms.StrengthDaysForm(
            _posted(request), initial={"days": program.strength_days}
        ),
        save=lambda data: physio.program_change_strength_days(
            program=program, actor=request.user, days=data["days"], reason=data["reason"]
        ),
        success="Strength days changed from today on.",
        title=f"Change {person.display_name}'s strength days",
        submit="Change the strength days",
        intro="Applies from today; past sessions and their logs are kept as they were.",
        section="program",
    )


# --- notes and messages --------------------------------------------------------------------------


@physio_required
@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, client_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    return _form_view(
        request,
        person=person,
        form=physio_forms.NoteForm(_posted(request)),
        save=lambda data: physio.clinical_note_add(
            physio=request.user, client=person, body=data["body"]
        ),
        success="Note saved (private: the client cannot see it).",
        title=f"Private note about {person.display_name}",
        submit="Save the note",
        section="notes",
    )


@physio_required
@require_http_methods(["GET", "POST"])
def message_send(request: HttpRequest, client_id: int) -> HttpResponse:
    person = physio.client_for_physio(request.user, client_id)
    return _form_view(
        request,
        person=person,
        form=physio_forms.MessageForm(_posted(request)),
        save=lambda data: physio.message_send(
            physio=request.user, client=person, body=data["body"]
        ),
        success=f"Message sent. {person.display_name} sees it on Today.",
        title=f"Message to {person.display_name}",
        submit="Send the message",
        section="messages",
    )
