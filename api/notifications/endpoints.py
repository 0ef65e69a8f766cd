"""Which Web Push endpoints the server may connect to. The endpoint URL comes from a browser, so anyone
can register any URL: without this check the worker would open connections, with retries, to the
loopback interface, the private network or a cloud metadata service (server-side request forgery).

The rule: https on port 443 (other ports only when `push_allowed_ports` says so), no credentials or
control characters, and EVERY address the host resolves to must be a public one. Addresses are
judged after resolution, never as written: getaddrinfo turns `2130706433`, `0x7f.1`, `127.1` and
`0177.0.0.1` into 127.0.0.1 before anything here looks at them. It is checked at registration and
again at every connection, where the sender connects to the addresses it checked (webpush.py).
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from api.config import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

MAX_ENDPOINT_LENGTH = 2048
HTTPS_PORT = 443
RESOLVE_TIMEOUT = 3.0
# http:// to these names is allowed in the test environment only (a local push service).
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
# Cloud instance metadata and host services: refused even where private addresses are allowed.
# 168.63.129.16 is a public address, so `is_global` alone would let it through.
METADATA_ADDRESSES = frozenset(
    ipaddress.ip_address(a)
    for a in (
        "169.254.169.254",  # AWS, GCP, Azure, OpenStack, DigitalOcean, ...
        "169.254.170.2",  # AWS ECS task metadata
        "168.63.129.16",  # Azure wire server
        "100.100.100.200",  # Alibaba Cloud
        "192.0.0.192",  # Oracle Cloud
        "fd00:ec2::254",  # AWS over IPv6
    )
)
# DNS64 answers for IPv4-only push services on an IPv6-only network carry the IPv4 address here;
# it is judged by that address (Python calls the whole prefix reserved).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
_WHITESPACE = re.compile(r"\s")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class EndpointRefused(Exception):
    """The endpoint may not be connected to. `reason` completes "The endpoint ..."."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class EndpointUnresolvable(EndpointRefused):
    """The host has no address (or DNS did not answer in time): refused at registration, retried
    at send time, since DNS can fail for a while."""


@dataclass(frozen=True, slots=True)
class EndpointPolicy:
    allow_private_hosts: bool = False  # loopback and private addresses (tests, a local push service)
    allowed_ports: frozenset[int] | None = frozenset({HTTPS_PORT})  # None: any port
    allow_insecure_localhost: bool = False  # http:// to LOCAL_HOSTS (the test environment)
    resolve_timeout: float = RESOLVE_TIMEOUT

    @classmethod
    def from_settings(cls, settings: Settings) -> EndpointPolicy:
        return cls(
            allow_private_hosts=settings.push_allow_private_hosts,
            allowed_ports=settings.push_allowed_ports,
            allow_insecure_localhost=settings.environment == "test",
        )


