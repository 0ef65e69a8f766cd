"""Shared pieces for the notification tests: a push service that models RFC 8030 topic
replacement, a deterministic in-process job runner, and scenario helpers."""

from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import web
from saq.job import Job
from sqlalchemy import select

from api.notifications.models import Notification, PushDelivery, PushSubscription
from api.outbox.models import OutboxEvent
from tests.factories import Community, Factory, User
from tests.workers.push_service import PushService, Received
from workers import jobs

# --- the push service --------------------------------------------------------------------------------


class TopicPushService(PushService):
    """The local push service, plus two things exactly-once tests need:

    - RFC 8030 §5.4 replacement: a message with a `Topic` replaces a message with the same topic
      that the service still holds for the device (the devices in these tests stay offline, so
      every accepted message is held). `messages[endpoint]` is what the device will get;
    - a log of every request per endpoint (`attempts`: arrival time and answer) and of every
      message accepted before replacement (`accepted`), to see what was sent more than once."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.attempts: dict[str, list[tuple[float, int]]] = defaultdict(list)
        self.accepted: dict[str, int] = defaultdict(int)

    async def _push(self, request: web.Request) -> web.Response:
        endpoint = f"{self.origin}{request.path}"
        arrived = time.monotonic()
        # A real push service has the message once the body is in, whatever happens to the answer
        # (PushService reads it only after its delay). aiohttp keeps the body for the second read.
        await request.read()
        response = await super()._push(request)
        self.attempts[endpoint].append((arrived, response.status))
        if response.status == 201:
            self.accepted[endpoint] += 1
            held = self.messages[endpoint]
            new = held[-1]
            if topic := new.headers.get("Topic"):
                self.messages[endpoint] = [m for m in held[:-1] if m.headers.get("Topic") != topic] + [new]
        return response

    def inbox(self, endpoint: str) -> list[dict[str, Any]]:
        """The decrypted payloads the device will get, oldest first."""
        return [json.loads(m.plaintext) for m in self.received(endpoint)]

    def held(self, endpoint: str) -> list[Received]:
        return self.received(endpoint)


# --- running jobs in-process, deterministically ---------------------------------------------------------


@dataclass
class Enqueued:
    function: str
    kwargs: dict[str, Any]
    key: str | None
    scheduled: int


@dataclass
class FakeQueue:
    """Records what jobs enqueue, deduplicating on `key` as SAQ does while a job is incomplete."""

    jobs: list[Enqueued] = field(default_factory=list)

    async def enqueue(self, function: str, **kwargs: Any) -> Enqueued | None:
        job_fields = {k: kwargs.pop(k) for k in list(kwargs) if k in Job.__dataclass_fields__}
        key = job_fields.get("key")
        if key is not None and any(j.key == key for j in self.jobs):
            return None
        job = Enqueued(function, kwargs, key, int(job_fields.get("scheduled") or 0))
        self.jobs.append(job)
        return job

    def scheduled(self, function: str) -> list[Enqueued]:
        return [j for j in self.jobs if j.function == function and j.scheduled]


FUNCTIONS = {fn.__name__: fn for fn in jobs.FUNCTIONS}


class Runner:
    """Plays the worker without Redis: dispatches pending outbox events and runs the jobs they
    enqueue, in order, until nothing due is left. Jobs scheduled for later stay in `queue`."""

    def __init__(self, settings, sessions, sender, redis=None) -> None:
        self.queue = FakeQueue()
        self.ctx: dict[str, Any] = {"settings": settings, "sessions": sessions, "push_sender": sender, "redis": redis, "queue": self.queue}
        self.ran: list[tuple[str, dict[str, Any], Any]] = []

    async def run(self, *, include_scheduled: bool = False, hold: tuple[str, ...] = ()) -> None:
        """Run what is due; with include_scheduled, also (once) the jobs scheduled for later. Jobs
        of the functions in `hold` stay in the queue (to act before they run)."""
        for _ in range(100):
            async with self.ctx["sessions"]() as db:
                pending = (await db.scalars(select(OutboxEvent.id).where(OutboxEvent.dispatched_at.is_(None)).order_by(OutboxEvent.id))).all()
            for event_id in pending:
                await self.job("dispatch_outbox", event_id=event_id)
            now = datetime.now(UTC).timestamp()
            due = [j for j in self.queue.jobs if (include_scheduled or j.scheduled <= now) and j.function not in hold]
            for j in due:
                self.queue.jobs.remove(j)
            include_scheduled = False
            for j in due:
                await self.job(j.function, **j.kwargs)
            if not pending and not due:
                return
        raise AssertionError("jobs kept enqueueing jobs")

    async def job(self, function: str, **kwargs: Any) -> Any:
        result = await FUNCTIONS[function](self.ctx, **kwargs)
        self.ran.append((function, kwargs, result))
        return result


# --- scenario helpers ---------------------------------------------------------------------------------------

STRENGTH = "mutation($i: AddStrengthInput!) { addStrength(input: $i) { strength { id } errors { code } } }"
POST_NEED = "mutation($i: PostNeedInput!) { postNeed(input: $i) { need { id } errors { code message } } }"
REGISTER = (
    "mutation($i: RegisterPushSubscriptionInput!) { registerPushSubscription(input: $i) {"
    " subscription { endpointOrigin } errors { field message code } } }"
)


async def register(f: Factory, user: User, push: PushService, **kw: Any) -> str:
    endpoint, p256dh, auth = push.new_subscription(**kw)
    await f.ok(REGISTER, {"i": {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}}, user)
    return endpoint


@dataclass
class Scene:
    community: Community
    ana: User  # posts needs
    maria: User  # helps with math


async def scene(f: Factory, *, maria_profile: dict | None = None) -> Scene:
    c = await f.community()
    ana = await f.member(c, "Ana")
    maria = await f.member(c, "María", **(maria_profile or {}))
    await f.ok(STRENGTH, {"i": {"category": "tutoring.math", "title": "Math tutoring", "modes": ["VIRTUAL"]}}, maria)
    return Scene(c, ana, maria)


async def post_need(f: Factory, s: Scene, title: str = "Fractions help") -> str:
    data = await f.ok(POST_NEED, {"i": {"communityId": s.community.id, "category": "tutoring.math", "title": title, "mode": "VIRTUAL"}}, s.ana)
    return data["postNeed"]["need"]["id"]


async def notifications_of(sessions, user: User) -> list[Notification]:
    async with sessions() as db:
        return list((await db.scalars(select(Notification).where(Notification.recipient_id == user.pk).order_by(Notification.created_at))).all())


async def deliveries(sessions) -> list[PushDelivery]:
    async with sessions() as db:
        return list((await db.scalars(select(PushDelivery))).all())


async def subscriptions(sessions) -> list[PushSubscription]:
    async with sessions() as db:
        return list((await db.scalars(select(PushSubscription))).all())


async def wait_for(predicate, timeout: float = 20.0, interval: float = 0.05) -> None:
    deadline = asyncio.get_running_loop().time() + timeout
    while not await predicate():
        assert asyncio.get_running_loop().time() < deadline, "timed out"
        await asyncio.sleep(interval)


@asynccontextmanager
async def running_worker(settings, **overrides: Any):
    """A real SAQ worker in this process, on the queue the API enqueues onto."""
    from tests.workers.test_jobs import started
    from workers.settings import make_worker

    worker = make_worker(settings, grace=5, **overrides)
    worker.SIGNALS = []  # leave pytest's signal handling alone
    await worker.queue.connect()
    task = asyncio.create_task(worker.start())
    try:
        await started(worker.queue)
        yield worker
    finally:
        await asyncio.wait_for(worker.stop(), 15)
        await asyncio.wait_for(task, 15)
        await worker.queue.disconnect()
