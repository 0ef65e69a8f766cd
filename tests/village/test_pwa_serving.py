"""The API serves the built PWA at /, same origin as /graphql: files as built, client-side routes
answered with the app, hashed assets cached for good, the rest revalidated, text gzipped."""

from __future__ import annotations

import dataclasses

import pytest
from litestar.testing import AsyncTestClient

from village.app import create_app
from village.pwa import PLACEHOLDER


@pytest.fixture
def dist(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>Village</title><div id=app></div>")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log('village');" * 50)
    (tmp_path / "sw.js").write_text("self.addEventListener('push', () => {});")
    (tmp_path / "manifest.webmanifest").write_text('{"name": "Village"}')
    return tmp_path


async def _client(settings, dist):
    return AsyncTestClient(create_app(dataclasses.replace(settings, pwa_dist=dist)))


async def test_client_side_routes_get_the_app_and_files_come_as_built(settings, dist, clean):
    async with await _client(settings, dist) as c:
        for path in ("/", "/needs/TmVlZDox", "/welcome/children", "/settings"):
            r = await c.get(path)
            assert r.status_code == 200, path
            assert "<div id=app>" in r.text
            assert r.headers["cache-control"] == "no-cache"
            assert "default-src 'self'" in r.headers["content-security-policy"]
        r = await c.get("/manifest.webmanifest")
        assert r.headers["content-type"].startswith("application/manifest+json")
        assert r.json() == {"name": "Village"}
        r = await c.get("/sw.js")
        assert r.headers["cache-control"] == "no-cache"  # an updated service worker reaches people at once
        assert "javascript" in r.headers["content-type"]


async def test_hashed_assets_are_immutable_and_gzipped(settings, dist, clean):
    async with await _client(settings, dist) as c:
        r = await c.get("/assets/index-abc123.js", headers={"Accept-Encoding": "gzip"})
        assert r.status_code == 200
        assert r.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert r.headers["content-encoding"] == "gzip"
        assert int(r.headers["content-length"]) < len((dist / "assets" / "index-abc123.js").read_bytes()) / 5
        assert r.text.startswith("console.log")  # the client decoded it


async def test_a_missing_file_is_a_404_not_the_app_and_nothing_outside_is_served(settings, dist, clean):
    (dist.parent / "secret.txt").write_text("not for the web")
    async with await _client(settings, dist) as c:
        assert (await c.get("/assets/gone-999.js")).status_code == 404
        for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt"):
            r = await c.get(path)
            assert "not for the web" not in r.text, path


async def test_the_api_keeps_its_own_paths(settings, dist, clean):
    async with await _client(settings, dist) as c:
        r = await c.post("/graphql", json={"query": "{ viewer { id } }"})
        assert r.json() == {"data": {"viewer": None}}
        assert (await c.get("/healthz")).json()["status"] == "ok"


async def test_a_placeholder_until_the_pwa_is_built(settings, tmp_path, clean):
    async with await _client(settings, tmp_path / "not-built") as c:
        for path in ("/", "/needs/TmVlZDox"):
            r = await c.get(path)
            assert r.status_code == 200
            assert r.text == (PLACEHOLDER / "index.html").read_text()
