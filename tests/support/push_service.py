"""A local Web Push service (RFC 8030) for the tests and bench/push.py, playing both the push
service and the browsers behind it:

- each `new_subscription()` is a browser: the service makes a P-256 key pair and an auth secret
  and hands out (endpoint, p256dh, auth) as `PushManager.subscribe` would;
- every POST is checked as a real push service checks it: the VAPID `Authorization` (ES256
  signature against `k=`, `aud` = this service's origin, `exp` in the future and at most 24 h
  ahead, `sub` a mailto: or https: contact; PyJWT verifies, so the sender's hand-made JWT is checked
  by an independent implementation), a `TTL`, `Content-Encoding: aes128gcm`;
- the body is then DECRYPTED with the subscriber's private key (the browser's half of RFC 8291,
  written with cryptography's HKDF rather than the sender's HMAC shortcut) and the plaintext and
  headers are kept per endpoint for the tests to assert on.

Tests tell it how to answer, globally or per endpoint: `respond(410)`, `respond(429,
retry_after="7")`, `respond(201, delay=3.0)` (slow). Problems it found in a request are answered
400/401/403 and listed in `problems`.

`TopicPushService` adds RFC 8030 topic replacement and a log of every attempt, for the
exactly-once tests (the `push` fixture). It lives under tests/ because nothing in production needs
it; bench/push.py puts the repository root on sys.path and imports it from here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import socket
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from multidict import CIMultiDict

from api.notifications.webpush import b64url_decode, b64url_encode

CURVE = ec.SECP256R1()


class DecryptError(ValueError):
    pass


def decrypt(body: bytes, ua_private_key: ec.EllipticCurvePrivateKey, auth: bytes) -> bytes:
    """The user agent's side of RFC 8291: one aes128gcm record (RFC 8188) to the plaintext."""
    if len(body) < 21:
        raise DecryptError("body shorter than the aes128gcm header")
    salt, rs, idlen = body[:16], int.from_bytes(body[16:20], "big"), body[20]
    if idlen != 65:
        raise DecryptError(f"keyid must be the 65-byte sender public key, got {idlen} bytes")
    as_public_raw, ciphertext = body[21 : 21 + idlen], body[21 + idlen :]
    if rs < 18 or len(ciphertext) > rs:
        raise DecryptError(f"a single record of at most rs={rs} bytes is required, got {len(ciphertext)}")
    try:
        as_public = ec.EllipticCurvePublicKey.from_encoded_point(CURVE, as_public_raw)
    except ValueError as exc:
        raise DecryptError("keyid is not a P-256 point") from exc
    ua_public_raw = ua_private_key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    ecdh_secret = ua_private_key.exchange(ec.ECDH(), as_public)
    ikm = HKDF(hashes.SHA256(), 32, auth, b"WebPush: info\x00" + ua_public_raw + as_public_raw).derive(ecdh_secret)
    cek = HKDF(hashes.SHA256(), 16, salt, b"Content-Encoding: aes128gcm\x00").derive(ikm)
    nonce = HKDF(hashes.SHA256(), 12, salt, b"Content-Encoding: nonce\x00").derive(ikm)
    try:
        record = AESGCM(cek).decrypt(nonce, ciphertext, None)
    except Exception as exc:  # cryptography's InvalidTag
        raise DecryptError("authentication tag does not verify (wrong keys or corrupt body)") from exc
    record = record.rstrip(b"\x00")  # padding
    if not record.endswith(b"\x02"):
        raise DecryptError("missing the 0x02 last-record delimiter")
    return record[:-1]


@dataclass(frozen=True)
class Received:
    plaintext: bytes
    headers: CIMultiDict[str]
    body_size: int
    at: float  # time.monotonic() when it was accepted


@dataclass
class Behaviour:
    status: int = 201
    retry_after: str | None = None
    delay: float = 0.0


@dataclass
class _Subscriber:
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    application_server_key: str | None


