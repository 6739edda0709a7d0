"""The client's side of the conversations with their physiotherapists (``/messages/``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from accounts.errors import ServiceError, form_add_service_error
from care.forms import ReplyForm
from care.selectors.conversations import conversation_for_client, conversations_for_client
from care.services.conversations import message_reply
from programs import services as programs_services


@login_required
@require_GET
def conversations(request: HttpRequest) -> HttpResponse:
    """Every conversation of the client; with just one, that conversation itself."""
    if request.user.is_physiotherapist:
        return redirect("home")
    found = conversations_for_client(request.user)
    if len(found) == 1:
        return redirect("conversation", physio_id=found[0].physio.pk)
    return render(request, "care/conversations.html", {"conversations": found})


@login_required
@require_http_methods(["GET", "POST"])
def conversation(request: HttpRequest, physio_id: int) -> HttpResponse:
    """One conversation, and the box to answer while sharing goes on.

    Opening it marks the physiotherapist's messages as read: a read receipt they see, not
    clinical state (``programs.services.messages``)."""
    found = conversation_for_client(request.user, physio_id)
    physio = found.physio
    form = None
    if found.open:
        form = ReplyForm(
            request.POST if request.method == "POST" else None, physio_name=physio.display_name
        )
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            message_reply(client=request.user, physio=physio, body=form.cleaned_data["body"])
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, f"Message sent to {physio.display_name}.")
            return redirect(reverse("conversation", args=[physio.pk]) + "#latest")
    several = len(conversations_for_client(request.user)) > 1
    response = render(
        request,
        "care/client_conversation.html",
        {"conversation": found, "form": form, "several": several},
    )
    if request.method == "GET" and found.unread:
        programs_services.conversation_mark_read(
            reader=request.user, client=request.user, physio=physio
        )
    return response
