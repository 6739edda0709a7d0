"""The physiotherapist's notes about former clients (``/physio/records/``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from care.selectors.records import former_client_records
from care.views.base import physio_required


@physio_required
@require_GET
def records(request: HttpRequest) -> HttpResponse:
    return render(request, "care/records.html", {"former": former_client_records(request.user)})
