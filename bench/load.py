"""Drive one URL at a time with locust and record every response (run by ``bench.run``).

    python -m bench.load PLAN.json RESULTS.json

A target is visited by ``users`` simulated people at once, each sending its next request as
soon as the last one answered (a closed loop: concurrency, not a request rate). Each person has
their own logged-in session (cookies) and path; bodies are cycled. The first ``warmup`` seconds
are not recorded (workers load templates, connections open; the first round waits
``first_warmup``), then ``seconds`` are; ``bench.schedule`` orders a round's visits (a group
with ``slices`` alternates its floor and pages in that many shorter passes). A response
other than the expected status (a redirect to the login page, a 429, a 500) is a failure.

This process imports nothing of the app and no Django, and runs with the interpreter of the
load generator's own virtualenv (``.venv/bench``, from ``requirements-bench.txt``): locust patches
the standard library for gevent when imported, and brings packages the app must not have.
"""

from __future__ import annotations

import itertools
import json
import sys
import time
from pathlib import Path

import gevent
from locust import FastHttpUser, constant, task
from locust.env import Environment

from bench.schedule import visits


def _visitor(host: str, target: dict) -> type[FastHttpUser]:
    slots = itertools.count()
    bodies = itertools.cycle(target.get("bodies") or [None])
    method = target["method"]
    expect = target.get("expect", 200)

    class Visitor(FastHttpUser):
        wait_time = constant(0)

        def on_start(self) -> None:
            slot = next(slots)
            self.path = target["paths"][slot % len(target["paths"])]
            cookies = target["cookies"][slot % len(target["cookies"])] if target["cookies"] else {}
            self.headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
            if method == "POST":
                self.headers["Content-Type"] = "application/json"

        @task
        def visit(self) -> None:
            body = next(bodies)
            with self.client.request(
                method,
                self.path,
                name=target["name"],
                data=None if body is None else json.dumps(body),
                headers=self.headers,
                allow_redirects=False,
                catch_response=True,
            ) as response:
                if response.status_code != expect:
                    response.failure(f"answered {response.status_code}")

    Visitor.host = host
    return Visitor


def run_target(host: str, target: dict, *, users: int, warmup: float, seconds: float) -> dict:
    """Visit one target; the response times (ms) and failures within the recorded window."""
    recording = {"on": False}
    times: list[float] = []
    failures: list[str] = []

    def on_request(response_time, exception, **_kwargs) -> None:
        if not recording["on"]:
            return
        if exception is None:
            times.append(response_time)
        else:
            failures.append(str(exception))

    env = Environment(user_classes=[_visitor(host, target)], host=host)
    env.events.request.add_listener(on_request)
    runner = env.create_local_runner()
    # Everyone starts within a quarter of a second (locust warns above 100 a second).
    runner.start(users, spawn_rate=min(100, users * 4))
    gevent.sleep(warmup)
    recording["on"] = True
    began = time.perf_counter()
    gevent.sleep(seconds)
    recording["on"] = False
    elapsed = time.perf_counter() - began
    runner.quit()
    return {
        "name": target["name"],
        "seconds": elapsed,
        "times_ms": times,
        "failures": len(failures),
        "failure_examples": sorted(set(failures))[:3],
    }


def merged(before: dict | None, result: dict) -> dict:
    """A target's slices of one round as one measurement."""
    if before is None:
        return result
    return {
        "name": result["name"],
        "seconds": before["seconds"] + result["seconds"],
        "times_ms": before["times_ms"] + result["times_ms"],
        "failures": before["failures"] + result["failures"],
        "failure_examples": sorted(
            set(before["failure_examples"]) | set(result["failure_examples"])
        )[:3],
    }


def main(plan_path: str, results_path: str) -> None:
    plan = json.loads(Path(plan_path).read_text())
    targets = plan["targets"]
    rounds = []
    for number in range(plan["rounds"]):
        measured: list[dict | None] = [None] * len(targets)
        for visit in visits(
            targets,
            number,
            seconds=plan["seconds"],
            warmup=plan["first_warmup"] if number == 0 else plan["warmup"],
        ):
            result = run_target(
                plan["host"],
                targets[visit.position],
                users=plan["users"],
                warmup=visit.warmup,
                seconds=visit.seconds,
            )
            measured[visit.position] = merged(measured[visit.position], result)
        for target, result in zip(targets, measured, strict=True):
            done = len(result["times_ms"])
            print(
                f"  round {number + 1}/{plan['rounds']}  {target['name']:<36} "
                f"{done / result['seconds']:7.1f} req/s"
                + (f"  {result['failures']} failed" if result["failures"] else ""),
                flush=True,
            )
        rounds.append(measured)
    Path(results_path).write_text(json.dumps({"rounds": rounds}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
