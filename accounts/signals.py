"""Signals accounts sends, so that apps above it can act without accounts importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by the sign-up and login views right after a person is logged in, with ``request``,
# ``user`` and ``new_account`` (True after sign-up). A receiver may answer with the address of
# the page to show next (after sign-up, the result they were reading); the first answer wins.
signed_in = Signal()