@dataclass
class PushService:
    host: str = "127.0.0.1"
    decrypt_bodies: bool = True
    keep_messages: bool = True  # the benchmark only counts them
    port: int = 0
    messages: dict[str, list[Received]] = field(default_factory=lambda: defaultdict(list))
    problems: list[str] = field(default_factory=list)
    requests: int = 0
    delivered: int = 0

    def __post_init__(self) -> None:
        self._subs: dict[str, _Subscriber] = {}
        self._behaviour = Behaviour()
        self._per_endpoint: dict[str, Behaviour] = {}
        self._tokens: dict[tuple[str, str], int] = {}  # verified (jwt, k) -> exp
        self._runner: web.AppRunner | None = None
        self._stopping = asyncio.Event()  # ends slow answers at once when the service stops

    # -- lifecycle ------------------------------------------------------------------------------

    async def start(self) -> PushService:
        self._stopping.clear()
        app = web.Application(client_max_size=64 * 1024)
        app.router.add_post("/push/{token}", self._push)
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False, shutdown_timeout=1.0)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, self.port))
        self.port = sock.getsockname()[1]
        await web.SockSite(self._runner, sock, backlog=1024).start()
        return self

    async def stop(self) -> None:
        self._stopping.set()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> PushService:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    # -- what tests use -------------------------------------------------------------------------

    def new_subscription(self, *, application_server_key: str | None = None) -> tuple[str, str, str]:
        """A browser subscribing: (endpoint, p256dh, auth), the keys base64url without padding.
        With `application_server_key`, pushes signed with any other VAPID key get 403 (RFC 8292 §4.2)."""
        key = ec.generate_private_key(CURVE)
        auth = secrets.token_bytes(16)
        token = secrets.token_urlsafe(16)
        self._subs[token] = _Subscriber(key, auth, application_server_key)
        public = key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return f"{self.origin}/push/{token}", b64url_encode(public), b64url_encode(auth)

    def respond(
        self, status: int = 201, *, endpoint: str | None = None, retry_after: str | None = None, delay: float = 0.0
    ) -> None:
        """How to answer from now on: for one endpoint, or for all (endpoint=None)."""
        behaviour = Behaviour(status, retry_after, delay)
        if endpoint is None:
            self._behaviour = behaviour
        else:
            self._per_endpoint[endpoint] = behaviour

    def received(self, endpoint: str) -> list[Received]:
        return self.messages.get(endpoint, [])

    # -- the push service -------------------------------------------------------------------------

    async def _push(self, request: web.Request) -> web.Response:
        self.requests += 1
        endpoint = f"{self.origin}{request.path}"
        behaviour = self._per_endpoint.get(endpoint, self._behaviour)
        if behaviour.delay:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), behaviour.delay)
        sub = self._subs.get(request.match_info["token"])
        if sub is None:
            return web.Response(status=404, text="no such subscription")
        body = await request.read()
        if problem := self._check_request(request, sub):
            status, message = problem
            self.problems.append(message)
            return web.Response(status=status, text=message)
        if behaviour.status != 201:
            headers = {"Retry-After": behaviour.retry_after} if behaviour.retry_after else {}
            return web.Response(status=behaviour.status, headers=headers, text=f"told to answer {behaviour.status}")
        plaintext = b""
        if self.decrypt_bodies:
            try:
                plaintext = decrypt(body, sub.private_key, sub.auth)
            except DecryptError as exc:
                self.problems.append(f"decrypt: {exc}")
                return web.Response(status=400, text=f"cannot decrypt: {exc}")
        self.delivered += 1
        if self.keep_messages:
            self.messages[endpoint].append(
                Received(plaintext, CIMultiDict(request.headers), len(body), time.monotonic())
            )
        return web.Response(status=201, headers={"Location": f"{self.origin}/message/{secrets.token_urlsafe(8)}"})

    def _check_request(self, request: web.Request, sub: _Subscriber) -> tuple[int, str] | None:
        ttl = request.headers.get("TTL")
        if ttl is None or not ttl.isdigit():
            return 400, "TTL header missing or not a non-negative integer"
        if request.headers.get("Content-Encoding") != "aes128gcm":
            return 415, f"Content-Encoding must be aes128gcm, got {request.headers.get('Content-Encoding')!r}"
        if (urgency := request.headers.get("Urgency")) is not None and urgency not in (
            "very-low",
            "low",
            "normal",
            "high",
        ):
            return 400, f"bad Urgency {urgency!r}"
        topic = request.headers.get("Topic")
        if topic is not None and (
            len(topic) > 32 or not all(c.isalnum() or c in "-_" for c in topic) or not topic.isascii()
        ):
            return 400, f"bad Topic {topic!r}"
        if request.content_length is not None and request.content_length > 4096:
            return 413, "payload larger than 4096 bytes"
        return self._check_vapid(request.headers.get("Authorization", ""), sub)

    def _check_vapid(self, authorization: str, sub: _Subscriber) -> tuple[int, str] | None:
        scheme, _, params = authorization.partition(" ")
        if scheme.lower() != "vapid":
            return 401, "Authorization must use the vapid scheme (RFC 8292)"
        values = dict(p.strip().partition("=")[::2] for p in params.split(","))
        token, k = values.get("t", ""), values.get("k", "")
        if not token or not k:
            return 401, "vapid Authorization needs t= and k="
        if sub.application_server_key is not None and k != sub.application_server_key:
            return 403, "k= is not the applicationServerKey the subscription was made with"
        now = time.time()
        exp = self._tokens.get((token, k))
        if exp is None:  # verify a token once, then only its expiry (as services cache them)
            try:
                public = ec.EllipticCurvePublicKey.from_encoded_point(CURVE, b64url_decode(k))
                claims = jwt.decode(
                    token,
                    public,
                    algorithms=["ES256"],
                    audience=self.origin,
                    options={"require": ["aud", "exp", "sub"]},
                )
            except (ValueError, jwt.PyJWTError) as exc:
                return 401, f"VAPID token rejected: {type(exc).__name__}: {exc}"
            sub_claim = claims["sub"]
            if not isinstance(sub_claim, str) or not (
                sub_claim.startswith("mailto:") or sub_claim.startswith("https:")
            ):
                return 401, f"VAPID sub must be a mailto: or https: contact, got {sub_claim!r}"
            exp = int(claims["exp"])
            if exp > now + 24 * 3600 + 60:
                return 401, "VAPID exp is more than 24 hours ahead"
            self._tokens[(token, k)] = exp
        if exp <= now:
            return 401, "VAPID token expired"
        return None


class TopicPushService(PushService):
    """The local push service, plus two things exactly-once tests need:

    - RFC 8030 §5.4 replacement: a message with a `Topic` replaces a message with the same topic
      that the service still holds for the device (the devices in these tests stay offline, so
      every accepted message is held). `messages[endpoint]` is what the device will get;
    - a log of every request per endpoint (`attempts`: arrival time and answer) and of every
      message accepted before replacement (`accepted`), to see what was sent more than once;
    - how many requests it is still answering (`in_flight`), to wait for a dead sender's last ones."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.attempts: dict[str, list[tuple[float, int]]] = defaultdict(list)
        self.accepted: dict[str, int] = defaultdict(int)
        self.in_flight = 0

    async def _push(self, request: web.Request) -> web.Response:
        endpoint = f"{self.origin}{request.path}"
        arrived = time.monotonic()
        self.in_flight += 1
        try:
            # A real push service has the message once the body is in, whatever happens to the answer
            # (PushService reads it only after its delay). aiohttp keeps the body for the second read.
            await request.read()
            response = await super()._push(request)
        finally:
            self.in_flight -= 1
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
