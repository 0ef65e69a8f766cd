"""GraphiQL in development, offline: the page at /graphql loads its scripts and styles from the
built PWA (/graphiql/), and runs a query in Chromium while every host but the server is unreachable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, Route, expect

from tests.conftest import serve
from tests.e2e.conftest import PHONE
from tests.graphql.test_graphiql import resources


@pytest.fixture(scope="module")
def dev_url(pwa_dist: Path, database_url: str, settings, tmp_path_factory) -> Iterator[str]:
    """The API in development (the only environment with GraphiQL), serving the fresh build."""
    log = tmp_path_factory.mktemp("graphiql_server") / "uvicorn.log"
    with serve(database_url, settings, log, VILLAGE_ENV="development", VILLAGE_PWA_DIST=str(pwa_dist)) as base:
        yield base


def test_every_file_of_the_page_is_served_from_the_build(dev_url: str, pwa_dist: Path) -> None:
    page = httpx.get(f"{dev_url}/graphql", headers={"Accept": "text/html"}, timeout=30)
    assert page.status_code == 200
    urls = resources(page.text)
    assert {u for u in urls if u.startswith("/graphiql/")} == {
        f"/graphiql/{p.name}" for p in (pwa_dist / "graphiql").iterdir()
    }
    for url in urls:
        r = httpx.get(f"{dev_url}{url}", timeout=30)
        assert r.status_code == 200, url
        assert r.content == (pwa_dist / url.lstrip("/")).read_bytes(), url
    # The app's service worker does not precache the IDE for every family.
    assert "graphiql" not in (pwa_dist / "sw.js").read_text()


async def test_graphiql_runs_a_query_with_no_other_host_reachable(browser: Browser, dev_url: str) -> None:
    context = await browser.new_context(base_url=dev_url, viewport={"width": 1280, "height": PHONE["height"]})
    elsewhere: list[str] = []

    async def only_the_server(route: Route) -> None:
        if route.request.url.startswith(dev_url):
            await route.continue_()
        else:
            elsewhere.append(route.request.url)
            await route.abort("internetdisconnected")

    await context.route(re.compile(".*"), only_the_server)
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        await page.goto("/graphql?q=" + "%7B%20__typename%20%7D")
        await page.get_by_role("button", name=re.compile("Execute query", re.I)).click()
        await expect(page.locator(".graphiql-response")).to_contain_text('"__typename": "Query"')
    finally:
        await context.close()
    assert elsewhere == [] and errors == []
