"""Logging in people who need a second factor, in the test client and in the browser: the code
comes from their authenticator device, as an app on their phone would show it."""

from __future__ import annotations

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor import two_factor_required
from accounts.two_factor_devices import current_code, totp_device_ensure


def fresh_code(user) -> str:
    """The current code of ``user``'s authenticator (made if missing). A code is accepted once,
    so the device forgets the last one used: tests log the same person in more than once within
    30 seconds."""
    device = totp_device_ensure(user=user)
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1, throttling_failure_count=0)
    device.refresh_from_db()
    return current_code(device)


class TwoFactorClient(Client):
    """Django's test client whose ``force_login`` also completes the second step for people who
    need one, as logging in with a code would."""

    def force_login(self, user, backend=None):
        super().force_login(user, backend)
        if two_factor_required(user):
            device = totp_device_ensure(user=user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
