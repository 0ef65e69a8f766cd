"""GraphiQL (development only) is our own page whose every script and style comes from this server:
it works offline and sends nothing to a CDN. That the files are really there, in a built PWA, and
that the page runs in a browser with every other host unreachable: tests/e2e/test_graphiql.py."""

from __future__ import annotations

import dataclasses
from html.parser import HTMLParser

from litestar.testing import AsyncTestClient

from village.app import create_app


class Resources(HTMLParser):
    """The URLs a page loads: script sources, stylesheets and icons."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "script" and a.get("src"):
            self.urls.append(a["src"] or "")
        if tag == "link" and a.get("href"):
            self.urls.append(a["href"] or "")


def resources(html: str) -> list[str]:
    parser = Resources()
    parser.feed(html)
    return parser.urls


async def graphiql_page(settings) -> str:
    async with AsyncTestClient(create_app(dataclasses.replace(settings, environment="development"))) as c:
        r = await c.get("/graphql", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    return r.text


async def test_graphiql_loads_nothing_from_another_host(settings, clean):
    html = await graphiql_page(settings)
    urls = resources(html)
    assert "/graphiql/graphiql.min.js" in urls and "/graphiql/graphiql.min.css" in urls
    # Same-origin paths only: no scheme, no protocol-relative //host, nothing but this server.
    assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
    for cdn in ("unpkg", "jsdelivr", "cdnjs", "esm.sh", "http://", "https://"):
        assert cdn not in html.lower(), cdn
