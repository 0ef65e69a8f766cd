"""Password hashing (Argon2id, OWASP parameters) and opaque session tokens."""

from __future__ import annotations

import asyncio
import ctypes
import ctypes.util
import hashlib
import secrets
from collections.abc import Mapping

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError

# OWASP Password Storage Cheat Sheet: Argon2id, m=19 MiB, t=2, p=1.
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # glibc's mallopt parameters (malloc.h)
MMAP_THRESHOLD = 4 << 20
TRIM_THRESHOLD = 2 * MMAP_THRESHOLD  # what glibc's own adjustment keeps, which a fixed threshold turns off


def return_big_blocks_to_the_os() -> bool:
    """Each hash takes 19 MiB from malloc, in a thread of the default executor. glibc serves
    blocks over its mmap threshold with their own mapping and gives them back when freed, but the
    first such free raises the threshold (up to 32 MiB), so from then on every thread's arena kept
    19 MiB for good: an API process grew by about 110 MB after a few sign-ins (bench/load.py). A
    fixed threshold keeps every block of 4 MiB or more in its own mapping, returned at once (a few
    milliseconds of page faults per hash). Fixing it also fixes the trim threshold, which glibc
    would otherwise keep at twice the mmap threshold; left at its 128 KiB default, the heap would
    be trimmed and grown again all the time. Process-wide; called when an app is created. False
    where the C library has no mallopt (not glibc)."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))


# Verified against when the account does not exist, so timing does not reveal which emails exist.
_DUMMY_HASH = _hasher.hash("village-dummy-password")


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hasher.hash, password)


async def verify_password(password_hash: str | None, password: str) -> bool:
    def check() -> bool:
        try:
            return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False

    return await asyncio.to_thread(check)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> bytes:
    return hashlib.sha256(token.encode()).digest()


def new_code(length: int = 10) -> str:
    """A human-typeable code (no 0/O/1/I/L) for invites printed on flyers or read aloud."""
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def bearer_token(headers: Mapping[str, str]) -> str | None:
    return parse_bearer(headers.get("authorization"))


def parse_bearer(value: object) -> str | None:
    """The token of an `Authorization: Bearer <token>` value (scheme case-insensitive), else None."""
    scheme, _, token = value.partition(" ") if isinstance(value, str) else ("", "", "")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None
