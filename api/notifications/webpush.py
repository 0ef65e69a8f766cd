"""Web Push sending core (DESIGN.md §6): RFC 8030 (the push protocol), RFC 8291 (aes128gcm message
encryption, on RFC 8188) and RFC 8292 (VAPID). The notification domain decides who gets what;
this module only turns (subscription, payload bytes) into a classified `PushResult`.

    keys = load_or_create_vapid_keys(Path("/var/lib/village/vapid.pem"))
    async with PushSender(keys, contact="mailto:ops@example.org") as sender:
        results = await sender.send_many([(sub, payload), ...], ttl=3600, urgency="high", topic="trip-42")
        for result in results:
            ...  # result.outcome: delivered | gone (delete the subscription) | retry (after
                 # result.retry_after seconds) | rejected (our bug: logged, not retried)

VAPID keys, in order of precedence:
  1. the `VAPID_PRIVATE_KEY` environment variable: a PEM private key (literal `\\n` escapes are
     accepted, as env files often carry them) or the base64url raw 32-byte P-256 scalar. When it is
     set the key file is neither read nor written.
  2. the PEM file at `path`, if it exists. A file that cannot be read or does not hold a P-256
     private key raises `VapidKeyError`: it is never replaced, because a new key silently
     invalidates every subscription browsers made with the old `applicationServerKey`.
  3. otherwise a new key is generated once and written to `path` with mode 0600 (atomically: a
     worker racing another loads the winner's key).

Why not the `webpush` package's `WebPush.get`: it draws the salt and the ephemeral key inside
`_encrypt` (so the RFC 8291 test vector cannot be reproduced), builds the VAPID `aud` from the
endpoint's host without its port (wrong origin for non-default ports), always prefixes `sub` with
`mailto:`, and signs a fresh JWT per message. The encryption below is the same construction, built
on the same `cryptography` primitives; the tests decrypt `webpush`'s output as a cross-check.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import json
import logging
import os
import random
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from enum import StrEnum
from pathlib import Path
from typing import Protocol
from urllib.parse import urlsplit

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from api.notifications import endpoints

log = logging.getLogger("api.notifications.webpush")

CURVE = ec.SECP256R1()
RECORD_SIZE = 4096
# RFC 8291 §4: one record; the body is salt(16) rs(4) idlen(1) keyid(65) + ciphertext, where the
# ciphertext is the plaintext, the 0x02 last-record delimiter and the 16-byte GCM tag.
HEADER_SIZE = 16 + 4 + 1 + 65
MAX_PAYLOAD = RECORD_SIZE - HEADER_SIZE - 1 - 16  # 3993 bytes of plaintext
URGENCIES = ("very-low", "low", "normal", "high")
JWT_LIFETIME = 12 * 3600  # RFC 8292 §2: exp no more than 24 hours ahead
JWT_REFRESH_BEFORE = 10 * 60  # sign a new token this long before the cached one expires
BACKOFF_BASE = 5.0
BACKOFF_CAP = 3600.0
ENCRYPT_BATCH = 64  # send_many encrypts this many messages in a row (see PushSender.send_many)
ENV_PRIVATE_KEY = "VAPID_PRIVATE_KEY"

_TOPIC = re.compile(r"[A-Za-z0-9_-]{1,32}")
_B64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")
_RS_BYTES = RECORD_SIZE.to_bytes(4, "big")
_CEK_INFO = b"Content-Encoding: aes128gcm\x00\x01"  # HKDF-Expand info || counter 0x01 (one block)
_NONCE_INFO = b"Content-Encoding: nonce\x00\x01"
_KEY_INFO = b"WebPush: info\x00"


# --- base64url ------------------------------------------------------------------------------------


def b64url_encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Base64url with or without padding; anything else (standard-alphabet `+` `/`, spaces, bad
    padding) raises ValueError."""
    if not isinstance(text, str) or not _B64URL.fullmatch(text):
        raise ValueError("not base64url")
    text = text.rstrip("=")
    if len(text) % 4 == 1:
        raise ValueError("not base64url (truncated)")
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as exc:
        raise ValueError("not base64url") from exc


