"""Static URLs in production: the hashed names of the manifest, worked out once per process."""

from __future__ import annotations

import json

from whitenoise.storage import CompressedManifestStaticFilesStorage

from valgus_site.static_storage import StaticFilesStorage

MANIFEST = {
    "paths": {"css/app.css": "css/app.1a2b3c4d5e6f.css", "favicon.svg": "favicon.9f8e7d6c5b4a.svg"},
    "version": "1.1",
    "hash": "0123456789ab",
}


def _storages(tmp_path):
    (tmp_path / "staticfiles.json").write_text(json.dumps(MANIFEST))
    options = {"location": str(tmp_path), "base_url": "/static/"}
    return StaticFilesStorage(**options), CompressedManifestStaticFilesStorage(**options)


def test_the_urls_are_the_manifests_hashed_names(tmp_path):
    kept, plain = _storages(tmp_path)
    for name in ("css/app.css", "favicon.svg", "css/app.css"):
        assert kept.url(name) == plain.url(name)
    assert kept.url("css/app.css") == "/static/css/app.1a2b3c4d5e6f.css"


def test_each_url_is_worked_out_once(tmp_path, monkeypatch):
    kept, _ = _storages(tmp_path)
    worked_out = []
    parent_url = CompressedManifestStaticFilesStorage.url

    def counting(self, name, force=False):
        worked_out.append(name)
        return parent_url(self, name, force)

    monkeypatch.setattr(CompressedManifestStaticFilesStorage, "url", counting)
    for _ in range(3):
        kept.url("favicon.svg")
        kept.url("css/app.css")
    assert worked_out == ["favicon.svg", "css/app.css"]
