"""What assessments does when someone signs in or up (``accounts.signals.signed_in``)."""

from __future__ import annotations

from django.contrib import messages
from django.dispatch import receiver
from django.http import HttpRequest
from django.urls import reverse

from accounts.models import User
from accounts.signals import signed_in
from assessments.services import assessments_claim_for_user


@receiver(signed_in, dispatch_uid="assessments.claim_on_sign_in")
def claim_answers_on_sign_in(
    sender, *, request: HttpRequest, user: User, new_account: bool, **kwargs
) -> str | None:
    """Keep the self-assessments answered in this browser before signing in. After sign-up,
    the result they were reading is the next page."""
    claimed = assessments_claim_for_user(user=user, session=request.session)
    if not claimed:
        return None
    if new_account:
        messages.success(request, "Account created. Your answers and result are saved to it.")
        return reverse("assessments:result", args=[claimed[0].uid])
    messages.success(request, "Your assessment has been saved to your account.")
    return None
