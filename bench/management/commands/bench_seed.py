"""Fill an empty database with benchmark clients (see ``bench/seed.py`` for how).

    manage.py bench_seed --scale 2k|10k|100k [--flush] [--manifest FILE]
    manage.py bench_seed --clients N --weeks M [--linked K] [--flush] [--manifest FILE]

Only available with ``DJANGO_SETTINGS_MODULE=bench.settings``.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from bench import app, seed


def database_name() -> str:
    return str(connection.settings_dict.get("NAME") or "")


class Command(BaseCommand):
    help = "Seed an empty database with benchmark clients, their programs and history."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(seed.SCALES),
            help="The benchmark's composition: 2,210 clients in caseloads of 200, 10 and twice "
            "1,000, plus unlinked clients up to 10,000 or 100,000.",
        )
        parser.add_argument("--clients", type=int, help="Number of clients (instead of --scale).")
        parser.add_argument("--weeks", type=int, default=2, help="Weeks of history (1-12).")
        parser.add_argument(
            "--linked",
            type=int,
            default=0,
            help="How many of the clients are linked to the physiotherapist 'bench_physio'.",
        )
        parser.add_argument(
            "--others-weeks",
            type=int,
            default=seed.OTHERS_WEEKS,
            help="Weeks of history of the unlinked clients of --scale 10k and 100k.",
        )
        parser.add_argument(
            "--flush",
            action="store_true",
            help="Empty the database first (refused unless its name contains 'bench').",
        )
        parser.add_argument("--manifest", help="Write what was seeded to this JSON file.")

    def handle(self, *args, **options):
        cohorts = self._cohorts(options)
        if options["flush"]:
            if "bench" not in Path(database_name()).name:
                raise CommandError(
                    f"Refusing to empty {database_name()!r}: --flush only empties a database "
                    "whose name contains 'bench'."
                )
            call_command("flush", interactive=False, verbosity=0)
        elif app.User.objects.exists():
            raise CommandError(
                "The database already has accounts. bench_seed fills an empty database; "
                "use --flush on a throw-away database whose name contains 'bench'."
            )
        began = time.perf_counter()
        self.stdout.write(
            f"Seeding {sum(c.clients for c in cohorts):,} clients into {connection.vendor}:"
        )
        seeded = seed.seed(cohorts, log=self.stdout.write)
        counts = {model._meta.label: model.objects.count() for model in app.SEEDED_MODELS}
        elapsed = time.perf_counter() - began
        self.stdout.write(
            self.style.SUCCESS(f"Seeded in {elapsed:.0f} s: ")
            + ", ".join(f"{n:,} {label.split('.')[-1]}" for label, n in counts.items() if n)
        )
        if options["manifest"]:
            manifest = {
                "seeded_on": timezone.localdate().isoformat(),
                "seconds": round(elapsed, 1),
                "vendor": connection.vendor,
                "password": seed.PASSWORD,
                "totp": {"key": seed.TOTP_KEY, "step": seed.TOTP_STEP},
                "counts": counts,
                # Answers the API benchmark posts: the seeded clients' own assessments.
                "api_bodies": [
                    {"answers": answers}
                    for answers in (seed.ANSWERS_TYPICAL, seed.ANSWERS_ACTIVE, seed.ANSWERS_SORE)
                ],
                "cohorts": {
                    item.cohort.name: {
                        "clients": item.cohort.clients,
                        "weeks": item.cohort.weeks,
                        "physio": item.cohort.physio,
                        # The first clients: one of each story, then the steady ones.
                        "first_ids": item.user_ids[: 2 * len(seed.STORIES)],
                        "steady": [
                            item.cohort.username(index)
                            for index in range(min(item.cohort.clients, 8 * len(seed.STORIES)))
                            if item.cohort.story(index) is seed.STEADY
                        ],
                    }
                    for item in seeded
                },
            }
            Path(options["manifest"]).write_text(json.dumps(manifest, indent=2))

    def _cohorts(self, options) -> list[seed.Cohort]:
        if options["scale"] and options["clients"]:
            raise CommandError("Give either --scale or --clients, not both.")
        if not 1 <= options["weeks"] <= 12 or not 1 <= options["others_weeks"] <= 12:
            raise CommandError("Weeks of history must be 1 to 12 (a program lasts 12 weeks).")
        if options["scale"]:
            return seed.scale_cohorts(options["scale"], others_weeks=options["others_weeks"])
        clients, linked = options["clients"], options["linked"]
        if clients is None:
            raise CommandError("Give --scale, or --clients with --weeks.")
        if not 0 <= linked <= clients:
            raise CommandError("--linked must be between 0 and --clients.")
        cohorts = []
        if linked:
            cohorts.append(seed.Cohort("linked", linked, options["weeks"], "bench_physio"))
        if clients - linked:
            cohorts.append(seed.Cohort("client", clients - linked, options["weeks"]))
        return cohorts
