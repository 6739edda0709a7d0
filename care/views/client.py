"""One linked client: the review page, ending the link, notes and messages."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audit import audit_record_access
from accounts.errors import NotFound
from care import forms
from care.access import active_link, client_for_physio
from care.selectors.review import client_review
from care.services import linking, notes
from care.views.base import form_view, physio_required, posted


@physio_required
def client(request: HttpRequest, client_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    audit_record_access(
        actor=request.user,
        subject_user=person,
        what="Opened your records: progress, session logs, check-ins, flags and program",
    )
    context = client_review(
        request.user, person, today=timezone.localdate(), logs_page=request.GET.get("logs")
    )
    # Both forms have a "body" field: distinct ids keep each label tied to its own box.
    context.update(
        note_form=forms.NoteForm(auto_id="id_note_%s"),
        message_form=forms.MessageForm(auto_id="id_message_%s"),
    )
    return render(request, "care/client.html", context)


@physio_required
@require_POST
def client_end(request: HttpRequest, client_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    link = active_link(request.user, person)
    if link is None:
        raise NotFound("No such client.")
    linking.care_link_end(link=link, actor=request.user)
    messages.success(
        request,
        f"You are no longer linked to {person.display_name}; their data is no longer visible.",
    )
    return redirect("physio:caseload")


@physio_required
@require_http_methods(["GET", "POST"])
def note_add(request: HttpRequest, client_id: int) -> HttpResponse:
    person = client_for_physio(request.user, client_id)
    return form_view(
        request,
        person=person,
        form=forms.NoteForm(posted(request)),
        save=lambda data: notes.clinical_note_add(
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
    person = client_for_physio(request.user, client_id)
    return form_view(
        request,
        person=person,
        form=forms.MessageForm(posted(request)),
        save=lambda data: notes.message_send(physio=request.user, client=person, body=data["body"]),
        success=f"Message sent. {person.display_name} sees it on Today.",
        title=f"Message to {person.display_name}",
        submit="Send the message",
        section="messages",
    )
