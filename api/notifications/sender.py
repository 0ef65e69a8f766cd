"""The push sender: one shared aiohttp session that encrypts, signs and sends Web Push messages,
connecting only to addresses the endpoint policy allows (see VettedResolver). Only the worker
sends pushes, so only the worker imports this module (and aiohttp): the API process never does,
which keeps about 9 MB out of each API process (bench/load.py prints their memory)."""

from __future__ import annotations

import asyncio
import logging
import socket
import time
from collections import deque
from collections.abc import Iterable, Iterator
from itertools import islice

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from yarl import URL

from api.notifications import endpoints
from api.notifications.endpoints import EndpointPolicy, EndpointRefused, EndpointUnresolvable
from api.notifications.webpush import (
    ENCRYPT_BATCH,
    Outcome,
    PushResult,
    Subscription,
    VapidKeys,
    VapidSigner,
    b64url_decode,
    backoff,
    check_options,
    check_payload,
    classify,
    encrypt,
)

log = logging.getLogger("api.notifications.webpush")


class VettedResolver(AbstractResolver):
    """The sender's connector asks this for a host's addresses when it opens a connection, and gets
    only addresses that passed endpoints.check_addresses: the sender checks a host before each
    request and the connection goes to exactly what was checked, so DNS cannot change in between
    (a rebinding name answering a public address to the check and 127.0.0.1 to the connection).
    Checked answers are reused for `ttl` seconds; refusals are not kept. TLS still verifies the
    certificate against the endpoint's host name (aiohttp sends it as SNI)."""

    def __init__(self, policy: EndpointPolicy, *, ttl: float = 60.0) -> None:
        self.policy = policy
        self.ttl = ttl
        self._checked: dict[tuple[str, int], tuple[float, tuple[endpoints.IPAddress, ...]]] = {}

    async def addresses(self, host: str, port: int) -> tuple[endpoints.IPAddress, ...]:
        """Raises EndpointRefused, or EndpointUnresolvable when DNS has no answer."""
        key = (host, port)
        cached = self._checked.get(key)
        if cached is not None and time.monotonic() < cached[0]:
            return cached[1]
        found = await endpoints.resolve(host, port, within=self.policy.resolve_timeout)
        endpoints.check_addresses(host, found, self.policy)
        self._checked[key] = (time.monotonic() + self.ttl, found)
        return found

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        results: list[ResolveResult] = []
        for address in await self.addresses(host, port):
            af = socket.AF_INET6 if address.version == 6 else socket.AF_INET
            if family in (socket.AF_UNSPEC, af):
                results.append(
                    ResolveResult(
                        hostname=host,
                        host=str(address),
                        port=port,
                        family=af,
                        proto=socket.IPPROTO_TCP,
                        flags=socket.AI_NUMERICHOST | socket.AI_NUMERICSERV,
                    )
                )
        if not results:
            raise OSError(f"{host} has no address of family {family!r}")
        return results

    async def close(self) -> None:
        self._checked.clear()


