"""Web Push sending core (api/notifications/webpush.py): RFC 8291 encryption against the RFC's own example,
VAPID tokens and keys, subscription validation, and the whole path against a local push service
that verifies and decrypts what it is sent (tests/support/push_service.py)."""

from __future__ import annotations

import logging
import os
import socket
import stat
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from api.notifications.sender import PushSender
from api.notifications.webpush import (
    MAX_PAYLOAD,
    InvalidSubscription,
    Outcome,
    PayloadTooLarge,
    PushSubscription,
    VapidKeyError,
    VapidKeys,
    VapidSigner,
    b64url_decode,
    b64url_encode,
    backoff,
    encrypt,
    load_or_create_vapid_keys,
    origin_of,
    parse_retry_after,
    validate_subscription,
)
from tests.support.push_service import PushService, decrypt

CONTACT = "mailto:push-ops@village.test"

# RFC 8291 Appendix A, with the RFC's line breaks removed.
RFC = {
    "plaintext": b"When I grow up, I want to be a watermelon",
    "as_private": "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw",
    "as_public": "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8",
    "ua_private": "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94",
    "ua_public": "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4",
    "salt": "DGv6ra1nlYgDCS1FRnbzlw",
    "auth": "BTBZMqHH6r4Tts7J_aSIgg",
    "body": (
        "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27ml"
        "mlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPT"
        "pK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
    ),
}


def _scalar_key(b64: str) -> ec.EllipticCurvePrivateKey:
    return ec.derive_private_key(int.from_bytes(b64url_decode(b64), "big"), ec.SECP256R1())


def _raw_public(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)


@pytest.fixture(scope="module")
def keys() -> VapidKeys:
    return VapidKeys.generate()


@pytest.fixture
async def sender(keys):
    async with PushSender(keys, CONTACT, allow_insecure_localhost=True, timeout=5.0) as s:
        yield s


def _sub(service: PushService, **kw) -> PushSubscription:
    return PushSubscription(*service.new_subscription(**kw))


# --- encryption -----------------------------------------------------------------------------------


def test_encrypt_reproduces_rfc8291_appendix_a_byte_for_byte():
    sender_key = _scalar_key(RFC["as_private"])
    assert b64url_encode(_raw_public(sender_key)) == RFC["as_public"]
    body = encrypt(
        RFC["plaintext"],
        b64url_decode(RFC["ua_public"]),
        b64url_decode(RFC["auth"]),
        salt=b64url_decode(RFC["salt"]),
        sender_private_key=sender_key,
    )
    assert body == b64url_decode(RFC["body"])


def test_the_test_push_service_decrypts_the_rfc_example():
    # The decryptor the push service uses is itself held to the RFC, so end-to-end tests mean something.
    ua = _scalar_key(RFC["ua_private"])
    assert b64url_encode(_raw_public(ua)) == RFC["ua_public"]
    assert decrypt(b64url_decode(RFC["body"]), ua, b64url_decode(RFC["auth"])) == RFC["plaintext"]


def test_the_test_push_service_decrypts_the_webpush_packages_output():
    # A third-party encryptor as a cross-check of the service's decryptor.
    from webpush import WebPush
    from webpush.types import WebPushKeys, WebPushSubscription

    vapid = VapidKeys.generate()
    public_pem = vapid.private_key.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    ua = ec.generate_private_key(ec.SECP256R1())
    auth = os.urandom(16)
    message = WebPush(private_key=vapid.private_pem(), public_key=public_pem, subscriber="ops@village.test").get(
        b"hello from elsewhere",
        WebPushSubscription(
            endpoint="https://push.example/x",
            keys=WebPushKeys(p256dh=b64url_encode(_raw_public(ua)), auth=b64url_encode(auth)),
        ),
    )
    assert decrypt(message.encrypted, ua, auth) == b"hello from elsewhere"


