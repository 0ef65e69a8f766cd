"""Why the job queue stays on a single Redis: SAQ's Redis queue cannot enqueue on a Redis Cluster,
even with every key of the queue's own name on one hash slot, because its enqueue script also
touches `saq:abort:<job key>`. Village refuses that configuration at start with a clear message,
and everything else uses the cluster (rate limits, presence, live updates: test_read_paths.py)."""

from __future__ import annotations

import dataclasses

import pytest
from redis.asyncio.cluster import RedisCluster
from redis.exceptions import ClusterCrossSlotError
from saq.queue.redis import RedisQueue

from api.config import RateLimit
from api.errors import RateLimited
from api.jobs import make_queue
from api.ratelimit import hit

pytestmark = pytest.mark.topology


@pytest.mark.parametrize("name", ["village:jobs", "{village:jobs}"])
async def test_saq_cannot_enqueue_on_a_cluster_even_with_a_hash_tagged_name(topo, name):
    queue = RedisQueue(RedisCluster.from_url(f"redis://127.0.0.1:{topo.redis_ports[0]}"), name=name)
    try:
        await queue.connect()
        with pytest.raises(ClusterCrossSlotError):
            await queue.enqueue("dispatch_outbox", event_id=1)
    finally:
        # SAQ's own disconnect() fails on a cluster client too (it closes `connection_pool`, which
        # a cluster client does not have).
        with pytest.raises(AttributeError, match="connection_pool"):
            await queue.disconnect()
        await queue.redis.aclose()


def test_a_cluster_as_the_queue_is_refused_with_what_to_set(settings):
    with pytest.raises(RuntimeError, match="VILLAGE_QUEUE_REDIS_URL"):
        make_queue(dataclasses.replace(settings, queue_redis_url=""))


async def test_rate_limits_count_on_the_cluster(redis, settings, clean):
    rule = RateLimit(3, 60)
    for _ in range(3):
        await hit(redis, settings.redis_prefix, "login:ip:192.0.2.1", rule, "Too many tries.")
    with pytest.raises(RateLimited, match="Try again in"):
        await hit(redis, settings.redis_prefix, "login:ip:192.0.2.1", rule, "Too many tries.")
