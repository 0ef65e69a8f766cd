"""A person's devices for Web Push: the application server's VAPID key, subscriptions registered
per signed-in session, and their removal when a device signs out."""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import AuthSession
from api.actor import Viewer, require_viewer
from api.config import Settings
from api.errors import Invalid, NotFound
from api.notifications import endpoints
from api.notifications.models import (
    PushDelivery,
    PushSubscription,
)
from api.notifications.webpush import VapidKeyError, VapidKeys, validate_subscription
from api.platform import secrets
from api.validation import Checker

log = logging.getLogger(__name__)

VAPID_SECRET = "vapid_private_key"
MAX_DEVICES = 50


# --- the VAPID key ------------------------------------------------------------------------------


async def vapid_keys(db: AsyncSession, settings: Settings) -> VapidKeys:
    """The application server's key pair (see load_vapid_keys); logs when it had to be made."""
    keys, created = await load_vapid_keys(db, settings)
    if created:
        log.warning(
            "created the VAPID key",
            extra={"event": "vapid_key_created", "application_server_key": keys.application_server_key},
        )
    return keys


async def load_vapid_keys(db: AsyncSession, settings: Settings) -> tuple[VapidKeys, bool]:
    """(keys, created now). VAPID_PRIVATE_KEY wins when set; otherwise the key made once and kept
    in the database (backed up with it). A stored key that cannot be read is an error, never a
    reason to make a new one: every browser subscription is bound to the old key."""
    if settings.vapid_private_key:
        try:
            return VapidKeys.from_env_value(settings.vapid_private_key), False
        except VapidKeyError as e:
            raise VapidKeyError(f"VAPID_PRIVATE_KEY: {e}") from e
    pem, created = await secrets.get_or_create(db, VAPID_SECRET, lambda: VapidKeys.generate().private_pem().decode())
    try:
        keys = VapidKeys.from_pem(pem.encode())
    except VapidKeyError as e:
        raise VapidKeyError(
            f"the VAPID key stored in the database (secrets.{VAPID_SECRET}) is unreadable: {e}. "
            "Restore it from a backup or set VAPID_PRIVATE_KEY; a new key would silently break every push subscription."
        ) from e
    return keys, created


# --- push subscriptions ---------------------------------------------------------------------------


_SUBSCRIPTION_CODES = {"endpoint": "INVALID_ENDPOINT", "p256dh": "INVALID_KEY", "auth": "INVALID_AUTH"}
_SUBSCRIPTION_LABELS = {"endpoint": "The endpoint", "p256dh": "The p256dh key", "auth": "The auth secret"}


async def register_subscription(
    db: AsyncSession,
    viewer: Viewer | None,
    settings: Settings,
    *,
    endpoint: str,
    p256dh: str,
    auth: str,
    user_agent: str | None,
) -> PushSubscription:
    """Store the browser's subscription for this device. The same endpoint registered again (a new
    key after the browser rotated it, or another person signing in on the same device) moves to the
    current account and session; pushes still waiting for its previous owner are dropped. The
    endpoint's host must resolve to public addresses only (endpoints.py): push is never sent into
    the server's own network."""
    viewer = require_viewer(viewer)
    policy = endpoints.EndpointPolicy.from_settings(settings)
    problems = validate_subscription(endpoint, p256dh, auth, allow_insecure_localhost=policy.allow_insecure_localhost)
    if problems:
        c = Checker()
        for field, message in problems:
            c.add(field, f"{_SUBSCRIPTION_LABELS[field]} {message}.", _SUBSCRIPTION_CODES[field])
        c.done()
    try:
        await endpoints.vet(endpoint, policy)
    except endpoints.EndpointUnresolvable as e:
        raise Invalid(f"The endpoint's {e.reason}.", field="endpoint", code="PUSH_ENDPOINT_UNRESOLVABLE") from e
    except endpoints.EndpointRefused as e:
        raise Invalid(f"The endpoint {e.reason}.", field="endpoint", code="PUSH_ENDPOINT_NOT_ALLOWED") from e
    previous = await db.scalar(select(PushSubscription).where(PushSubscription.endpoint == endpoint).with_for_update())
    if previous is not None and previous.account_id != viewer.account_id:
        await db.execute(
            delete(PushDelivery).where(PushDelivery.subscription_id == previous.id, PushDelivery.status == "pending")
        )
    values = {
        "account_id": viewer.account_id,
        "session_id": viewer.session_id,
        "p256dh": p256dh,
        "auth": auth,
        "user_agent": (user_agent or "")[:200] or None,
    }
    stmt = insert(PushSubscription).values(id=uuid.uuid4(), endpoint=endpoint, **values)
    sub_id = await db.scalar(
        stmt.on_conflict_do_update(index_elements=["endpoint"], set_=values).returning(PushSubscription.id)
    )
    # A person has a few devices; past MAX_DEVICES the oldest registrations go (browsers rotate
    # endpoints, and every notification is sent to each subscription).
    keep = (
        select(PushSubscription.id)
        .where(PushSubscription.account_id == viewer.account_id)
        .order_by(PushSubscription.created_at.desc(), PushSubscription.id.desc())
        .limit(MAX_DEVICES)
    )
    await db.execute(
        delete(PushSubscription).where(
            PushSubscription.account_id == viewer.account_id,
            PushSubscription.id != sub_id,
            PushSubscription.id.not_in(keep),
        )
    )
    await db.flush()
    sub = await db.get(PushSubscription, sub_id, populate_existing=True)
    assert sub is not None
    return sub


async def remove_subscription(db: AsyncSession, viewer: Viewer | None, *, endpoint: str) -> None:
    viewer = require_viewer(viewer)
    result = await db.execute(
        delete(PushSubscription).where(
            PushSubscription.endpoint == endpoint, PushSubscription.account_id == viewer.account_id
        )
    )
    if result.rowcount == 0:
        raise NotFound("That push subscription is not registered for you.", field="endpoint")


async def remove_subscriptions_for_sessions(db: AsyncSession, session_ids: list[uuid.UUID]) -> int:
    """Devices signed out (a password change, a log-out) stop receiving pushes at once."""
    if not session_ids:
        return 0
    result = await db.execute(delete(PushSubscription).where(PushSubscription.session_id.in_(session_ids)))
    return result.rowcount


async def my_subscriptions(db: AsyncSession, viewer: Viewer | None) -> list[PushSubscription]:
    viewer = require_viewer(viewer)
    q = (
        select(PushSubscription)
        .where(PushSubscription.account_id == viewer.account_id)
        .order_by(PushSubscription.created_at)
    )
    return list((await db.scalars(q)).all())


async def session_is_current(db: AsyncSession, session_id: uuid.UUID) -> bool:
    """Whether a sign-in session is still valid (not revoked, not expired): a live subscription
    ends when its device signs out or the password changes."""
    return bool(
        await db.scalar(
            select(AuthSession.id).where(
                AuthSession.id == session_id, AuthSession.revoked_at.is_(None), AuthSession.expires_at > _now()
            )
        )
    )


def _now() -> datetime:
    return datetime.now(UTC)
