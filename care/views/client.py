"""One linked client: the review page, ending the link, notes and the conversation."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from accounts.audit import audit_record_access
from accounts.errors import NotFound, ServiceError, form_add_service_error
from accounts.models import User
from care import forms
from care.access import active_link, client_for_physio
from care.fragments import review_page
from care.selectors.conversations import conversation_for_physio, unread_messages_by_client
from care.selectors.review import client_review
from care.selectors.review_digest import review_opened
from care.services import conversations, linking, notes
from care.views.base import form_view, physio_required, posted
from programs import services as programs_services
from programs.fragments import render_kept


@physio_required
def client(request: HttpRequest, client_id: int) -> HttpResponse:
    """The review of one linked client. The access check and the audit entry come first, on
    every view, in one transaction with the digest of what the review shows; the content is
    kept rendered while nothing it shows changed."""
    with transaction.atomic():
        person, digest = review_opened(request.user, client_id)
        audit_record_access(
            actor=request.user,
            subject_user=person,
            what="Opened your records: progress, session logs, check-ins, flags and program",
        )
    today = timezone.localdate()
    logs_page = request.GET.get("logs")
    page = review_page(
        request,
        person,
        digest=digest,
        today=today,
        logs_page=logs_page,
        render=lambda: _review_content(request, person, today, logs_page),
    )
    return HttpResponse(page)


def _review_content(request: HttpRequest, person: User, today: date, logs_page: str | None) -> str:
    context = client_review(request.user, person, today=today, logs_page=logs_page)
    context.update(
        note_form=forms.NoteForm(auto_id="id_note_%s"),
        unread_messages=unread_messages_by_client(request.user, [person.pk]).get(person.pk, 0),
    )
    return render_kept("care/_client.html", context, request)


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
    """The conversation with one linked client, and the box to write to them.

    Opening it marks the client's messages as read: a read receipt the client sees, not
    clinical state (``programs.services.messages``)."""
    conversation = conversation_for_physio(request.user, client_id)
    person = conversation.client
    form = forms.MessageForm(
        posted(request), client_name=person.display_name, auto_id="id_message_%s"
    )
    if request.method == "POST" and form.is_valid():
        try:
            conversations.message_send(
                physio=request.user, client=person, body=form.cleaned_data["body"]
            )
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, f"Message sent. {person.display_name} sees it on Today.")
            return redirect(reverse("physio:message_send", args=[person.pk]) + "#latest")
    response = render(
        request,
        "care/conversation.html",
        {"conversation": conversation, "client": person, "form": form},
        status=200,
    )
    if request.method == "GET" and conversation.unread:
        programs_services.conversation_mark_read(
            reader=request.user, client=person, physio=request.user
        )
    return response
