"""The client's program on paper."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from programs import selectors


@login_required
@require_GET
def program_print(request: HttpRequest) -> HttpResponse:
    """Every exercise of the current program with its figure, dose and cue, laid out to print
    on as few A4 pages as it takes (one for a usual program)."""
    printable = selectors.printable_program_for(request.user)
    return render(request, "programs/print.html", {"printable": printable})
