"""What assessments does when someone signs in or up (``accounts.signals.signed_in``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.contrib import messages
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from accounts.signals import signed_in, signing_up
from assessments.selectors import assessments_anonymous_uids
from assessments.services import assessments_claim_for_user

# Self-assessments kept through a sign-up link are at most this many (a browser rarely has more
# than one or two; the link stays short).
CARRIED_ASSESSMENTS_MAX = 20


@receiver(signing_up, dispatch_uid="assessments.carry_on_sign_up")
def carry_answers_through_sign_up(
    sender, *, request: HttpRequest, **kwargs
) -> dict[str, list[str]]:
    """The self-assessments answered in this browser travel in the sign-up link, so they are kept
    when the link is opened in another browser."""
    return {
        "assessments": assessments_anonymous_uids(session=request.session)[
            -CARRIED_ASSESSMENTS_MAX:
        ]
    }


@receiver(signed_in, dispatch_uid="assessments.claim_on_sign_in")
def claim_answers_on_sign_in(
    sender,
    *,
    request: HttpRequest,
    user: User,
    new_account: bool,
    carried: Mapping[str, Sequence[str]],
    **kwargs,
) -> str | None:
    """Keep the self-assessments answered in this browser before signing in, and those a sign-up
    link carried from another browser. After sign-up, the result they were reading is the next
    page."""
    extra = list(carried.get("assessments", ()))[-CARRIED_ASSESSMENTS_MAX:]
    claimed = assessments_claim_for_user(user=user, session=request.session, extra_uids=extra)
    if not claimed:
        return None
    if new_account:
        messages.success(request, "Account confirmed. Your answers and result are saved to it.")
        return reverse("assessments:result", args=[claimed[0].uid])
    messages.success(request, "Your assessment has been saved to your account.")
    return None
