"""Writes for assessments: drafts, submission and carrying anonymous answers over to an account."""

from __future__ import annotations

from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction

from accounts.models import User
from assessments.models import Assessment

# Session key holding the uids of assessments started before logging in.
ANONYMOUS_SESSION_KEY = "anonymous_assessment_uids"


@transaction.atomic
def assessments_claim_for_user(*, user: User, session: SessionBase) -> list[Assessment]:
    """Give the person the assessments they answered in this browser before having an account.

    Only assessments that still have no owner are claimed, so a uid copied into another
    browser's session can never take over someone else's assessment.
    """
    uids = session.get(ANONYMOUS_SESSION_KEY) or []
    if not uids:
        return []
    claimed = list(
        Assessment.objects.select_for_update()
        .filter(uid__in=uids, owner__isnull=True)
        .order_by("-created_at")
    )
    for assessment in claimed:
        assessment.owner = user
        assessment.anonymous_key = ""
        assessment.save(update_fields=["owner", "anonymous_key", "updated_at"])
    session[ANONYMOUS_SESSION_KEY] = []
    return claimed