# --- VAPID keys -----------------------------------------------------------------------------------


class VapidKeyError(RuntimeError):
    """The configured VAPID key cannot be used; nothing was replaced."""


class VapidKeys:
    """The application server's P-256 key pair (RFC 8292)."""

    __slots__ = ("application_server_key", "private_key", "public_key_raw")

    def __init__(self, private_key: ec.EllipticCurvePrivateKey) -> None:
        if not isinstance(private_key, ec.EllipticCurvePrivateKey) or private_key.curve.name != CURVE.name:
            raise VapidKeyError("VAPID key must be an EC P-256 (secp256r1/prime256v1) private key")
        self.private_key = private_key
        self.public_key_raw = private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        # What the PWA passes as `applicationServerKey` to PushManager.subscribe, and the `k=`.
        self.application_server_key = b64url_encode(self.public_key_raw)

    @classmethod
    def generate(cls) -> VapidKeys:
        return cls(ec.generate_private_key(CURVE))

    @classmethod
    def from_pem(cls, data: bytes) -> VapidKeys:
        try:
            key = serialization.load_pem_private_key(data, password=None)
        except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
            raise VapidKeyError(f"not a readable unencrypted PEM private key ({exc})") from exc
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise VapidKeyError(f"VAPID key must be EC P-256, got {type(key).__name__}")
        return cls(key)

    @classmethod
    def from_raw(cls, text: str) -> VapidKeys:
        """The base64url 32-byte private scalar (the form many VAPID tools print)."""
        try:
            raw = b64url_decode(text.strip())
        except ValueError as exc:
            raise VapidKeyError("raw VAPID private key is not base64url") from exc
        if len(raw) != 32:
            raise VapidKeyError(f"raw VAPID private key must be 32 bytes, got {len(raw)}")
        try:
            return cls(ec.derive_private_key(int.from_bytes(raw, "big"), CURVE))
        except ValueError as exc:
            raise VapidKeyError(f"raw VAPID private key is not a valid P-256 scalar ({exc})") from exc

    @classmethod
    def from_env_value(cls, value: str) -> VapidKeys:
        value = value.strip()
        if value.startswith("-----BEGIN"):
            return cls.from_pem(value.replace("\\n", "\n").encode())
        return cls.from_raw(value)

    def private_pem(self) -> bytes:
        return self.private_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )


def load_or_create_vapid_keys(path: Path, *, environ: Mapping[str, str] | None = None) -> VapidKeys:
    """See the module docstring for the precedence. Raises VapidKeyError, never regenerates."""
    env = os.environ if environ is None else environ
    if value := env.get(ENV_PRIVATE_KEY, "").strip():
        try:
            return VapidKeys.from_env_value(value)
        except VapidKeyError as exc:
            raise VapidKeyError(f"{ENV_PRIVATE_KEY}: {exc}") from exc
    path = Path(path)
    if path.exists() or path.is_symlink():
        return _load_key_file(path)
    keys = VapidKeys.generate()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(keys.private_pem())
            fh.flush()
            os.fsync(fh.fileno())
        os.link(tmp, path)  # atomic create-if-absent: never overwrites a key someone else wrote
    except FileExistsError:
        return _load_key_file(path)  # another worker created it first
    except OSError as exc:
        raise VapidKeyError(
            f"cannot create the VAPID key file {path}: {exc}. Make its directory writable or set {ENV_PRIVATE_KEY}."
        ) from exc
    finally:
        tmp.unlink(missing_ok=True)
    log.warning(
        "created a new VAPID key",
        extra={"event": "vapid_key_created", "path": str(path), "application_server_key": keys.application_server_key},
    )
    return keys


