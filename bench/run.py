"""``make bench``: the pages served as in production, measured against floors from the same run.

1. Prepares the database named by ``DATABASE_URL`` (PostgreSQL; its name must contain "bench",
   since it is emptied) or, without it, ``.bench/bench.sqlite3`` (numbers not representative):
   migrate, createcachetable, collectstatic, validate_data, then
   ``bench_seed --scale $BENCH_SCALE --flush`` (which builds every client's caseload summary)
   and ``rebuild_client_summaries --missing``, as ``make serve-prod`` runs it.
2. Starts ONE gunicorn as ``make serve-prod`` does (``gunicorn.conf.py``, ``DEBUG=0``; only the
   https redirect, secure cookies and HSTS are off so it answers plain http on localhost), with
   ``bench.settings``: the site's URLs plus the floor endpoints.
3. Logs in as seeded clients and physiotherapists through the login page, then drives each page
   and each floor in turn with locust (``bench/load.py``), ``BENCH_USERS`` (8) at once, for
   ``BENCH_ROUNDS`` rounds; a page's ratio is taken against its floor of the same round.
4. Stops the server and times the daily job on the same database (``bench/daily.py``).

``python -m bench daily`` times the daily job alone at each of ``BENCH_DAILY_SCALES`` (10k,100k
programs), seeding each (``make bench-daily``).

Environment: ``BENCH_SCALE`` 2k (default), 10k or 100k clients in the database; ``BENCH_PORT``
(8105); ``BENCH_USERS`` (8); ``BENCH_ROUNDS`` (5); ``BENCH_SECONDS`` (5) and ``BENCH_WARMUP``
(1; at least 3 in the first round) per target and round; ``BENCH_GROUPS`` picks some of
client,physio,api,caseload (all by default); ``BENCH_REUSE=1`` keeps a database seeded today at
the same scale; ``BENCH_API_SLICES`` (5): the API group's floor and API alternate in that many
slices of each round (``bench/schedule.py``). Short rounds, many of them: on a shared machine the
load of others changes from second to second, and a floor measured right next to its page sees
nearly the same; every other round visits a group in reverse order.
"""

from __future__ import annotations

import json
import math
import os
import platform
import re
import secrets
import sqlite3
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import requests

from bench.login import Authenticator, login

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / ".bench"
BIN = Path(sys.executable).parent
# locust runs from its own virtualenv (requirements-bench.txt; make bench sets this).
LOAD_PYTHON = os.environ.get("BENCH_LOAD_PYTHON") or str(ROOT / ".venv/bench/bin/python")
PAGE = re.compile(r"[?&]page=(\d+)")


def setting(name: str, default: str) -> str:
    return os.environ.get(name) or default


# --- machine and database ---------------------------------------------------------------------


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = 0.0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) / 1024 / 1024
    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(memory, 1),
        "python": platform.python_version(),
        "load": [round(value, 2) for value in os.getloadavg()],
    }


