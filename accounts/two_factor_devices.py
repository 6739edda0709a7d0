"""Authenticator devices made without the setup pages: the demo physiotherapist's, and the
code an authenticator app would show (for the demo command and the tests)."""

from __future__ import annotations

from base64 import b32encode
from binascii import unhexlify

from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import User


def totp_device_ensure(*, user: User, key: str | None = None) -> TOTPDevice:
    """The person's authenticator, made if they have none (named as the setup pages name it)."""
    device = TOTPDevice.objects.filter(user=user, name="default", confirmed=True).first()
    if device is None:
        device = TOTPDevice(user=user, name="default", confirmed=True)
        if key is not None:
            device.key = key
        device.save()
    return device


def base32_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app asks for it when typed in."""
    return b32encode(unhexlify(device.key)).decode()


def current_code(device: TOTPDevice) -> str:
    """The code the app shows now."""
    code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{code:0{device.digits}d}"
