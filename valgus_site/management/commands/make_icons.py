"""Write the home-screen icons the web app manifest names (static/icons/)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from valgus_site.icons import ICONS, draw


class Command(BaseCommand):
    help = "Draw the app's PNG icons into static/icons/ (deterministic: same files every time)."

    def handle(self, *args, **options) -> None:
        folder = Path(settings.BASE_DIR) / "static" / "icons"
        folder.mkdir(parents=True, exist_ok=True)
        for icon in ICONS:
            path = folder / icon.name
            path.write_bytes(draw(icon))
            self.stdout.write(f"{path.relative_to(settings.BASE_DIR)} ({icon.size} px)")
