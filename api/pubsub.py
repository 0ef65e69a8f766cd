"""Live updates across API processes: one Redis pub/sub connection per process, shared by every
subscription socket it holds. Whoever changes something publishes an id on a channel after commit
(any process, or the worker); each process's hub reads its one connection and hands the message to
the sockets listening on that channel, which re-read what it names as their own viewer.

One connection per process, not one per socket: a school evening with a thousand open apps would
otherwise hold a thousand Redis connections per API process. The hub subscribes to a channel when
its first listener arrives and unsubscribes when the last one leaves; a listener too slow to keep up
loses the oldest messages, not the process's memory (its queue is bounded)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from typing import Any

from redis.asyncio import Redis

from api.redis_client import is_cluster

log = logging.getLogger(__name__)

QUEUE_SIZE = 100  # messages a listener may fall behind by


class Hub:
    def __init__(self, redis: Redis) -> None:
        self.redis = redis
        self._listeners: dict[str, set[asyncio.Queue[bytes]]] = {}
        self._pubsub: Any = None
        self._reader: asyncio.Task[None] | None = None
        self._lock = asyncio.Lock()  # listeners and (un)subscribing
        self._io = asyncio.Lock()  # the one connection: a read and a (un)subscribe never interleave
        self.connections_opened = 0  # for the tests: a process opens one, however many sockets

    @contextlib.asynccontextmanager
    async def listen(self, channel: str) -> AsyncIterator[asyncio.Queue[bytes]]:
        """A queue of the channel's messages (bytes) while the block runs."""
        queue: asyncio.Queue[bytes] = asyncio.Queue(QUEUE_SIZE)
        async with self._lock:
            if self._pubsub is None:
                if is_cluster(self.redis):
                    # A cluster client learns its nodes on its first command; SUBSCRIBE is not one
                    # that does it. (PUBLISH reaches every node, so one node's connection hears all.)
                    await self.redis.initialize()  # type: ignore[attr-defined]
                self._pubsub = self.redis.pubsub()
                self.connections_opened += 1
            first = channel not in self._listeners
            self._listeners.setdefault(channel, set()).add(queue)
            if first:
                async with self._io:
                    await self._pubsub.subscribe(channel)
            if self._reader is None or self._reader.done():
                self._reader = asyncio.create_task(self._read(), name="pubsub-hub")
        try:
            yield queue
        finally:
            async with self._lock:
                listeners = self._listeners.get(channel, set())
                listeners.discard(queue)
                if not listeners:
                    self._listeners.pop(channel, None)
                    with contextlib.suppress(Exception):  # Redis may be gone; the socket is closing anyway
                        async with self._io:
                            await self._pubsub.unsubscribe(channel)

    async def _read(self) -> None:
        while True:
            try:
                if not self._listeners:
                    await asyncio.sleep(0.1)
                    continue
                async with self._io:  # short reads, so a new socket's subscribe waits little
                    message = await self._pubsub.get_message(ignore_subscribe_messages=True, timeout=0.2)
                if message is None:
                    await asyncio.sleep(0)  # let a waiting subscribe take the connection
                    continue
            except asyncio.CancelledError:
                raise
            except Exception:
                # Redis went away: redis-py reconnects and resubscribes on the next call.
                log.warning("pub/sub read failed; retrying", exc_info=True, extra={"event": "pubsub_failed"})
                await asyncio.sleep(1)
                continue
            if message is None or message.get("type") != "message":
                continue
            channel = message["channel"].decode() if isinstance(message["channel"], bytes) else message["channel"]
            data = message["data"] if isinstance(message["data"], bytes) else str(message["data"]).encode()
            for queue in list(self._listeners.get(channel, ())):
                if queue.full():
                    with contextlib.suppress(asyncio.QueueEmpty):
                        queue.get_nowait()
                queue.put_nowait(data)

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(BaseException):
                await self._reader
        if self._pubsub is not None:
            with contextlib.suppress(Exception):
                await self._pubsub.aclose()


async def publish(redis: Redis | None, channel: str, message: str) -> None:
    """Announce something (an id, a small JSON) on a channel; best effort: live updates are a
    convenience, the data is in PostgreSQL and the app re-reads it on its next visit."""
    if redis is None:
        return
    try:
        await asyncio.wait_for(redis.publish(channel, message), timeout=2)
    except Exception:
        log.warning("could not publish", exc_info=True, extra={"event": "publish_failed"})
