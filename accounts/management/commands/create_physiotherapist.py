"""Create a physiotherapist account (physiotherapists never sign themselves up)."""

from __future__ import annotations

import getpass

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.services import physiotherapist_create


class Command(BaseCommand):
    help = "Create a physiotherapist account. Asks for the password unless --password is given."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("email")
        parser.add_argument("--password", help="Skip the prompt (for scripts).")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username: str, email: str, password: str | None, **options):
        if User.objects.filter(username=username).exists():
            raise CommandError(f"A user called {username!r} already exists.")
        if password is None:
            password = getpass.getpass("Password: ")
            if password != getpass.getpass("Password (again): "):
                raise CommandError("The two passwords do not match.")
        candidate = User(username=username, email=email, first_name=options["first_name"])
        try:
            validate_password(password, candidate)
            user = physiotherapist_create(
                username=username,
                email=email,
                password=password,
                first_name=options["first_name"],
                last_name=options["last_name"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Physiotherapist {user.username} created."))
