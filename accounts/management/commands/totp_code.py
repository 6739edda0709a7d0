"""Print the current authenticator code of an account, for demos and local development.

An authenticator app shows the same code; this saves reaching for a phone when trying the demo.
Refuses to run in production (DJANGO_DEBUG=0): there it would defeat the second factor.
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.two_factor_devices import current_code


class Command(BaseCommand):
    help = "Print the current two-factor login code of USERNAME (development and demo only)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="physio")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("Only with DJANGO_DEBUG=1: in production use the authenticator app.")
        device = TOTPDevice.objects.filter(user__username=username, confirmed=True).first()
        if device is None:
            raise CommandError(f"{username} has no authenticator set up.")
        self.stdout.write(current_code(device))
