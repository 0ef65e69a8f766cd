"""/healthz tells a load balancer whether this process can reach PostgreSQL and Redis."""

from dataclasses import replace

from litestar.testing import AsyncTestClient

from village.app import create_app


async def test_healthy(client):
    r = await client.get("/healthz")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "postgres": "ok", "redis": "ok"}


async def test_unreachable_redis_or_postgres_is_503(settings):
    dead_redis = replace(settings, redis_url="redis://127.0.0.1:1/0")
    async with AsyncTestClient(create_app(dead_redis)) as c:
        r = await c.get("/healthz")
    assert r.status_code == 503 and r.json()["redis"].startswith("down") and r.json()["postgres"] == "ok"
    dead_pg = replace(settings, database_url="postgresql://postgres@127.0.0.1:1/nope")
    async with AsyncTestClient(create_app(dead_pg)) as c:
        r = await c.get("/healthz")
    assert r.status_code == 503 and r.json()["postgres"].startswith("down")