def _load_key_file(path: Path) -> VapidKeys:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise VapidKeyError(f"VAPID key file {path} exists but cannot be read: {exc}") from exc
    try:
        keys = VapidKeys.from_pem(data)
    except VapidKeyError as exc:
        raise VapidKeyError(
            f"VAPID key file {path} is corrupt: {exc}. Restore it from a backup; deleting it makes a "
            "new key and every existing push subscription stops working."
        ) from exc
    if path.stat().st_mode & 0o077:
        log.warning("VAPID key file is readable by group/others", extra={"event": "vapid_key_mode", "path": str(path)})
    return keys


# --- subscriptions --------------------------------------------------------------------------------


class Subscription(Protocol):
    """What `PushSender` needs of a stored subscription (an ORM row fits)."""

    endpoint: str
    p256dh: str
    auth: str


@dataclass(frozen=True, slots=True)
class PushSubscription:
    endpoint: str
    p256dh: str  # base64url, the browser's `getKey("p256dh")`
    auth: str  # base64url, the browser's `getKey("auth")`


class InvalidSubscription(ValueError):
    def __init__(self, errors: list[tuple[str, str]]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{field}: {message}" for field, message in errors))


def validate_subscription(
    endpoint: str, p256dh: str, auth: str, *, allow_insecure_localhost: bool = False
) -> list[tuple[str, str]]:
    """Problems with a subscription as the browser reported it, as (field, message); empty if fine.
    `InvalidSubscription(errors)` wraps them for callers that prefer raising."""
    errors: list[tuple[str, str]] = []
    errors.extend(("endpoint", m) for m in _check_endpoint(endpoint, allow_insecure_localhost)[1])
    if not p256dh:
        errors.append(("p256dh", "is required"))
    else:
        errors.extend(("p256dh", m) for m in _p256dh_problems(p256dh))
    if not auth:
        errors.append(("auth", "is required"))
    else:
        try:
            secret = b64url_decode(auth)
        except ValueError:
            errors.append(("auth", "must be base64url (the browser's getKey('auth'))"))
        else:
            if len(secret) != 16:
                errors.append(("auth", f"must decode to exactly 16 bytes, got {len(secret)}"))
    return errors


def _p256dh_problems(p256dh: str) -> list[str]:
    try:
        key = b64url_decode(p256dh)
    except ValueError:
        return ["must be base64url (the browser's getKey('p256dh'))"]
    if len(key) != 65 or key[0] != 0x04:
        return [f"must be a 65-byte uncompressed P-256 point starting 0x04, got {len(key)} bytes"]
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(CURVE, key)
    except ValueError:
        return ["is not a point on the P-256 curve"]
    return []


def _check_endpoint(endpoint: str, allow_insecure_localhost: bool) -> tuple[str, list[str]]:
    """(origin, problems as a URL) from one parse of the URL (the rules are in endpoints.py)."""
    target, problems = endpoints.split_endpoint(endpoint, allow_insecure_localhost=allow_insecure_localhost)
    return (target.origin if target is not None else "?"), problems


def origin_of(endpoint: str) -> str:
    """`scheme://host[:port]` (RFC 6454 serialisation), the VAPID `aud` and the pooling key."""
    parts = urlsplit(endpoint)
    return endpoints.Target(parts.scheme.lower(), parts.hostname or "", parts.port).origin


# --- encryption (RFC 8291 / RFC 8188 aes128gcm) -----------------------------------------------------


class PayloadTooLarge(ValueError):
    pass


def check_payload(payload: bytes) -> None:
    if len(payload) > MAX_PAYLOAD:
        raise PayloadTooLarge(
            f"push payload is {len(payload)} bytes; at most {MAX_PAYLOAD} fit the {RECORD_SIZE}-byte "
            "encrypted message (send ids and let the app fetch the details)"
        )


def _hmac(key: bytes, data: bytes) -> bytes:
    return hmac.digest(key, data, "sha256")  # OpenSSL's one-shot HMAC-SHA256


def encrypt(
    payload: bytes,
    p256dh: bytes,
    auth: bytes,
    *,
    salt: bytes | None = None,
    sender_private_key: ec.EllipticCurvePrivateKey | None = None,
) -> bytes:
    """The aes128gcm body for one push message: a single 4096-octet record, no padding.

    `p256dh` is the raw 65-byte user-agent public key, `auth` the 16-byte secret. `salt` and
    `sender_private_key` exist for test vectors only: RFC 8291 §3.1 requires a fresh ephemeral key
    pair (and RFC 8188 a fresh salt) for every message, which is what `None` gives."""
    check_payload(payload)
    if len(auth) != 16:
        raise ValueError(f"auth secret must be 16 bytes, got {len(auth)}")
    if len(p256dh) != 65:
        raise ValueError(f"p256dh must be a 65-byte uncompressed point, got {len(p256dh)} bytes")
    ua_public = ec.EllipticCurvePublicKey.from_encoded_point(CURVE, p256dh)
    if salt is None:
        salt = os.urandom(16)
    elif len(salt) != 16:
        raise ValueError("salt must be 16 bytes")
    sender = sender_private_key if sender_private_key is not None else ec.generate_private_key(CURVE)
    as_public = sender.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    ecdh_secret = sender.exchange(ec.ECDH(), ua_public)
    # RFC 8291 §3.4. Every HKDF here wants at most 32 bytes, so HKDF-Expand is one HMAC block.
    ikm = _hmac(_hmac(auth, ecdh_secret), _KEY_INFO + p256dh + as_public + b"\x01")
    prk = _hmac(salt, ikm)
    cek = _hmac(prk, _CEK_INFO)[:16]
    nonce = _hmac(prk, _NONCE_INFO)[:12]
    ciphertext = AESGCM(cek).encrypt(nonce, payload + b"\x02", None)
    return b"".join((salt, _RS_BYTES, b"\x41", as_public, ciphertext))


# --- VAPID (RFC 8292) -----------------------------------------------------------------------------


class VapidSigner:
    """Signs `Authorization: vapid t=<jwt>, k=<key>` per audience and reuses each token until
    `refresh_before` seconds before it expires."""

    def __init__(
        self,
        keys: VapidKeys,
        contact: str,
        *,
        lifetime: int = JWT_LIFETIME,
        refresh_before: int = JWT_REFRESH_BEFORE,
        clock: Callable[[], float] = time.time,
    ) -> None:
        if not (contact.startswith("mailto:") and "@" in contact) and not contact.startswith("https://"):
            raise ValueError("VAPID contact (sub) must be a mailto: address or an https: URL")
        if not 0 < lifetime <= 24 * 3600:
            raise ValueError("VAPID token lifetime must be within 24 hours")
        if not 0 <= refresh_before < lifetime:
            raise ValueError("refresh_before must be shorter than the lifetime")
        self.keys = keys
        self.contact = contact
        self.lifetime = lifetime
        self.refresh_before = refresh_before
        self.clock = clock
        self._cache: dict[str, tuple[str, float]] = {}  # audience -> (header value, exp)
        self._header = b64url_encode(b'{"typ":"JWT","alg":"ES256"}')

    def token(self, audience: str) -> str:
        return self._sign(audience, int(self.clock()) + self.lifetime)

    def _sign(self, audience: str, exp: int) -> str:
        claims = json.dumps({"aud": audience, "exp": exp, "sub": self.contact}, separators=(",", ":"))
        signing_input = f"{self._header}.{b64url_encode(claims.encode())}"
        der = self.keys.private_key.sign(signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)  # JWS ES256 wants raw r || s, 32 bytes each
        return f"{signing_input}.{b64url_encode(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"

    def authorization(self, audience: str) -> str:
        now = self.clock()
        cached = self._cache.get(audience)
        if cached is not None and now < cached[1] - self.refresh_before:
            return cached[0]
        exp = int(now) + self.lifetime
        value = f"vapid t={self._sign(audience, exp)}, k={self.keys.application_server_key}"
        self._cache[audience] = (value, exp)
        return value


# --- results and retry policy ---------------------------------------------------------------------


class Outcome(StrEnum):
    DELIVERED = "delivered"  # 201 (any 2xx): the push service accepted it
    GONE = "gone"  # 404/410: the subscription expired; delete it, do not retry
    RETRY = "retry"  # 408/429/5xx, timeouts, network errors: try again after retry_after seconds
    REJECTED = "rejected"  # other 4xx: our request is wrong; logged, not retried, subscription kept
    # The endpoint's host or port is one push is never sent to (endpoints.py): nothing was sent; the
    # subscription is deleted like a gone one, never retried.
    REFUSED = "refused"


@dataclass(frozen=True, slots=True)
class PushResult:
    outcome: Outcome
    status: int | None = None  # HTTP status; None when no response came
    retry_after: float | None = None  # seconds, only for RETRY
    detail: str = ""  # reason phrase, error class, or the start of the service's answer

    @property
    def delivered(self) -> bool:
        return self.outcome is Outcome.DELIVERED

    @property
    def gone(self) -> bool:
        return self.outcome is Outcome.GONE

    @property
    def retry(self) -> bool:
        return self.outcome is Outcome.RETRY


def backoff(
    attempt: int, *, base: float = BACKOFF_BASE, cap: float = BACKOFF_CAP, rng: Callable[[], float] = random.random
) -> float:
    """Seconds to wait before retrying after failed attempt number `attempt` (1 = the first try):
    exponential from `base`, capped at `cap`, with "equal jitter" (between half and all of it) so
    that a batch that failed together does not come back together."""
    delay = min(cap, base * 2.0 ** max(0, attempt - 1))
    return delay / 2 + rng() * delay / 2


def parse_retry_after(value: str | None, *, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds: delta-seconds or an HTTP-date (RFC 9110 §10.2.3); None if absent
    or unparseable. A date in the past gives 0."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(int(value))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def classify(status: int, retry_after_header: str | None, attempt: int, detail: str = "") -> PushResult:
    """The retry policy: one place for the terminal and retryable codes (STYLE.md)."""
    if 200 <= status < 300:  # RFC 8030 says 201; some services answer 200 or 202
        return PushResult(Outcome.DELIVERED, status)
    if status in (404, 410):
        return PushResult(Outcome.GONE, status, detail=detail)
    if status in (408, 429) or status >= 500:
        delay = parse_retry_after(retry_after_header)
        return PushResult(Outcome.RETRY, status, backoff(attempt) if delay is None else delay, detail)
    return PushResult(Outcome.REJECTED, status, detail=detail)


# --- sending --------------------------------------------------------------------------------------


def check_options(ttl: int, urgency: str, topic: str | None) -> None:
    if not isinstance(ttl, int) or isinstance(ttl, bool) or ttl < 0:
        raise ValueError("ttl must be a non-negative number of seconds")
    if urgency not in URGENCIES:
        raise ValueError(f"urgency must be one of {', '.join(URGENCIES)}")
    if topic is not None and not _TOPIC.fullmatch(topic):
        raise ValueError("topic must be 1-32 characters of the URL-safe base64 alphabet (A-Z a-z 0-9 - _)")


__all__ = [
    "MAX_PAYLOAD",
    "InvalidSubscription",
    "Outcome",
    "PayloadTooLarge",
    "PushResult",
    "PushSubscription",
    "Subscription",
    "VapidKeyError",
    "VapidKeys",
    "VapidSigner",
    "b64url_decode",
    "b64url_encode",
    "backoff",
    "check_options",
    "check_payload",
    "classify",
    "encrypt",
    "load_or_create_vapid_keys",
    "origin_of",
    "parse_retry_after",
    "validate_subscription",
]
