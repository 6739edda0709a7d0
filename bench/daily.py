"""Time the daily job on the seeded database (run by ``bench.run`` after the pages).

    python -m bench.daily        (with the benchmark's environment)

Runs the management command that cron runs every morning, in this process, and prints one JSON
line: its wall time, this process's peak memory, the number of programs and what it printed.
Emails go to the backend the environment names (the benchmark discards them).
"""

from __future__ import annotations

import io
import json
import os
import resource
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from bench.app import Program  # noqa: E402

# The command cron runs each morning; rename here when it is renamed.
DAILY_COMMAND = "run_daily"


def main() -> None:
    programs = Program.objects.count()
    current = Program.objects.filter(status__in=["active", "paused"]).count()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    output = io.StringIO()
    began = time.perf_counter()
    call_command(DAILY_COMMAND, stdout=output)
    seconds = time.perf_counter() - began
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "command": DAILY_COMMAND,
                "programs": programs,
                "current_programs": current,
                "seconds": round(seconds, 2),
                "peak_rss_mb": round(peak / 1024),
                "rss_before_mb": round(before / 1024),
                "output": output.getvalue().strip(),
            }
        )
    )


if __name__ == "__main__":
    main()
