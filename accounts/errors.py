"""One base class for every refusal a service makes, and the one place that shows it.

Services raise :class:`ServiceError` (or a subclass) with a message written for the person and,
when it is about one form field, that field's name. A view with a form puts it next to the field
with :func:`form_add_service_error`; anywhere else Django answers it as HTTP, because the classes
are Django's own: a plain refusal is a 400 (``BadRequest``), :class:`NotPermitted` a 403
(``PermissionDenied``), :class:`NotFound` a 404 (``Http404``: another person's object is simply
not found). ``accounts`` is the lowest layer, so every app can raise them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import BadRequest, PermissionDenied
from django.forms import Form
from django.http import Http404


class ServiceError(BadRequest):
    """A request a service cannot honour; ``message`` is written for the person.

    ``field`` names the form field the message is about; ``errors`` maps several fields to their
    messages (for example every answer that failed validation).
    """

    def __init__(
        self,
        message: str = "",
        *,
        field: str | None = None,
        errors: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.errors = {name: list(messages) for name, messages in (errors or {}).items()}
        self.message = message or "; ".join(
            f"{name}: {', '.join(messages)}" for name, messages in self.errors.items()
        )
        self.field = field
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class NotPermitted(ServiceError, PermissionDenied):
    """The person may not do this (for example a physiotherapist without a care link)."""


class NotFound(ServiceError, Http404):
    """Nothing of the person's by that id: the same answer whether it exists or not."""


def form_add_service_error(form: Form, error: ServiceError) -> None:
    """Put a service's refusal next to the field it is about, or above the form.

    What the person typed stays in the bound form, so nothing is lost.
    """
    if error.errors:
        for name, messages in error.errors.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
        return
    form.add_error(error.field if error.field in form.fields else None, error.message)
