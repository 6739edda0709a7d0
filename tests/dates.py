"""The days tests share, so that no test depends on the real date.

Programs start on Monday 2 March 2026 (``START``), so week 1 runs Monday to Sunday, week 6 ends
on Sunday 12 April and week 12, the last, on Sunday 24 May. ``THREE_WEEKS_IN`` is the Monday of
week 4. The ``today`` and ``travel`` fixtures (``tests/conftest.py``) set the clock to such a day.
"""

from __future__ import annotations

from datetime import date, datetime, time

from django.utils import timezone

START = date(2026, 3, 2)
THREE_WEEKS_IN = date(2026, 3, 23)
END_OF_WEEK_6 = date(2026, 4, 12)
END_OF_WEEK_12 = date(2026, 5, 24)


def aware(day: date, hour: int = 9) -> datetime:
    """A moment on ``day`` in local time (for setting the clock)."""
    return timezone.make_aware(datetime.combine(day, time(hour)))