def test_every_message_gets_a_fresh_salt_and_sender_key():
    ua = ec.generate_private_key(ec.SECP256R1())
    auth = os.urandom(16)
    one, two = (encrypt(b"same", _raw_public(ua), auth) for _ in range(2))
    assert one[:16] != two[:16]  # salt
    assert one[21:86] != two[21:86]  # ephemeral public key
    assert decrypt(one, ua, auth) == decrypt(two, ua, auth) == b"same"


def test_payload_limit_is_one_4096_byte_record():
    ua = ec.generate_private_key(ec.SECP256R1())
    auth = os.urandom(16)
    body = encrypt(b"x" * MAX_PAYLOAD, _raw_public(ua), auth)
    assert len(body) == 4096
    assert decrypt(body, ua, auth) == b"x" * MAX_PAYLOAD
    with pytest.raises(PayloadTooLarge, match=f"{MAX_PAYLOAD + 1} bytes; at most {MAX_PAYLOAD}"):
        encrypt(b"x" * (MAX_PAYLOAD + 1), _raw_public(ua), auth)


# --- VAPID ----------------------------------------------------------------------------------------


def test_vapid_jwt_fields(keys):
    now = 1_900_000_000
    signer = VapidSigner(keys, CONTACT, clock=lambda: now)
    header = signer.authorization("https://fcm.googleapis.com")
    assert header.startswith("vapid t=")
    token, k = header[len("vapid t=") :].split(", k=")
    assert k == keys.application_server_key
    assert len(b64url_decode(k)) == 65
    assert jwt.get_unverified_header(token) == {"typ": "JWT", "alg": "ES256"}
    claims = jwt.decode(
        token,
        keys.private_key.public_key(),
        algorithms=["ES256"],
        audience="https://fcm.googleapis.com",
        options={"verify_exp": False},
    )
    assert claims == {"aud": "https://fcm.googleapis.com", "exp": now + 12 * 3600, "sub": CONTACT}


def test_vapid_token_is_reused_per_audience_until_near_expiry(keys):
    now = [1_900_000_000.0]
    signer = VapidSigner(keys, "https://village.example/contact", clock=lambda: now[0])
    first = signer.authorization("https://a.push.example")
    assert signer.authorization("https://a.push.example") == first
    other = signer.authorization("https://b.push.example:8443")
    assert other != first
    now[0] += 12 * 3600 - 11 * 60  # 11 minutes before expiry: still reused
    assert signer.authorization("https://a.push.example") == first
    now[0] += 2 * 60  # 9 minutes before expiry: a new token
    renewed = signer.authorization("https://a.push.example")
    assert renewed != first
    assert signer.authorization("https://a.push.example") == renewed


def test_vapid_contact_and_lifetime_are_checked(keys):
    with pytest.raises(ValueError, match="mailto: address or an https: URL"):
        VapidSigner(keys, "ops@village.test")
    with pytest.raises(ValueError, match="24 hours"):
        VapidSigner(keys, CONTACT, lifetime=25 * 3600)


def test_audience_is_the_origin_with_a_non_default_port():
    assert origin_of("https://fcm.googleapis.com/fcm/send/abc:def") == "https://fcm.googleapis.com"
    assert origin_of("https://Push.Example:443/x") == "https://push.example"
    assert origin_of("https://push.example:8443/x?y=1") == "https://push.example:8443"
    assert origin_of("http://127.0.0.1:5000/push/abc") == "http://127.0.0.1:5000"


def test_vapid_keys_are_created_once_and_reused(tmp_path):
    path = tmp_path / "secrets" / "vapid.pem"
    first = load_or_create_vapid_keys(path, environ={})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert len(b64url_decode(first.application_server_key)) == 65
    content = path.read_bytes()
    again = load_or_create_vapid_keys(path, environ={})
    assert again.application_server_key == first.application_server_key
    assert path.read_bytes() == content
    assert [p.name for p in path.parent.iterdir()] == ["vapid.pem"]  # no temp files left


