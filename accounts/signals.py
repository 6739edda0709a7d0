"""Signals accounts sends, so that apps above it can act without accounts importing them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.dispatch import Signal
from django.http import HttpRequest

from accounts.models import User

# Sent by the login and sign-up confirmation views right after a person is logged in, with
# ``request``, ``user``, ``new_account`` (True once a sign-up link is confirmed) and ``carried``
# (what receivers of ``signing_up`` gave to the link, empty otherwise). A receiver may answer
# with the address of the page to show next (after sign-up, the result they were reading); the
# first answer wins.
signed_in = Signal()

# Sent by the sign-up view with ``request`` when someone asks for an account. The confirmation
# link may be opened in another browser (a phone's mail app has its own), so a receiver may
# answer with a mapping of short lists of strings to carry in the link; ``signed_in`` hands
# them back as ``carried`` when the link confirms the account.
signing_up = Signal()


def signed_in_send(
    request: HttpRequest,
    user: User,
    *,
    new_account: bool,
    carried: Mapping[str, Sequence[str]] | None = None,
) -> str | None:
    """Let the apps above act on the sign-in; where to go next, if one of them says."""
    answers = signed_in.send(
        sender=User, request=request, user=user, new_account=new_account, carried=carried or {}
    )
    return next((answer for _, answer in answers if answer), None)


def signing_up_send(request: HttpRequest) -> dict[str, list[str]]:
    """What the apps above want carried through the sign-up confirmation link."""
    carried: dict[str, list[str]] = {}
    for _, answer in signing_up.send(sender=User, request=request):
        carried.update(
            {key: [str(item) for item in items] for key, items in (answer or {}).items()}
        )
    return carried
