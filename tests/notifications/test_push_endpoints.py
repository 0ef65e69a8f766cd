"""Push endpoints the server refuses to connect to (api/notifications/endpoints.py): loopback, private,
link-local, shared, reserved and cloud metadata addresses, however they are written, at registration
and again when the worker sends; other ports than 443 unless allowed."""

from __future__ import annotations

import dataclasses
import ipaddress
from collections.abc import AsyncIterator

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import func, select

from api.notifications import endpoints
from api.notifications.endpoints import EndpointPolicy, EndpointRefused, EndpointUnresolvable, address_problem, vet
from api.notifications.models import PushDelivery, PushSubscription
from api.notifications.sender import PushSender
from api.notifications.webpush import Outcome
from api.notifications.webpush import PushSubscription as Sub
from tests.factories import Factory
from tests.notifications.support import REGISTER, post_need, register, scene
from tests.support.jobs import Runner
from tests.support.push_service import PushService
from village.app import create_app

PUBLIC = ipaddress.ip_address("93.184.216.34")
STRICT = EndpointPolicy()  # production: https, port 443, public addresses only


def production_like(settings):
    return dataclasses.replace(settings, push_allow_private_hosts=False, push_allowed_ports=frozenset({443}))


@pytest.fixture(scope="module")
async def strict_client(settings) -> AsyncIterator[AsyncTestClient]:
    """The API with the production push rule (the shared test app allows the local push service)."""
    async with AsyncTestClient(create_app(production_like(settings))) as c:
        yield c


@pytest.fixture
def strict(strict_client, client, sessions) -> Factory:  # `client` empties the tables afterwards
    return Factory(strict_client, sessions)


@pytest.fixture
def dns(monkeypatch):
    """Fake DNS for the names in `answers` (the real resolver for anything else)."""
    answers: dict[str, list[str]] = {}
    calls: list[str] = []
    real = endpoints.resolve

    async def resolve(host, port, *, within=endpoints.RESOLVE_TIMEOUT):
        calls.append(host)
        if host in answers:
            return tuple(ipaddress.ip_address(a) for a in answers[host])
        return await real(host, port, within=within)

    monkeypatch.setattr(endpoints, "resolve", resolve)
    return answers, calls


def _keys(push_service):
    _, p256dh, auth = push_service.new_subscription()
    return p256dh, auth


async def _register(f: Factory, user, endpoint: str, p256dh: str, auth: str) -> list[dict]:
    body = await f.gql(REGISTER, {"i": {"endpoint": endpoint, "p256dh": p256dh, "auth": auth}}, user)
    assert "errors" not in body, body
    payload = body["data"]["registerPushSubscription"]
    assert (payload["subscription"] is None) == bool(payload["errors"])
    return payload["errors"]


async def _stored(sessions) -> int:
    async with sessions() as db:
        return await db.scalar(select(func.count()).select_from(PushSubscription))


# --- the address rule ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "::ffff:127.0.0.1",  # IPv4-mapped loopback
        "::ffff:169.254.169.254",
        "::1",
        "fe80::1",
        "fc00::1",
        "fd12:3456::1",
        "2002:7f00:1::",  # 6to4 of 127.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "::127.0.0.1",  # IPv4-compatible
        "64:ff9b::a00:1",  # NAT64 of 10.0.0.1
        "2001:0:4136:e378:8000:63bf:3fff:fdd2",  # Teredo
        "fd00:ec2::254",  # AWS metadata over IPv6
        "ff02::1",
        "::",
        "127.0.0.1",
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",  # shared address space (carrier-grade NAT)
        "100.100.100.200",
        "168.63.129.16",  # Azure's wire server, a public address
        "0.0.0.0",
        "224.0.0.1",
        "240.0.0.1",
        "255.255.255.255",
    ],
)
def test_non_public_addresses_are_refused(address):
    assert address_problem(ipaddress.ip_address(address)) is not None


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:4700:4700::1111", "2002:808:808::", "64:ff9b::808:808"])
def test_public_addresses_pass(address):
    assert address_problem(ipaddress.ip_address(address)) is None


def test_metadata_addresses_stay_refused_where_private_hosts_are_allowed():
    for address in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "168.63.129.16", "::ffff:169.254.169.254"):
        assert address_problem(ipaddress.ip_address(address), allow_private=True) is not None, address
    assert address_problem(ipaddress.ip_address("127.0.0.1"), allow_private=True) is None