class PushSender:
    """Sends push messages through one shared aiohttp session.

    Connections are pooled per push-service origin (`per_origin` keep-alive connections each) and a
    per-origin semaphore caps the requests in flight, so a slow or dead push service holds only its
    own slots; `connect_timeout`/`timeout` bound every request. Only endpoints `policy` allows are
    connected to, at the addresses checked (VettedResolver); without a policy it is the production
    one (https, port 443, public addresses), or, with `allow_insecure_localhost`, one for a local
    test push service. After `pause_after` consecutive
    network failures (timeouts, refused connections) to one origin, its remaining sends answer
    RETRY at once for `pause` seconds instead of each waiting out its own timeout, so a dead push
    service delays a `send_many` by about one timeout, not by (its share / per_origin) timeouts.

    Use one sender per worker process: create it in the worker's startup hook, `aclose()` it at
    shutdown."""

    def __init__(
        self,
        keys: VapidKeys,
        contact: str,
        *,
        per_origin: int = 100,
        connect_timeout: float = 5.0,
        timeout: float = 15.0,
        pause_after: int = 10,
        pause: float = 30.0,
        allow_insecure_localhost: bool = False,
        policy: EndpointPolicy | None = None,
        user_agent: str = "village-push/1",
    ) -> None:
        if per_origin < 1 or pause_after < 1:
            raise ValueError("per_origin and pause_after must be at least 1")
        self.signer = VapidSigner(keys, contact)
        self.per_origin = per_origin
        self.timeout = aiohttp.ClientTimeout(total=timeout, connect=connect_timeout, sock_connect=connect_timeout)
        self.pause_after = pause_after
        self.pause = pause
        if policy is None:
            policy = (
                EndpointPolicy(allow_private_hosts=True, allowed_ports=None, allow_insecure_localhost=True)
                if allow_insecure_localhost
                else EndpointPolicy()
            )
        self.policy = policy
        self.resolver = VettedResolver(policy)
        self.user_agent = user_agent
        self._session: aiohttp.ClientSession | None = None
        self._limits: dict[str, asyncio.Semaphore] = {}
        self._failures: dict[str, int] = {}  # origin -> consecutive network failures
        self._paused_until: dict[str, float] = {}  # origin -> time.monotonic()

    async def __aenter__(self) -> PushSender:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    @property
    def session(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                limit=0,  # no global cap: a slow origin must not use up slots the others need
                limit_per_host=self.per_origin,  # aiohttp keys this on (host, port, tls) = origin
                resolver=self.resolver,  # keeps the checked answers itself, so no second cache
                use_dns_cache=False,
                keepalive_timeout=30,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self.timeout,
                cookie_jar=aiohttp.DummyCookieJar(),  # push services need no cookies
                skip_auto_headers=("Accept-Encoding",),
                auto_decompress=False,
            )
        return self._session

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _limit(self, origin: str) -> asyncio.Semaphore:
        sem = self._limits.get(origin)
        if sem is None:
            sem = self._limits[origin] = asyncio.Semaphore(self.per_origin)
        return sem

    async def send(
        self,
        sub: Subscription,
        payload: bytes,
        *,
        ttl: int,
        urgency: str = "normal",
        topic: str | None = None,
        attempt: int = 1,
    ) -> PushResult:
        """Encrypt and POST one message. `attempt` (1 = first try) sets the backoff of a RETRY.
        Raises PayloadTooLarge / ValueError for a bad payload or bad options, before anything is
        sent; every outcome of the request itself is a PushResult."""
        check_options(ttl, urgency, topic)
        check_payload(payload)
        prepared = self._prepare(sub)
        if isinstance(prepared, PushResult):
            return prepared
        return await self._deliver(prepared, payload, ttl, urgency, topic, attempt)

    async def send_many(
        self,
        items: Iterable[tuple[Subscription, bytes]],
        *,
        ttl: int,
        urgency: str = "normal",
        topic: str | None = None,
        attempt: int = 1,
    ) -> list[PushResult]:
        """Send every (subscription, payload) concurrently, within the per-origin limits; results
        come back in the order of `items`. All payloads are checked before the first is sent.

        Each origin gets up to `per_origin` worker coroutines working through its share (they
        still take the origin's semaphore, so concurrent batches share the limit); this costs less
        than one task per message waiting on the semaphore. Messages are encrypted just ahead of
        sending, `ENCRYPT_BATCH` in a row: interleaved one by one with the HTTP work they cost
        more CPU (bench/push.py measured about 10% per push; the EC tables and OpenSSL state
        staying in the CPU cache is the likely reason)."""
        check_options(ttl, urgency, topic)
        items = list(items)
        for _, payload in items:
            check_payload(payload)
        results: list[PushResult | None] = [None] * len(items)
        prepared: list[tuple[str, str, bytes, bytes] | None] = [None] * len(items)
        by_origin: dict[str, list[int]] = {}
        for i, (sub, _) in enumerate(items):
            ready = self._prepare(sub)
            if isinstance(ready, PushResult):
                results[i] = ready
            else:
                prepared[i] = ready
                by_origin.setdefault(ready[0], []).append(i)

        async def work(origin: str, queue: Iterator[int], ready: deque[tuple[int, bytes]]) -> None:
            # The workers of one origin share `queue` (indexes still to encrypt) and `ready`.
            limit = self._limit(origin)
            while True:
                if not ready:
                    chunk = list(islice(queue, ENCRYPT_BATCH))
                    if not chunk:
                        return
                    # A few in a row (see the docstring); a paused origin gets no more work.
                    for i in chunk:
                        if paused := self._paused(origin, attempt):
                            results[i] = paused
                            continue
                        body = self._encrypt(prepared[i], items[i][1])  # type: ignore[arg-type]
                        if isinstance(body, PushResult):
                            results[i] = body
                        else:
                            ready.append((i, body))
                    continue
                i, body = ready.popleft()
                async with limit:
                    results[i] = self._paused(origin, attempt) or await self._post(
                        prepared[i],
                        body,
                        ttl,
                        urgency,
                        topic,
                        attempt,  # type: ignore[arg-type]
                    )

        workers = []
        for origin, indexes in by_origin.items():
            queue, ready = iter(indexes), deque()
            workers.extend(work(origin, queue, ready) for _ in range(min(self.per_origin, len(indexes))))
        await asyncio.gather(*workers)
        return results  # type: ignore[return-value] # every slot is filled

    def _paused(self, origin: str, attempt: int) -> PushResult | None:
        until = self._paused_until.get(origin)
        if until is None:
            return None
        left = until - time.monotonic()
        if left <= 0:
            del self._paused_until[origin]
            return None
        detail = f"{origin} paused after {self.pause_after} consecutive network failures"
        return PushResult(Outcome.RETRY, None, max(left, backoff(attempt)), detail)

    def _prepare(self, sub: Subscription) -> tuple[str, str, bytes, bytes] | PushResult:
        """(origin, endpoint, p256dh, auth), or the REJECTED result for an unusable subscription (the
        REFUSED one for a port push is not sent to)."""
        endpoint = sub.endpoint
        target, problems = endpoints.split_endpoint(
            endpoint, allow_insecure_localhost=self.policy.allow_insecure_localhost
        )
        origin = target.origin if target is not None else "?"
        if target is None or problems:
            return self._rejected(None, f"invalid subscription: endpoint {problems[0]}", origin)
        if problem := endpoints.port_problem(target, self.policy):
            return self._refused(origin, f"endpoint {problem}")
        try:
            return origin, endpoint, b64url_decode(sub.p256dh), b64url_decode(sub.auth)
        except ValueError as exc:
            return self._rejected(None, f"invalid subscription: {exc}", origin)

    async def _deliver(
        self,
        prepared: tuple[str, str, bytes, bytes],
        payload: bytes,
        ttl: int,
        urgency: str,
        topic: str | None,
        attempt: int,
    ) -> PushResult:
        origin = prepared[0]
        async with self._limit(origin):
            # Checked after the wait: sends queued behind a dying origin fail fast.
            if paused := self._paused(origin, attempt):
                return paused
            body = self._encrypt(prepared, payload)
            if isinstance(body, PushResult):
                return body
            return await self._post(prepared, body, ttl, urgency, topic, attempt)

    def _encrypt(self, prepared: tuple[str, str, bytes, bytes], payload: bytes) -> bytes | PushResult:
        origin, _, p256dh, auth = prepared
        try:
            return encrypt(payload, p256dh, auth)
        except ValueError as exc:  # a p256dh that is not on the curve, say
            return self._rejected(None, f"invalid subscription keys: {exc}", origin)

    async def _post(
        self,
        prepared: tuple[str, str, bytes, bytes],
        body: bytes,
        ttl: int,
        urgency: str,
        topic: str | None,
        attempt: int,
    ) -> PushResult:
        """POST one encrypted message (the caller holds the origin's semaphore) and classify."""
        origin, endpoint = prepared[0], prepared[1]
        headers = {
            "User-Agent": self.user_agent,
            "TTL": str(ttl),
            "Urgency": urgency,
            "Content-Encoding": "aes128gcm",
            "Content-Type": "application/octet-stream",
            "Authorization": self.signer.authorization(origin),
        }
        if topic is not None:
            headers["Topic"] = topic
        # encoded=True: the endpoint is sent exactly as the browser gave it, not re-quoted.
        url = URL(endpoint, encoded=True)
        try:
            # Checked now, at send time: the connector connects to these very addresses.
            await self.resolver.addresses(url.raw_host or "", url.port or 0)
            async with self.session.post(url, data=body, headers=headers, allow_redirects=False) as resp:
                status = resp.status
                if 200 <= status < 300:
                    text = ""
                    await resp.read()  # drain, so the connection goes back to the pool
                else:
                    text = (await resp.content.read(512)).decode("utf-8", "replace")
                retry_after = resp.headers.get("Retry-After")
        except EndpointUnresolvable as exc:  # DNS can fail for a while: retried like a network error
            return self._network_error(origin, exc, attempt)
        except EndpointRefused as exc:
            return self._refused(origin, f"endpoint {exc.reason}")
        except (aiohttp.ClientError, OSError, TimeoutError) as exc:
            return self._network_error(origin, exc, attempt)
        self._failures.pop(origin, None)
        result = classify(status, retry_after, attempt, text.strip()[:200])
        if result.outcome is Outcome.REJECTED:
            self._rejected(status, result.detail, origin)
        elif result.outcome is Outcome.RETRY:
            log.warning(
                "push deferred by the push service",
                extra={"event": "push_retry", "origin": origin, "status": status, "retry_after": result.retry_after},
            )
        return result

    def _network_error(self, origin: str, exc: BaseException, attempt: int) -> PushResult:
        detail = type(exc).__name__ + (f": {exc}" if str(exc) else "")
        failures = self._failures[origin] = self._failures.get(origin, 0) + 1
        if failures >= self.pause_after and origin not in self._paused_until:
            self._paused_until[origin] = time.monotonic() + self.pause
            log.error(
                "push service unreachable, pausing it",
                extra={"event": "push_origin_paused", "origin": origin, "failures": failures, "pause_s": self.pause},
            )
        log.warning(
            "push failed, will retry",
            extra={"event": "push_error", "origin": origin, "error": detail, "attempt": attempt},
        )
        return PushResult(Outcome.RETRY, None, backoff(attempt), detail)

    @staticmethod
    def _refused(origin: str, detail: str) -> PushResult:
        log.warning("push endpoint refused", extra={"event": "push_refused", "origin": origin, "detail": detail})
        return PushResult(Outcome.REFUSED, None, detail=detail)

    @staticmethod
    def _rejected(status: int | None, detail: str, origin: str) -> PushResult:
        # Not retried, and the subscription is kept: a rejected request is our bug to fix. The
        # endpoint is a capability URL, so only its origin is logged.
        log.error(
            "push rejected (our bug, not retried)",
            extra={"event": "push_rejected", "origin": origin, "status": status, "detail": detail},
        )
        return PushResult(Outcome.REJECTED, status, detail=detail)
