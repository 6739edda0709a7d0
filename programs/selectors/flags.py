"""The client's flags: open ones on Today, all of them on the flags page. How a flag reads
(title, what to do) is ``assessments.presentation``'s."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from programs.models import Flag, Program

OPEN_FLAG_STATUSES = (Flag.Status.OPEN, Flag.Status.ACKNOWLEDGED)
URGENCY_ORDER = {"same_day": 0, "within_2_weeks": 1, "routine": 2, "": 3}


def flags_for(user: User) -> QuerySet[Flag]:
    return Flag.objects.filter(client=user).select_related("program").order_by("-created_at")


def open_flags_for(user: User) -> list[Flag]:
    """Open and acknowledged flags, most urgent first."""
    flags = list(Flag.objects.filter(client=user, status__in=OPEN_FLAG_STATUSES))
    flags.sort(key=lambda flag: (URGENCY_ORDER.get(flag.urgency, 3), -flag.pk))
    return flags


def flags_page(user: User) -> dict[str, list[Flag]]:
    flags = list(flags_for(user))
    return {
        "open": [flag for flag in flags if flag.status in OPEN_FLAG_STATUSES],
        "resolved": [flag for flag in flags if flag.status == Flag.Status.RESOLVED],
    }


def pause_warning_signs(program: Program) -> list[str]:
    """The reasons of the open flags that pause ``program``, raised since it was paused, oldest
    first: a clinician's clearance must cover each of them (spec section 8)."""
    if program.paused_at is None:
        return []
    paused_on = timezone.localdate(program.paused_at)
    return [
        reason
        for reason, created_at in Flag.objects.filter(
            program=program, pauses_program=True, status__in=OPEN_FLAG_STATUSES
        )
        .order_by("created_at", "pk")
        .values_list("reason", "created_at")
        if timezone.localdate(created_at) >= paused_on
    ]