@pytest.mark.parametrize(
    "host", ["2130706433", "0x7f000001", "0x7f.1", "127.1", "0177.0.0.1", "017700000001", "[::ffff:7f00:1]", "0"]
)
async def test_numeric_hosts_in_odd_forms_are_judged_as_resolved(host):
    with pytest.raises(EndpointRefused) as refused:
        await vet(f"https://{host}/push/x", STRICT)
    assert not isinstance(refused.value, EndpointUnresolvable)
    assert "never sent to" in refused.value.reason


@pytest.mark.parametrize(
    ("endpoint", "reason"),
    [
        ("http://push.example/x", "must be an https URL"),
        ("https://user:pw@push.example/x", "must not contain credentials"),
        ("https://push.example/x\x00y", "must not contain control characters"),
        ("https://push.example/x\ty", "must not contain control characters"),
        ("https:///x", "has no host"),
        ("https://push.example:8443/x", "must use port 443 (push services listen there), not 8443"),
    ],
)
async def test_url_rules(endpoint, reason, dns):
    dns[0]["push.example"] = [str(PUBLIC)]
    with pytest.raises(EndpointRefused) as refused:
        await vet(endpoint, STRICT)
    assert refused.value.reason == reason


async def test_another_port_passes_when_allowed(dns):
    dns[0]["push.example"] = [str(PUBLIC)]
    vetted = await vet("https://push.example:8443/x", EndpointPolicy(allowed_ports=frozenset({443, 8443})))
    assert vetted.addresses == (PUBLIC,)
    assert (await vet("https://push.example:8443/x", EndpointPolicy(allowed_ports=None))).target.port == 8443


async def test_one_private_answer_among_public_ones_is_enough_to_refuse(dns):
    dns[0]["push.example"] = [str(PUBLIC), "2606:4700:4700::1111", "10.0.0.7"]
    with pytest.raises(EndpointRefused, match="private"):
        await vet("https://push.example/x", STRICT)


# --- at registration ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "endpoint",
    [
        "https://169.254.169.254/latest/meta-data/",
        "https://127.0.0.1:5432/",
        "https://127.0.0.1/x",
        "https://10.0.0.1/x",
        "https://192.168.0.10/x",
        "https://100.64.0.1/x",
        "https://100.100.100.200/x",
        "https://[::1]/x",
        "https://[::ffff:127.0.0.1]/x",
        "https://[fe80::1]/x",
        "https://[fd00:ec2::254]/x",
        "https://[2002:7f00:1::]/x",
        "https://2130706433/x",
        "https://0x7f.1/x",
        "https://127.1/x",
        "https://0177.0.0.1/x",
        "https://0.0.0.0/x",
        "https://localhost/x",
        "https://push.example:8443/x",
    ],
)
async def test_registration_refuses_endpoints_push_is_never_sent_to(f, strict, sessions, push_service, dns, endpoint):
    dns[0]["push.example"] = [str(PUBLIC)]
    user = await f.user()
    errors = await _register(strict, user, endpoint, *_keys(push_service))
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "endpoint"], "PUSH_ENDPOINT_NOT_ALLOWED")]
    assert errors[0]["message"].startswith("The endpoint ")
    assert await _stored(sessions) == 0


async def test_registration_refuses_a_name_that_resolves_to_a_private_address(f, strict, sessions, push_service, dns):
    dns[0]["push.internal.example"] = ["10.1.2.3"]
    dns[0]["rebind.example"] = [str(PUBLIC), "127.0.0.1"]
    user = await f.user()
    for endpoint in ("https://push.internal.example/x", "https://rebind.example/x"):
        errors = await _register(strict, user, endpoint, *_keys(push_service))
        assert [e["code"] for e in errors] == ["PUSH_ENDPOINT_NOT_ALLOWED"]
        assert "10.1.2.3" not in errors[0]["message"]  # no map of the internal network through this
    assert await _stored(sessions) == 0


async def test_registration_refuses_a_name_that_does_not_resolve(f, strict, sessions, push_service):
    user = await f.user()
    errors = await _register(strict, user, "https://no-such-host.invalid/x", *_keys(push_service))
    assert [(e["field"], e["code"]) for e in errors] == [(["input", "endpoint"], "PUSH_ENDPOINT_UNRESOLVABLE")]
    assert "does not resolve" in errors[0]["message"] or "did not resolve" in errors[0]["message"]
    assert await _stored(sessions) == 0


async def test_registration_accepts_a_public_push_service(f, strict, sessions, push_service, dns):
    dns[0]["fcm.googleapis.com"] = [str(PUBLIC), "2a00:1450:4001:80b::200a"]
    user = await f.user()
    assert await _register(strict, user, "https://fcm.googleapis.com/fcm/send/abc", *_keys(push_service)) == []
    assert await _stored(sessions) == 1


