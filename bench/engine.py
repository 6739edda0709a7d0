"""The rules engine alone, in process: validating answers and evaluating them, over many random
questionnaires (``python -m bench engine``). Prints numbers only; asserts nothing.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable

from programs.engine import (
    AGGRAVATORS,
    EQUIPMENT,
    FOOTPRINTS,
    GRADES,
    PAIN_LOCATIONS,
    SIDES,
    Answers,
    evaluate,
)

EVALUATIONS = int(os.environ.get("BENCH_EVALUATIONS", "2000"))


def random_answers(rng: random.Random) -> dict:
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


def main() -> None:
    bench_engine()


if __name__ == "__main__":
    main()