@dataclass(frozen=True, slots=True)
class Target:
    scheme: str  # lower case
    host: str  # lower case; an IPv6 literal without brackets; "" when missing
    port: int | None  # as written; None for the scheme's default

    @property
    def effective_port(self) -> int:
        return self.port if self.port is not None else (80 if self.scheme == "http" else HTTPS_PORT)

    @property
    def origin(self) -> str:
        """`scheme://host[:port]` (RFC 6454): the VAPID `aud` and the key of the connection pool."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        if self.port is None or (self.scheme, self.port) in (("https", 443), ("http", 80)):
            return f"{self.scheme}://{host}"
        return f"{self.scheme}://{host}:{self.port}"


@dataclass(frozen=True, slots=True)
class Vetted:
    target: Target
    addresses: tuple[IPAddress, ...]  # every address the host resolved to, each one allowed


def split_endpoint(endpoint: str, *, allow_insecure_localhost: bool = False) -> tuple[Target | None, list[str]]:
    """The URL's parts and its problems as a URL (each completes "The endpoint ..."); the target is
    None when it cannot be parsed at all."""
    if not isinstance(endpoint, str) or not endpoint:
        return None, ["is required"]
    if len(endpoint) > MAX_ENDPOINT_LENGTH:
        return None, [f"must be at most {MAX_ENDPOINT_LENGTH} characters"]
    try:
        parts = urlsplit(endpoint)
        target = Target(parts.scheme.lower(), parts.hostname or "", parts.port)
    except ValueError:
        return None, ["is not a valid URL"]
    problems = []
    if target.scheme == "http" and allow_insecure_localhost and target.host in LOCAL_HOSTS:
        pass
    elif target.scheme != "https":
        problems.append("must be an https URL")
    if not target.host:
        problems.append("has no host")
    if parts.username is not None or parts.password is not None:
        problems.append("must not contain credentials")
    if _CONTROL.search(endpoint):
        problems.append("must not contain control characters")
    elif _WHITESPACE.search(endpoint):
        problems.append("must not contain whitespace")
    if parts.fragment:
        problems.append("must not contain a fragment")
    return target, problems


def port_problem(target: Target, policy: EndpointPolicy) -> str | None:
    port = target.effective_port
    if policy.allowed_ports is not None and port not in policy.allowed_ports:
        allowed = ", ".join(str(p) for p in sorted(policy.allowed_ports))
        return f"must use port {allowed} (push services listen there), not {port}"
    return None


def address_problem(address: IPAddress, *, allow_private: bool = False) -> str | None:
    """Why the server must not connect to `address`, or None. Public (`is_global`) is required; an
    IPv6 address that carries an IPv4 one (mapped, compatible, 6to4, Teredo, NAT64) is judged by
    that one as well."""
    if address in METADATA_ADDRESSES:
        return "is a cloud metadata address"
    if isinstance(address, ipaddress.IPv6Address):
        if address.scope_id:
            address = ipaddress.IPv6Address(address.exploded.split("%")[0])
        for embedded in _embedded_ipv4(address):
            if problem := address_problem(embedded, allow_private=allow_private):
                return f"carries an IPv4 address that {problem}"
        if address in _NAT64:
            return None  # judged by its IPv4 address, just above
    if address.is_unspecified:
        return "is unspecified"
    if address.is_multicast:
        return "is a multicast address"
    if allow_private:
        return None
    if address.is_loopback:
        return "is a loopback address"
    if address.is_link_local:
        return "is a link-local address"
    if address.is_private or address.is_reserved or not address.is_global:
        return "is a private or reserved address"
    if isinstance(address, ipaddress.IPv6Address) and address.is_site_local:
        return "is a private or reserved address"
    return None


def _embedded_ipv4(address: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = []
    if address.ipv4_mapped is not None:
        found.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        found.append(address.sixtofour)
    if address.teredo is not None:
        found.extend(address.teredo)  # (server, client)
    low = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if int(address) >> 32 == 0 and int(address) > 1:  # IPv4-compatible ::a.b.c.d (not :: or ::1)
        found.append(low)
    if address in _NAT64 or address in _IPV4_TRANSLATED:
        found.append(low)
    return found


def check_addresses(host: str, addresses: list[IPAddress] | tuple[IPAddress, ...], policy: EndpointPolicy) -> None:
    """Raise EndpointRefused unless every address is allowed: one bad answer is enough, since the
    connection could go to any of them."""
    for address in addresses:
        if problem := address_problem(address, allow_private=policy.allow_private_hosts):
            raise EndpointRefused(f"resolves to an address push is never sent to ({host}: {problem})")


async def resolve(host: str, port: int, *, within: float = RESOLVE_TIMEOUT) -> tuple[IPAddress, ...]:
    """Every A/AAAA address of `host`, in getaddrinfo's order, without repeats."""
    loop = asyncio.get_running_loop()
    try:
        async with asyncio.timeout(within):
            infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
    except TimeoutError:
        raise EndpointUnresolvable(f"host {host} did not resolve within {within:g} s") from None
    except (OSError, UnicodeError) as exc:  # socket.gaierror is an OSError
        raise EndpointUnresolvable(f"host {host} does not resolve") from exc
    found: dict[IPAddress, None] = {}
    for family, *_, sockaddr in infos:
        if family in (socket.AF_INET, socket.AF_INET6):
            found[ipaddress.ip_address(sockaddr[0])] = None
    if not found:
        raise EndpointUnresolvable(f"host {host} has no IPv4 or IPv6 address")
    return tuple(found)


async def vet(endpoint: str, policy: EndpointPolicy) -> Vetted:
    """The whole check: the URL, its port, and every address its host resolves to now. Raises
    EndpointRefused (EndpointUnresolvable when DNS has no answer)."""
    target, problems = split_endpoint(endpoint, allow_insecure_localhost=policy.allow_insecure_localhost)
    if target is None or problems:
        raise EndpointRefused(problems[0])
    if problem := port_problem(target, policy):
        raise EndpointRefused(problem)
    addresses = await resolve(target.host, target.effective_port, within=policy.resolve_timeout)
    check_addresses(target.host, addresses, policy)
    return Vetted(target, addresses)