def test_workers_starting_together_agree_on_one_key(tmp_path):
    path = tmp_path / "vapid.pem"
    with ThreadPoolExecutor(8) as pool:
        keys = list(pool.map(lambda _: load_or_create_vapid_keys(path, environ={}).application_server_key, range(16)))
    assert len(set(keys)) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["vapid.pem"]


def test_a_corrupt_key_file_raises_and_is_left_alone(tmp_path):
    path = tmp_path / "vapid.pem"
    path.write_bytes(b"-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n")
    with pytest.raises(VapidKeyError, match=r"is corrupt.*Restore it from a backup"):
        load_or_create_vapid_keys(path, environ={})
    assert path.read_bytes().startswith(b"-----BEGIN PRIVATE KEY-----\ngarbage")
    path.write_bytes(b"")  # truncated by a full disk, say
    with pytest.raises(VapidKeyError, match="is corrupt"):
        load_or_create_vapid_keys(path, environ={})


def test_a_key_file_with_another_curve_raises(tmp_path):
    path = tmp_path / "vapid.pem"
    path.write_bytes(
        ec.generate_private_key(ec.SECP384R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(VapidKeyError, match="P-256"):
        load_or_create_vapid_keys(path, environ={})


def test_an_unreadable_key_file_raises(tmp_path):
    path = tmp_path / "vapid.pem"
    path.mkdir()  # unreadable as a file even for root; chmod 0 is tried below when not root
    with pytest.raises(VapidKeyError, match="exists but cannot be read"):
        load_or_create_vapid_keys(path, environ={})
    if os.geteuid() != 0:
        path = tmp_path / "other.pem"
        load_or_create_vapid_keys(path, environ={})
        path.chmod(0)
        try:
            with pytest.raises(VapidKeyError, match="exists but cannot be read"):
                load_or_create_vapid_keys(path, environ={})
        finally:
            path.chmod(0o600)


def test_the_environment_wins_over_the_file(tmp_path):
    path = tmp_path / "vapid.pem"
    from_env = VapidKeys.generate()
    pem_with_escapes = from_env.private_pem().decode().replace("\n", "\\n")
    assert (
        load_or_create_vapid_keys(path, environ={"VAPID_PRIVATE_KEY": pem_with_escapes}).application_server_key
        == from_env.application_server_key
    )
    raw = b64url_encode(from_env.private_key.private_numbers().private_value.to_bytes(32, "big"))
    assert (
        load_or_create_vapid_keys(path, environ={"VAPID_PRIVATE_KEY": raw}).application_server_key
        == from_env.application_server_key
    )
    assert not path.exists()  # neither read nor written while the environment supplies the key
    with pytest.raises(VapidKeyError, match="VAPID_PRIVATE_KEY: raw VAPID private key must be 32 bytes"):
        load_or_create_vapid_keys(path, environ={"VAPID_PRIVATE_KEY": "AAAA"})


# --- subscription validation ----------------------------------------------------------------------


GOOD_P256DH = RFC["ua_public"]
GOOD_AUTH = RFC["auth"]


def test_a_good_subscription_passes():
    assert validate_subscription("https://fcm.googleapis.com/fcm/send/abc", GOOD_P256DH, GOOD_AUTH) == []
    # padded base64url is accepted too
    assert validate_subscription("https://push.example/x", GOOD_P256DH + "=", GOOD_AUTH + "==") == []


def test_endpoint_rules():
    def endpoint_errors(url, **kw):
        return [m for f, m in validate_subscription(url, GOOD_P256DH, GOOD_AUTH, **kw) if f == "endpoint"]

    assert endpoint_errors("http://push.example/x") == ["must be an https URL"]
    assert endpoint_errors("http://127.0.0.1:8080/push/x") == ["must be an https URL"]
    assert endpoint_errors("http://127.0.0.1:8080/push/x", allow_insecure_localhost=True) == []
    assert endpoint_errors("http://localhost/push/x", allow_insecure_localhost=True) == []
    assert endpoint_errors("http://push.example/x", allow_insecure_localhost=True) == ["must be an https URL"]
    assert endpoint_errors("https://user:secret@push.example/x") == ["must not contain credentials"]
    assert endpoint_errors("https://push.example/" + "a" * 2048) == ["must be at most 2048 characters"]
    assert endpoint_errors("ftp://push.example/x") == ["must be an https URL"]
    assert endpoint_errors("") == ["is required"]


def test_p256dh_rules():
    def p256dh_errors(value):
        return [m for f, m in validate_subscription("https://push.example/x", value, GOOD_AUTH) if f == "p256dh"]

    assert p256dh_errors("not base64!!") == ["must be base64url (the browser's getKey('p256dh'))"]
    assert p256dh_errors(b64url_encode(b"\x04" + b"\x01" * 63)) == [
        "must be a 65-byte uncompressed P-256 point starting 0x04, got 64 bytes"
    ]
    compressed = b64url_encode(b"\x02" + b64url_decode(GOOD_P256DH)[1:33])
    assert p256dh_errors(compressed) == ["must be a 65-byte uncompressed P-256 point starting 0x04, got 33 bytes"]
    off_curve = bytearray(b64url_decode(GOOD_P256DH))
    off_curve[-1] ^= 1
    assert p256dh_errors(b64url_encode(bytes(off_curve))) == ["is not a point on the P-256 curve"]


def test_auth_rules():
    errors = validate_subscription("https://push.example/x", GOOD_P256DH, b64url_encode(b"x" * 15))
    assert errors == [("auth", "must decode to exactly 16 bytes, got 15")]
    assert validate_subscription("https://push.example/x", GOOD_P256DH, "***") == [
        ("auth", "must be base64url (the browser's getKey('auth'))")
    ]


def test_all_problems_are_reported_together():
    errors = validate_subscription("http://push.example/x", "", "")
    assert errors[1:] == [("p256dh", "is required"), ("auth", "is required")]
    assert [f for f, _ in errors] == ["endpoint", "p256dh", "auth"]
    assert "endpoint: must be an https URL" in str(InvalidSubscription(errors))


# --- retry policy ---------------------------------------------------------------------------------


def test_backoff_grows_with_jitter_and_is_capped():
    assert backoff(1, rng=lambda: 0.0) == 2.5
    assert backoff(1, rng=lambda: 1.0) == 5.0
    assert backoff(3, rng=lambda: 0.0) == 10.0
    assert backoff(3, rng=lambda: 1.0) == 20.0
    assert backoff(30, rng=lambda: 1.0) == 3600.0
    assert backoff(30, rng=lambda: 0.0) == 1800.0
    assert len({backoff(4) for _ in range(20)}) > 1


def test_retry_after_parsing():
    now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    assert parse_retry_after("7", now=now) == 7
    assert parse_retry_after(format_datetime(now + timedelta(seconds=90), usegmt=True), now=now) == 90
    assert parse_retry_after(format_datetime(now - timedelta(seconds=90), usegmt=True), now=now) == 0
    assert parse_retry_after("soon", now=now) is None
    assert parse_retry_after(None) is None


# --- end to end against the local push service ----------------------------------------------------


async def test_delivered_and_decrypted_with_headers(push_service, sender):
    sub = _sub(push_service)
    result = await sender.send(sub, b'{"n":"3f1c","t":"trip_changed"}', ttl=3600, urgency="high", topic="trip-3f1c")
    assert result.outcome is Outcome.DELIVERED and result.status == 201
    assert push_service.problems == []
    [message] = push_service.received(sub.endpoint)
    assert message.plaintext == b'{"n":"3f1c","t":"trip_changed"}'
    assert message.headers["TTL"] == "3600"
    assert message.headers["Urgency"] == "high"
    assert message.headers["Topic"] == "trip-3f1c"
    assert message.headers["Content-Encoding"] == "aes128gcm"
    assert message.headers["Content-Type"] == "application/octet-stream"


async def test_send_many_returns_results_in_order(push_service, sender):
    subs = [_sub(push_service) for _ in range(30)]
    push_service.respond(410, endpoint=subs[4].endpoint)
    push_service.respond(429, endpoint=subs[17].endpoint, retry_after="7")
    results = await sender.send_many(
        [(sub, f"message {i}".encode()) for i, sub in enumerate(subs)], ttl=60, urgency="low"
    )
    assert [r.outcome for r in results] == [
        Outcome.GONE if i == 4 else Outcome.RETRY if i == 17 else Outcome.DELIVERED for i in range(30)
    ]
    for i, sub in enumerate(subs):
        if i not in (4, 17):
            assert [m.plaintext for m in push_service.received(sub.endpoint)] == [f"message {i}".encode()]
    assert push_service.problems == []


@pytest.mark.parametrize("status", [404, 410])
async def test_gone(push_service, sender, status):
    sub = _sub(push_service)
    push_service.respond(status)
    result = await sender.send(sub, b"x", ttl=60)
    assert (result.outcome, result.status, result.retry_after) == (Outcome.GONE, status, None)


async def test_unknown_subscription_is_gone(push_service, sender):
    endpoint, p256dh, auth = push_service.new_subscription()
    result = await sender.send(PushSubscription(endpoint + "x", p256dh, auth), b"x", ttl=60)
    assert result.outcome is Outcome.GONE


async def test_429_honours_retry_after_seconds(push_service, sender):
    push_service.respond(429, retry_after="7")
    result = await sender.send(_sub(push_service), b"x", ttl=60)
    assert (result.outcome, result.status, result.retry_after) == (Outcome.RETRY, 429, 7)


async def test_503_honours_retry_after_http_date(push_service, sender):
    push_service.respond(503, retry_after=format_datetime(datetime.now(UTC) + timedelta(seconds=30), usegmt=True))
    result = await sender.send(_sub(push_service), b"x", ttl=60)
    assert result.outcome is Outcome.RETRY and result.status == 503
    assert 27 <= result.retry_after <= 30


async def test_500_retries_with_backoff_for_the_attempt(push_service, sender):
    push_service.respond(500)
    result = await sender.send(_sub(push_service), b"x", ttl=60, attempt=3)
    assert result.outcome is Outcome.RETRY and result.status == 500
    assert 10 <= result.retry_after <= 20


async def test_400_is_rejected_and_logged_as_our_bug(push_service, sender, caplog):
    push_service.respond(400)
    sub = _sub(push_service)
    with caplog.at_level(logging.ERROR, logger="api.notifications.webpush"):
        result = await sender.send(sub, b"x", ttl=60)
    assert (result.outcome, result.status, result.retry_after) == (Outcome.REJECTED, 400, None)
    [record] = [r for r in caplog.records if getattr(r, "event", None) == "push_rejected"]
    assert record.status == 400 and record.origin == push_service.origin
    assert sub.endpoint not in caplog.text  # the endpoint is a capability URL: only the origin is logged


async def test_a_subscription_bound_to_another_vapid_key_is_rejected(push_service, sender):
    sub = _sub(push_service, application_server_key=VapidKeys.generate().application_server_key)
    result = await sender.send(sub, b"x", ttl=60)
    assert (result.outcome, result.status) == (Outcome.REJECTED, 403)


async def test_the_push_service_refuses_an_expired_vapid_token(push_service, keys):
    async with PushSender(keys, CONTACT, allow_insecure_localhost=True) as stale:
        stale.signer.clock = lambda: time.time() - 13 * 3600
        result = await stale.send(_sub(push_service), b"x", ttl=60)
    assert (result.outcome, result.status) == (Outcome.REJECTED, 401)
    assert push_service.problems == ["VAPID token rejected: ExpiredSignatureError: Signature has expired"]


async def test_payload_over_4kb_is_refused_before_sending(push_service, sender):
    sub = _sub(push_service)
    with pytest.raises(PayloadTooLarge):
        await sender.send(sub, b"x" * (MAX_PAYLOAD + 1), ttl=60)
    with pytest.raises(PayloadTooLarge):
        await sender.send_many([(sub, b"small"), (sub, b"x" * 5000)], ttl=60)
    assert push_service.requests == 0
    assert (await sender.send(sub, b"x" * MAX_PAYLOAD, ttl=60)).delivered


async def test_bad_options_are_refused_before_sending(push_service, sender):
    sub = _sub(push_service)
    with pytest.raises(ValueError, match="urgency"):
        await sender.send(sub, b"x", ttl=60, urgency="urgent")
    with pytest.raises(ValueError, match="topic"):
        await sender.send(sub, b"x", ttl=60, topic="a" * 33)
    with pytest.raises(ValueError, match="topic"):
        await sender.send(sub, b"x", ttl=60, topic="trip/42")
    with pytest.raises(ValueError, match="ttl"):
        await sender.send(sub, b"x", ttl=-1)
    assert push_service.requests == 0


async def test_network_errors_retry(sender, push_service):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    _, p256dh, auth = push_service.new_subscription()
    result = await sender.send(PushSubscription(f"http://127.0.0.1:{port}/push/x", p256dh, auth), b"x", ttl=60)
    assert result.outcome is Outcome.RETRY and result.status is None
    assert "ClientConnectorError" in result.detail
    assert 2.5 <= result.retry_after <= 5


async def test_an_insecure_endpoint_is_not_sent_to(push_service, keys):
    async with PushSender(keys, CONTACT) as strict:  # allow_insecure_localhost is off
        result = await strict.send(_sub(push_service), b"x", ttl=60)
    assert result.outcome is Outcome.REJECTED and "https" in result.detail
    assert push_service.requests == 0


async def test_a_slow_push_service_does_not_stall_another(push_service, keys):
    async with (
        PushService() as slow,
        PushSender(keys, CONTACT, allow_insecure_localhost=True, per_origin=2, timeout=1.0) as sender,
    ):
        slow.respond(201, delay=3.0)
        slow_subs = [_sub(slow) for _ in range(4)]
        fast_subs = [_sub(push_service) for _ in range(40)]
        t0 = time.monotonic()
        results = await sender.send_many([(s, b"slow") for s in slow_subs] + [(s, b"fast") for s in fast_subs], ttl=60)
        elapsed = time.monotonic() - t0
    slow_results, fast_results = results[:4], results[4:]
    assert all(r.delivered for r in fast_results)
    assert all(r.outcome is Outcome.RETRY and r.status is None for r in slow_results)
    assert all("Timeout" in r.detail for r in slow_results)
    # Four slow requests, two at a time, 1 s each: the batch takes ~2 s, while the other origin's
    # forty were all accepted well within the first timeout.
    assert elapsed >= 1.9
    fast_done = max(m.at for s in fast_subs for m in push_service.received(s.endpoint)) - t0
    assert fast_done < 0.5, fast_done


async def test_an_unreachable_push_service_is_paused_instead_of_waited_on(push_service, keys):
    async with (
        PushService() as dead,
        PushSender(
            keys, CONTACT, allow_insecure_localhost=True, per_origin=2, timeout=0.3, pause_after=2, pause=30
        ) as sender,
    ):
        dead.respond(201, delay=2.0)
        subs = [_sub(dead) for _ in range(20)]
        t0 = time.monotonic()
        results = await sender.send_many([(s, b"x") for s in subs], ttl=60)
        elapsed = time.monotonic() - t0
        # A round or two of 0.3 s timeouts (a request can start while the second failure of the
        # round is landing), not ten rounds.
        assert elapsed < 0.9, elapsed
        assert all(r.outcome is Outcome.RETRY for r in results)
        timed_out = [r for r in results if "Timeout" in r.detail]
        paused = [r for r in results if "paused after 2 consecutive network failures" in r.detail]
        assert 2 <= len(timed_out) <= 4 and len(timed_out) + len(paused) == 20
        assert all(r.retry_after >= 29 for r in paused)
        assert dead.requests == len(timed_out)
        # other origins are not affected
        assert (await sender.send(_sub(push_service), b"x", ttl=60)).delivered
