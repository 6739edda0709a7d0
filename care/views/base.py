"""What every workspace page shares: who may open it, and the one-form page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from accounts.errors import ServiceError, form_add_service_error


def physio_required(view: Callable) -> Callable:
    """Logged in as a physiotherapist; everyone else finds nothing here (404)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_physiotherapist:
            raise Http404("Not found.")
        return view(request, *args, **kwargs)

    return wrapper


def client_url(client_id: int, section: str = "") -> str:
    url = reverse("physio:client", args=[client_id])
    return f"{url}#{section}" if section else url


def posted(request: HttpRequest):
    """The submitted data on a POST, ``None`` (an unbound form) on a GET."""
    return request.POST if request.method == "POST" else None


def form_page(
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
        "care/form_page.html",
        {
            "client": person,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "back": client_url(person.pk, section),
            "danger": danger,
            **(extra or {}),
        },
    )


def form_view(
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
    ``page`` is the rest of what :func:`form_page` shows (title, submit, intro, danger, extra)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ServiceError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, success)
            return redirect(client_url(person.pk, section))
    return form_page(request, person=person, form=form, section=section, **page)
