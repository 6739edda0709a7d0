"""Timings for the hot paths (`make bench`): the rules engine over many random questionnaires,
and the client's Today page and the physiotherapist's caseload with long histories.

Prints numbers only; nothing here asserts a speed. Runs on a throw-away test database (SQLite in
memory by default, or a test copy of DATABASE_URL), never on real data.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "valgus_site.settings")
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import django  # noqa: E402

django.setup()

EVALUATIONS = int(os.environ.get("BENCH_EVALUATIONS", "2000"))
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "40"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
START = date(2026, 1, 5)  # a Monday


def random_answers(rng: random.Random) -> dict:
    from programs.engine import (
        AGGRAVATORS,
        EQUIPMENT,
        FOOTPRINTS,
        GRADES,
        PAIN_LOCATIONS,
        SIDES,
    )

    def maybe(value):
        return value if rng.random() < 0.7 else None

    answers = {
        "age": rng.randint(12, 90),
        "side": rng.choice(SIDES),
        "pain_now": rng.randint(0, 10),
        "pain_worst_week": rng.randint(0, 10),
        "single_leg_squat_left": maybe(rng.choice(GRADES)),
        "single_leg_squat_right": maybe(rng.choice(GRADES)),
        "squat_knees_cave": maybe(rng.choice(GRADES)),
        "footprint": maybe(rng.choice(FOOTPRINTS)),
        "pain_location": rng.sample(PAIN_LOCATIONS, rng.randint(0, 2)),
        "pain_aggravators": rng.sample(AGGRAVATORS, rng.randint(0, 3)),
        "equipment": rng.sample(EQUIPMENT, rng.randint(0, 3)),
        "sessions_per_week": rng.randint(2, 4),
    }
    for item in (
        "hip_drop_left",
        "hip_drop_right",
        "thomas_thigh_lifts_left",
        "arch_collapses_standing",
        "adductor_tight",
        "night_pain",
        "giving_way",
    ):
        answers[item] = maybe(rng.random() < 0.3)
    return {key: value for key, value in answers.items() if value is not None}


def report(name: str, samples: list[float]) -> None:
    ms = sorted(s * 1000 for s in samples)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(
        f"{name:<44} n={len(ms):>5}  median {statistics.median(ms):7.2f} ms  "
        f"p95 {p95:7.2f} ms  max {ms[-1]:7.2f} ms"
    )


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - began)
    return samples


def bench_engine() -> None:
    from programs.engine import Answers, evaluate

    rng = random.Random(20260105)
    documents = [random_answers(rng) for _ in range(EVALUATIONS)]
    validate = [Answers.model_validate(d) for d in documents]
    samples = []
    for answers in validate:
        began = time.perf_counter()
        evaluate(answers)
        samples.append(time.perf_counter() - began)
    report("engine: evaluate(answers)", samples)
    report(
        "engine: Answers.model_validate(json)",
        timed(lambda: Answers.model_validate(rng.choice(documents)), min(EVALUATIONS, 1000)),
    )


def bench_pages() -> None:
    import time_machine
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from care.models import CareLink
    from tests.factories import PhysiotherapistFactory, UserFactory
    from tests.programs.helpers import aware, log_session, make_program

    setup_test_environment()
    # The bench logs people in thousands of times; lockout bookkeeping is not what is measured.
    from django.conf import settings

    settings.AXES_ENABLED = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        today = START + timedelta(weeks=11, days=2)
        with time_machine.travel(aware(today, 12), tick=False):
            physio = PhysiotherapistFactory()
            began = time.perf_counter()
            heavy = None
            for index in range(CLIENTS):
                person = UserFactory()
                program = make_program(person, start_date=START)
                # Every scheduled day logged up to today: a full 11-week history.
                days = program.sessions.filter(date__lt=today).values_list("date", flat=True)
                for day in days if index == 0 else list(days)[-6:]:
                    log_session(program, day, pain_during=rng_pain(day))
                CareLink.objects.create(
                    physiotherapist=physio, client=person, consented_at=timezone.now()
                )
                heavy = heavy or person
            print(
                f"setup: {CLIENTS} clients, one with a full 11-week history "
                f"({time.perf_counter() - began:.1f} s)"
            )

            browser = Client()
            browser.force_login(heavy)
            url = reverse("programs:today")
            browser.get(url)
            report("page: Today (11 weeks of logs)", timed(lambda: browser.get(url), REQUESTS))
            progress = reverse("programs:progress")
            browser.get(progress)
            report(
                "page: Progress (11 weeks of logs)", timed(lambda: browser.get(progress), REQUESTS)
            )

            physio_browser = Client()
            physio_browser.force_login(physio)
            caseload = reverse("physio:caseload")
            physio_browser.get(caseload)
            report(
                f"page: caseload ({CLIENTS} clients)",
                timed(lambda: physio_browser.get(caseload), REQUESTS),
            )
            review = reverse("physio:client", args=[heavy.pk])
            report(
                "page: client review (11 weeks of logs)",
                timed(lambda: physio_browser.get(review), REQUESTS),
            )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def rng_pain(day: date) -> int:
    return (day.toordinal() * 7) % 4


if __name__ == "__main__":
    print(f"valgus bench ({django.db.connection.vendor})")
    bench_engine()
    bench_pages()
