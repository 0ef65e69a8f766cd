"""The one way to open Redis: a single server, or a Redis Cluster when the URL says so
(`redis+cluster://host:port`, or `rediss+cluster://` with TLS; one node is enough, the client finds
the others). Each operation of ours stays on one hash slot: single keys, or (mget, several
publishes) one command per key that the cluster client routes. The job queue stays on a single
Redis (VILLAGE_QUEUE_REDIS_URL): SAQ's Redis queue cannot run on a cluster (docs/scale.md)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from redis.asyncio import Redis
from redis.asyncio.cluster import RedisCluster

CLUSTER_SCHEMES = {"redis+cluster": "redis", "rediss+cluster": "rediss"}


def is_cluster_url(url: str) -> bool:
    return url.split("://", 1)[0] in CLUSTER_SCHEMES


def connect(url: str, **kw: Any) -> Redis:
    """A client for `url`: Redis, or RedisCluster (which answers the same commands we use)."""
    scheme, _, rest = url.partition("://")
    if scheme in CLUSTER_SCHEMES:
        kw.pop("health_check_interval", None)  # per node connection settings the cluster client refuses
        return RedisCluster.from_url(f"{CLUSTER_SCHEMES[scheme]}://{rest}", **kw)  # type: ignore[return-value]
    return Redis.from_url(url, **kw)


def is_cluster(redis: Any) -> bool:
    return isinstance(redis, RedisCluster)


async def get_many(redis: Redis, keys: list[str]) -> list[Any]:
    """MGET, or on a cluster one GET per slot's keys (MGET across slots is refused there)."""
    if is_cluster(redis):
        return await redis.mget_nonatomic(keys)  # type: ignore[attr-defined]
    return await redis.mget(keys)


async def publish_many(redis: Redis, messages: Iterable[tuple[str, str]]) -> None:
    """Several PUBLISHes in one round trip (a pipeline); a cluster client refuses PUBLISH in a
    pipeline, so there they go one after another (a cluster forwards each to every node)."""
    messages = list(messages)
    if is_cluster(redis):
        for channel, message in messages:
            await redis.publish(channel, message)
        return
    async with redis.pipeline(transaction=False) as pipe:
        for channel, message in messages:
            pipe.publish(channel, message)
        await pipe.execute()