def database_url() -> tuple[str, str]:
    """The benchmark's database URL and its vendor; refuses a name without "bench"."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        OUT.mkdir(exist_ok=True)
        return f"sqlite:///{OUT / 'bench.sqlite3'}", "sqlite"
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if "bench" not in name:
        sys.exit(
            f"DATABASE_URL names the database {name!r}; the benchmark empties its database, so "
            "give it a throw-away one whose name contains 'bench' (for example "
            "postgres://postgres@127.0.0.1:5432/bench)."
        )
    vendor = "postgresql" if parts.scheme.startswith("postgres") else parts.scheme
    if vendor == "postgresql":
        maintenance = parts._replace(path="/postgres").geturl()
        with psycopg.connect(maintenance, autocommit=True) as connection:
            exists = connection.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", [name]
            ).fetchone()
            if not exists:
                connection.execute(f'CREATE DATABASE "{name}"')
    return url, vendor


def server_version(url: str, vendor: str) -> str:
    if vendor != "postgresql":
        return f"SQLite {sqlite3.sqlite_version}"
    with psycopg.connect(url) as connection:
        return "PostgreSQL " + connection.execute("SHOW server_version").fetchone()[0].split()[0]


def app_env(url: str, port: int) -> dict[str, str]:
    """Production settings on plain http: DEBUG off, no https redirect, no secure-only cookies."""
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "DATABASE_URL": url,
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DJANGO_SECURE_COOKIES": "0",
            "DJANGO_HSTS_SECONDS": "0",
            # The API's rate limit stays on (its cost is measured) but never answers 429 here.
            "VALGUS_API_RATE": "1000000/s",
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "GUNICORN_BIND": f"127.0.0.1:{port}",
        }
    )
    return env


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([str(BIN / "python"), "manage.py", *args], cwd=ROOT, env=env, check=True)


# --- seeding ----------------------------------------------------------------------------------


def seeded(env: dict[str, str], scale: str, vendor: str, name: str = "") -> dict:
    manifest = OUT / f"manifest-{vendor}{name}.json"
    if os.environ.get("BENCH_REUSE") == "1" and manifest.exists():
        known = json.loads(manifest.read_text())
        if known.get("scale") == scale and known.get("seeded_on") == date.today().isoformat():
            print(f"Reusing the database seeded today at scale {scale} (BENCH_REUSE=1).")
            return known
    manage(env, "bench_seed", "--scale", scale, "--flush", "--manifest", str(manifest))
    known = json.loads(manifest.read_text())
    known["scale"] = scale
    manifest.write_text(json.dumps(known, indent=2))
    return known


# --- the server -------------------------------------------------------------------------------


@contextmanager
def served(env: dict[str, str], base: str):
    try:
        requests.get(base, timeout=2)
        sys.exit(f"Something already answers at {base}; choose another BENCH_PORT.")
    except requests.ConnectionError:
        pass
    log = (OUT / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py", "valgus_site.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if requests.get(base + "/accounts/login/", timeout=5).status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                sys.exit(f"gunicorn did not start; see {OUT / 'gunicorn.log'}")
            time.sleep(0.5)
        yield server
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


# --- what is measured -------------------------------------------------------------------------


def sessions(
    base: str, password: str, usernames: list[str], authenticator: Authenticator | None = None
) -> list[dict[str, str]]:
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda name: login(base, name, password, authenticator), usernames))


def last_page(base: str, cookies: dict[str, str]) -> str:
    """The caseload's last page: the rows at the end of its default order, which the keyset
    pagination reaches as the first page of the reverse order (``sort=-flag``); numbered pages
    (``?page=N``) on a caseload that still has them."""
    page = requests.get(base + "/physio/", cookies=cookies, timeout=60)
    numbers = [int(n) for n in PAGE.findall(page.text)]
    if numbers:
        return f"/physio/?page={max(numbers)}"
    return "/physio/?sort=-flag"


def api_slices() -> int:
    return max(1, int(setting("BENCH_API_SLICES", "5")))


def plan(base: str, manifest: dict, users: int) -> list[dict]:
    """Each group: its floor first, then the pages measured against it."""
    groups = setting("BENCH_GROUPS", "client,physio,api,caseload").split(",")
    password = manifest["password"]
    # The physiotherapists' authenticator (a manifest from before two-factor login has none).
    authenticator = Authenticator(**manifest["totp"]) if "totp" in manifest else None
    cohorts = manifest["cohorts"]
    main = cohorts["caseload"]
    weeks = main["weeks"]

    def target(name, paths, cookies, method="GET", bodies=None, floor=False, slices=1):
        # A target belongs to the section being planned (its floor is the first one there).
        return {
            "name": name,
            "group": section,
            "floor": floor,
            "method": method,
            "paths": paths,
            "cookies": cookies,
            "bodies": bodies,
            "slices": slices,
        }

    targets: list[dict] = []
    section = "client"
    if section in groups:
        clients = sessions(base, password, main["steady"][:users])
        targets += [
            target("floor: template, client", ["/bench/floor/"], clients, floor=True),
            target(f"Today ({weeks} weeks of logs)", ["/program/"], clients),
            target(f"Progress ({weeks} weeks)", ["/program/progress/"], clients),
        ]
    section = "physio"
    if section in groups:
        physio = sessions(base, password, [main["physio"]] * users, authenticator)
        review = [f"/physio/clients/{client_id}/" for client_id in main["first_ids"][:users]]
        targets += [
            target("floor: template, physio", ["/bench/floor/"], physio, floor=True),
            target(f"Caseload ({main['clients']} clients)", ["/physio/"], physio),
            target(f"Client review ({weeks} weeks)", review, physio),
        ]
    section = "api"
    if section in groups:
        # Calls of a few milliseconds: the floor and the API alternate in short slices.
        slices = api_slices()
        targets += [
            target(
                "floor: ninja POST",
                ["/bench/floor/api/echo"],
                [],
                method="POST",
                bodies=[{"age": 34, "side": "left", "pain_now": 2, "pain_worst_week": 4}],
                floor=True,
                slices=slices,
            ),
            target(
                "API evaluate",
                ["/api/v1/assessments/evaluate"],
                [],
                method="POST",
                bodies=manifest["api_bodies"],
                slices=slices,
            ),
        ]
    section = "caseload"
    if section in groups:
        small = cohorts["small"]
        small_cookies = sessions(base, password, [small["physio"]] * users, authenticator)
        targets.append(
            target(
                f"Caseload, {small['clients']} clients",
                ["/physio/"],
                small_cookies,
                floor=True,
            )
        )
        for name in ("big2w", "big12w"):
            cohort = cohorts[name]
            cookies = sessions(base, password, [cohort["physio"]] * users, authenticator)
            label = f"Caseload, {cohort['clients']:,} clients, {cohort['weeks']} wk"
            last = last_page(base, cookies[0])
            targets += [
                target(f"{label}, page 1", ["/physio/"], cookies),
                target(f"{label}, last", [last], cookies),
            ]
    return targets


def measure(base: str, targets: list[dict], *, users: int) -> list[list[dict]]:
    plan_file, results_file = OUT / "plan.json", OUT / "results.json"
    plan_file.write_text(
        json.dumps(
            {
                "host": base,
                "users": users,
                "rounds": int(setting("BENCH_ROUNDS", "5")),
                "seconds": float(setting("BENCH_SECONDS", "5")),
                "warmup": float(setting("BENCH_WARMUP", "1")),
                "first_warmup": max(3.0, float(setting("BENCH_WARMUP", "1"))),
                "targets": targets,
            }
        )
    )
    subprocess.run(
        [LOAD_PYTHON, "-m", "bench.load", str(plan_file), str(results_file)],
        cwd=ROOT,
        check=True,
    )
    return json.loads(results_file.read_text())["rounds"]


# --- the report -------------------------------------------------------------------------------


def percentile(ordered: list[float], fraction: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not ordered:
        return math.nan
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def summarise(targets: list[dict], rounds: list[list[dict]]) -> list[dict]:
    rows = []
    floors = {t["group"]: i for i, t in enumerate(targets) if t["floor"]}
    for position, t in enumerate(targets):
        per_round = [measured[position] for measured in rounds]
        times = sorted(x for result in per_round for x in result["times_ms"])
        seconds = sum(result["seconds"] for result in per_round)
        rps = [len(result["times_ms"]) / result["seconds"] for result in per_round]
        ratios = []
        if not t["floor"]:
            floor_at = floors[t["group"]]
            for measured, own in zip(rounds, rps, strict=True):
                floor = measured[floor_at]
                floor_rps = len(floor["times_ms"]) / floor["seconds"]
                if floor_rps:
                    ratios.append(own / floor_rps)
        rows.append(
            {
                "name": t["name"],
                "floor": t["floor"],
                "against": None if t["floor"] else targets[floors[t["group"]]]["name"],
                "rps": len(times) / seconds if seconds else 0.0,
                "p50": percentile(times, 0.50),
                "p95": percentile(times, 0.95),
                "requests": len(times),
                "failures": sum(result["failures"] for result in per_round),
                "examples": sorted({e for r in per_round for e in r["failure_examples"]}),
                "ratio": statistics.median(ratios) if ratios else None,
                "ratio_range": (min(ratios), max(ratios)) if ratios else None,
            }
        )
    return rows


def report(rows: list[dict], context: dict, daily: dict | None) -> str:
    m = context["machine"]
    lines = [
        f"valgus bench, {context['when']}: scale {context['scale']} "
        f"({context['clients']:,} clients, {context['programs']:,} programs, "
        f"{context['logs']:,} exercise logs) on {context['database']}",
        f"machine: {m['cores']} cores ({m['cpu']}), {m['memory_gib']} GiB RAM, Python "
        f"{m['python']}; load average before {m['load'][0]}, after {context['load_after']}",
        f"server: one gunicorn, {context['workers']} workers, DEBUG=0; load: locust, "
        f"{context['users']} users at once, {context['rounds']} rounds of "
        f"{context['seconds']:g} s per target (the API group in {context['api_slices']} "
        "alternating slices)",
        "",
        f"{'page':<44}{'req/s':>8}{'p50 ms':>9}{'p95 ms':>9}   ratio to floor (median, range)",
    ]
    for row in rows:
        if row["floor"]:
            ratio = "floor"
        elif row["ratio"] is None:
            ratio = "-"
        else:
            low, high = row["ratio_range"]
            ratio = f"{row['ratio']:.0%} ({low:.0%}-{high:.0%}) of {row['against']}"
        lines.append(
            f"{row['name']:<44}{row['rps']:>8.1f}{row['p50']:>9.1f}{row['p95']:>9.1f}   {ratio}"
        )
        if row["failures"]:
            lines.append(f"{'':<4}{row['failures']} failed: {'; '.join(row['examples'])}")
    if daily is not None:
        lines += [
            "",
            f"daily job ({daily['command']}) on {daily['programs']:,} programs "
            f"({daily['current_programs']:,} current): {daily['seconds']:.1f} s, peak memory "
            f"{daily['peak_rss_mb']} MB; {' '.join(daily['output'].split())}",
        ]
    return "\n".join(lines)


def pages() -> None:
    if not Path(LOAD_PYTHON).exists():
        sys.exit(f"No load generator at {LOAD_PYTHON}: `make bench` installs it (.venv/bench).")
    scale = setting("BENCH_SCALE", "2k")
    port = int(setting("BENCH_PORT", "8105"))
    users = int(setting("BENCH_USERS", "8"))
    base = f"http://127.0.0.1:{port}"
    OUT.mkdir(exist_ok=True)
    url, vendor = database_url()
    if vendor != "postgresql":
        print(
            "WARNING: no DATABASE_URL, so SQLite: several gunicorn workers share one file and "
            "wait for each other's writes. These numbers are not representative; use "
            "DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench.",
            file=sys.stderr,
        )
    env = app_env(url, port)
    context = {
        "when": time.strftime("%Y-%m-%d %H:%M"),
        "scale": scale,
        "machine": machine(),
        "users": users,
        "rounds": int(setting("BENCH_ROUNDS", "5")),
        "seconds": float(setting("BENCH_SECONDS", "5")),
        "api_slices": api_slices(),
        "workers": int(setting("WEB_CONCURRENCY", str((os.cpu_count() or 1) * 2 + 1))),
        "database": server_version(url, vendor),
    }
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "validate_data")
    manifest = seeded(env, scale, vendor)
    # The last step of `make serve-prod` before gunicorn (the seed already built them all).
    manage(env, "rebuild_client_summaries", "--missing")
    counts = manifest["counts"]
    context.update(
        clients=sum(cohort["clients"] for cohort in manifest["cohorts"].values()),
        programs=counts["programs.Program"],
        logs=counts["programs.ExerciseLog"],
    )
    # What the rest of the machine is doing just before the measurement (seeding is over).
    context["machine"]["load"] = [round(value, 2) for value in os.getloadavg()]
    with served(env, base):
        print(f"Serving {base} with bench.settings; logging in ...", flush=True)
        targets = plan(base, manifest, users)
        rounds = measure(base, targets, users=users)
    context["load_after"] = round(os.getloadavg()[0], 2)
    text = report(summarise(targets, rounds), context, daily_job(env))
    (OUT / f"report-{scale}-{vendor}.txt").write_text(text + "\n")
    print("\n" + text)


def daily_job(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [str(BIN / "python"), "-m", "bench.daily"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def daily() -> None:
    """The daily job alone at each of ``BENCH_DAILY_SCALES`` (10k,100k): seed, run, time."""
    OUT.mkdir(exist_ok=True)
    url, vendor = database_url()
    env = app_env(url, 0)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    lines = [
        f"valgus bench, {time.strftime('%Y-%m-%d %H:%M')}: the daily job (run_daily) on "
        f"{server_version(url, vendor)}",
    ]
    for scale in setting("BENCH_DAILY_SCALES", "10k,100k").split(","):
        seeded(env, scale, vendor, name=f"-daily-{scale}")
        load = round(os.getloadavg()[0], 2)
        result = daily_job(env)
        lines.append(
            f"{result['current_programs']:>7,} current programs: {result['seconds']:.1f} s, peak "
            f"memory {result['peak_rss_mb']} MB (load average before {load}); "
            f"{' '.join(result['output'].split())}"
        )
        print(lines[-1], flush=True)
    text = "\n".join(lines)
    (OUT / f"report-daily-{vendor}.txt").write_text(text + "\n")
    print("\n" + text)


def main(argv: list[str]) -> None:
    what = argv[0] if argv else "all"
    if what in ("all", "engine"):
        subprocess.run([str(BIN / "python"), "-m", "bench.engine"], cwd=ROOT, check=True)
    if what in ("all", "pages"):
        pages()
    if what == "daily":
        daily()
    if what not in ("all", "engine", "pages", "daily"):
        sys.exit("usage: python -m bench [all|engine|pages|daily]")