async def test_the_local_test_push_service_still_works_with_the_test_setting(f, sessions, push, runner):
    s = await scene(f)
    endpoint = await register(f, s.maria, push)  # http://127.0.0.1:<random port>/push/...
    await post_need(f, s)
    await runner.run()
    assert len(push.inbox(endpoint)) == 1


# --- at send time -------------------------------------------------------------------------------


async def test_a_host_that_turns_private_after_registration_is_refused_at_send_time_and_not_retried(
    f, strict, settings, sessions, redis, push_service, dns
):
    dns[0]["push.example"] = [str(PUBLIC)]
    s = await scene(f)
    assert await _register(strict, s.maria, "https://push.example/p/1", *_keys(push_service)) == []
    dns[0]["push.example"] = ["127.0.0.1"]  # the name now points into our own network
    await post_need(f, s)
    strict_settings = production_like(settings)
    async with PushSender(
        *await _sender_args(sessions, strict_settings), policy=EndpointPolicy.from_settings(strict_settings)
    ) as sender:
        runner = Runner(strict_settings, sessions, sender, redis)
        await runner.run()
    [outcome] = [r for fn, _, r in runner.ran if fn == "send_pushes"]
    assert outcome["refused"] == 1
    assert [j for j in runner.queue.jobs if j.function == "send_pushes"] == []  # no retry scheduled
    assert await _stored(sessions) == 0  # like a gone subscription
    async with sessions() as db:
        assert await db.scalar(select(func.count()).select_from(PushDelivery)) == 0


async def test_the_push_service_gets_nothing_when_its_name_resolves_to_a_private_address(keys_settings, sessions):
    settings = keys_settings
    async with PushService(host="localhost") as service:
        endpoint, p256dh, auth = service.new_subscription()
        assert endpoint.startswith("http://localhost:")
        keys, contact = await _sender_args(sessions, settings)
        # Private addresses refused (any port, so only the address decides): localhost is 127.0.0.1.
        policy = EndpointPolicy(allow_private_hosts=False, allowed_ports=None, allow_insecure_localhost=True)
        async with PushSender(keys, contact, policy=policy) as sender:
            result = await sender.send(Sub(endpoint, p256dh, auth), b"x", ttl=60)
        assert result.outcome is Outcome.REFUSED and "never sent to" in result.detail
        assert service.requests == 0
        # The same push with private addresses allowed arrives: the check is what stopped it.
        async with PushSender(keys, contact, policy=dataclasses.replace(policy, allow_private_hosts=True)) as sender:
            assert (await sender.send(Sub(endpoint, p256dh, auth), b"x", ttl=60)).delivered
        assert service.requests == 1


async def test_the_connection_goes_to_the_address_that_was_checked(keys_settings, sessions, dns):
    answers, calls = dns
    async with PushService(host="localhost") as service:
        endpoint, p256dh, auth = service.new_subscription()
        keys, contact = await _sender_args(sessions, keys_settings)
        policy = EndpointPolicy(allow_private_hosts=True, allowed_ports=None, allow_insecure_localhost=True)
        async with PushSender(keys, contact, policy=policy) as sender:
            answers["localhost"] = ["127.0.0.1"]
            assert (await sender.send(Sub(endpoint, p256dh, auth), b"x", ttl=60)).delivered
            # A name that changes its answer afterwards (10.255.255.1 would not answer) does not
            # move the connection: aiohttp asked no DNS of its own, it used the checked address.
            answers["localhost"] = ["10.255.255.1"]
            assert (await sender.send(Sub(endpoint, p256dh, auth), b"y", ttl=60)).delivered
    assert calls == ["localhost"]
    assert service.requests == 2


async def test_a_port_that_is_not_allowed_is_refused_at_send_time(keys_settings, sessions, push_service):
    endpoint, p256dh, auth = push_service.new_subscription()
    keys, contact = await _sender_args(sessions, keys_settings)
    policy = EndpointPolicy(allow_private_hosts=True, allow_insecure_localhost=True)  # port 443 only
    async with PushSender(keys, contact, policy=policy) as sender:
        result = await sender.send(Sub(endpoint, p256dh, auth), b"x", ttl=60)
    assert result.outcome is Outcome.REFUSED and "port" in result.detail
    assert push_service.requests == 0


@pytest.fixture
def keys_settings(settings, clean):
    return settings


async def _sender_args(sessions, settings) -> tuple:
    from api.db import session_scope
    from api.notifications.devices import vapid_keys

    async with session_scope(sessions) as db:
        return await vapid_keys(db, settings), settings.vapid_contact
