"""Static files as deployed: whitenoise's compressed, content-hashed files, with each file's URL
worked out once per process.

Every page's layout names about ten static files (styles, scripts, icons). Django's manifest
storage parses and joins URLs for each one on every render, tens of microseconds apiece; the
manifest is read once when the process starts and does not change while it runs, so neither do
the URLs.
"""

from __future__ import annotations

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name: str | None, force: bool = False) -> str:
        if force or name is None:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
