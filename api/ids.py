"""Relay global IDs: base64("Type:uuid"). Decoding checks the type, so IDs cannot be confused."""

from __future__ import annotations

import base64
import binascii
import uuid

from api.errors import Invalid


def to_global_id(type_name: str, pk: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{pk}".encode()).decode().rstrip("=")


def parse_global_id(value: str) -> tuple[str, uuid.UUID]:
    try:
        raw = base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).decode()
        type_name, _, pk = raw.partition(":")
        return type_name, uuid.UUID(pk)
    except (ValueError, binascii.Error, UnicodeDecodeError) as e:
        raise Invalid("That ID is not valid.", code="INVALID_ID") from e


def from_global_id(value: str, expected: str | tuple[str, ...], *, field: str) -> uuid.UUID:
    if len(value) > 100:
        raise Invalid("That ID is not valid.", field=field, code="INVALID_ID")
    try:
        type_name, pk = parse_global_id(value)
    except Invalid as e:
        raise Invalid("That ID is not valid.", field=field, code="INVALID_ID") from e
    allowed = (expected,) if isinstance(expected, str) else expected
    if type_name not in allowed:
        raise Invalid(f"That ID is not a {' or '.join(allowed)} ID.", field=field, code="INVALID_ID")
    return pk
