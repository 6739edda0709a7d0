"""Reads for a physiotherapist's program templates: their own, and nobody else's (404)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from accounts.errors import NotFound
from accounts.models import User
from care.access import physio_check
from care.models import ProgramTemplate


def templates_of(physio: User) -> QuerySet[ProgramTemplate]:
    physio_check(physio)
    return (
        ProgramTemplate.objects.filter(physiotherapist=physio)
        .annotate(exercise_count=Count("exercises"))
        .order_by("name", "pk")
    )


def template_for(physio: User, template_id: int) -> ProgramTemplate:
    """One of this physiotherapist's templates; another's is simply not found."""
    template = templates_of(physio).filter(pk=template_id).first()
    if template is None:
        raise NotFound("No such template.")
    return template
