"""Sign-up, sessions, profile, password change, account deletion and data export."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from redis.asyncio import Redis
from sqlalchemy import bindparam, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from api import geo, ratelimit
from api.accounts.models import Account, AuthSession
from api.actor import Viewer, require_viewer
from api.config import Settings
from api.db import HotRead
from api.errors import Conflict, Invalid, NotFound, Unauthenticated, is_unique_violation
from api.export import delete_all, export_all
from api.families.models import Family
from api.security import hash_password, hash_token, new_token, verify_password
from api.validation import Checker, has_control_characters, normalize_email


@dataclass
class SignedIn:
    account: Account
    token: str


def _now() -> datetime:
    return datetime.now(UTC)


async def _open_session(db: AsyncSession, account: Account, settings: Settings, user_agent: str | None) -> str:
    token = new_token()
    db.add(
        AuthSession(
            account_id=account.id,
            token_hash=hash_token(token),
            user_agent=(user_agent or "")[:200] or None,
            expires_at=_now() + timedelta(days=settings.session_days),
        )
    )
    await db.flush()
    return token


async def sign_up(
    db: AsyncSession,
    redis: Redis,
    settings: Settings,
    *,
    email: str,
    password: str,
    display_name: str,
    ui_language: str | None,
    client_ip: str,
    user_agent: str | None = None,
) -> SignedIn:
    c = Checker()
    if email.strip():
        email_n = c.email("email", email)
    else:  # a step missed, not a malformed address: say what to do
        c.add("email", "Enter your email.", "REQUIRED")
        email_n = ""
    c.password("password", password)
    name = c.text("displayName", display_name, min_len=1, max_len=80, label="Your name", multiline=False)
    c.ui_language("uiLanguage", ui_language)
    c.done()
    await ratelimit.hit(
        redis,
        settings.redis_prefix,
        f"signup:ip:{client_ip}",
        settings.signup_per_ip,
        "Too many sign-ups from this network.",
    )
    taken = Conflict("An account with this email already exists. Try logging in.", field="email", code="EMAIL_TAKEN")
    if await db.scalar(select(Account.id).where(func.lower(Account.email) == email_n)):
        raise taken
    family = Family()
    db.add(family)
    await db.flush()
    account = Account(
        email=email_n,
        password_hash=await hash_password(password),
        display_name=name,
        ui_language=ui_language or "en",
        family_id=family.id,
    )
    try:
        # A savepoint: a sign-up racing this one with the same email passed the check above too, and
        # the unique index refuses the second insert (it waits for the first to commit).
        async with db.begin_nested():
            db.add(account)
    except IntegrityError as e:
        if is_unique_violation(e, "uq_accounts_email_lower"):
            raise taken from e
        raise
    return SignedIn(account, await _open_session(db, account, settings, user_agent))


async def log_in(
    db: AsyncSession,
    redis: Redis,
    settings: Settings,
    *,
    email: str,
    password: str,
    client_ip: str,
    user_agent: str | None = None,
) -> SignedIn:
    # A field left empty is a form mistake, not a guess at an account: said plainly, before any
    # rate limit counts it (an empty email would otherwise share one per-account bucket).
    c = Checker()
    if not email.strip():
        c.add("email", "Enter your email.", "REQUIRED")
    if not password:
        c.add("password", "Enter your password.", "REQUIRED")
    c.done()
    email_key = normalize_email(email[:320])[:254]
    # No account's email holds control characters (PostgreSQL could not even compare a NUL): such
    # input is a wrong log-in like any other, after the same rate limits.
    unmatchable = has_control_characters(email_key)
    await ratelimit.hit(
        redis,
        settings.redis_prefix,
        f"login:ip:{client_ip}",
        settings.login_per_ip,
        "Too many login attempts from this network.",
    )
    await ratelimit.hit(
        redis,
        settings.redis_prefix,
        f"login:acct:{email_key}",
        settings.login_per_account,
        "Too many login attempts for this account.",
    )
    account = None if unmatchable else await db.scalar(select(Account).where(func.lower(Account.email) == email_key))
    if not await verify_password(account.password_hash if account else None, password) or account is None:
        raise Unauthenticated("That email and password do not match.", code="BAD_CREDENTIALS")
    return SignedIn(account, await _open_session(db, account, settings, user_agent))


# Built and compiled once: this runs on every request, and SQLAlchemy's work per execution costs
# more than running it.
_AUTHENTICATE = HotRead(
    select(AuthSession.id, Account.id, Account.family_id, Account.is_platform_admin, Account.ui_language)
    .join(Account, Account.id == AuthSession.account_id)
    .where(
        AuthSession.token_hash == bindparam("token_hash"),
        AuthSession.revoked_at.is_(None),
        AuthSession.expires_at > func.now(),
    )
)


async def authenticate(db: AsyncSession, token: str | None) -> Viewer | None:
    """The viewer for a bearer token, or None when the token is unknown, revoked or expired."""
    if not token or len(token) > 200:
        return None
    row = await _AUTHENTICATE.fetchrow(db, token_hash=hash_token(token))
    if row is None:
        return None
    return Viewer(account_id=row[1], session_id=row[0], family_id=row[2], is_platform_admin=row[3], ui_language=row[4])


async def log_out(db: AsyncSession, viewer: Viewer | None) -> None:
    """Sign this device out; it stops receiving the person's pushes too."""
    from api.notifications.devices import remove_subscriptions_for_sessions

    viewer = require_viewer(viewer)
    await db.execute(update(AuthSession).where(AuthSession.id == viewer.session_id).values(revoked_at=_now()))
    await remove_subscriptions_for_sessions(db, [viewer.session_id])


async def get_account(db: AsyncSession, account_id: uuid.UUID) -> Account:
    account = await db.get(Account, account_id)
    if account is None:
        raise NotFound("That account does not exist.")
    return account


async def update_profile(
    db: AsyncSession,
    viewer: Viewer | None,
    *,
    display_name: str | None = None,
    languages: list[str] | None = None,
    ui_language: str | None = None,
    timezone: str | None = None,
    postal_code: str | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    clear_home_area: bool = False,
    strengths: list[str] | None = None,
    passions: list[str] | None = None,
    interests: list[str] | None = None,
    listed_in_directory: bool | None = None,
    show_languages: bool | None = None,
    show_strengths: bool | None = None,
    show_area: bool | None = None,
) -> Account:
    viewer = require_viewer(viewer)
    c = Checker()
    name = c.text("displayName", display_name, min_len=1, max_len=80, label="Your name", multiline=False)
    langs = c.languages("languages", languages)
    c.ui_language("uiLanguage", ui_language)
    c.timezone("timezone", timezone)
    circle = {
        key: c.text_list(key, value, max_items=20, max_len=80, label=label)
        for key, value, label in (
            ("strengths", strengths, "Strengths"),
            ("passions", passions, "Passions"),
            ("interests", interests, "Interests"),
        )
    }
    if (latitude is None) != (longitude is None):
        c.add("latitude" if latitude is None else "longitude", "Give both latitude and longitude, or neither.")
    if postal_code is not None and latitude is not None:
        c.add("postalCode", "Give a postal code or a location, not both.")
    c.done()
    cell = label = None
    if postal_code is not None:
        cell, label = await geo.area_from_postal_code(db, postal_code)
    elif latitude is not None and longitude is not None:
        cell = geo.coarse_cell(latitude, longitude, field="latitude")
    account = await get_account(db, viewer.account_id)
    if name is not None:
        account.display_name = name
    if langs is not None:
        account.languages = langs
    if ui_language is not None:
        account.ui_language = ui_language
    if timezone is not None:
        account.timezone = timezone
    if clear_home_area:
        account.home_cell = account.home_area_label = account.home_lat = account.home_lng = None
    if cell is not None:
        account.home_cell, account.home_area_label = cell, label
        account.home_lat, account.home_lng = geo.cell_center(cell)
    for key, value in circle.items():
        if value is not None:
            setattr(account, key, value)
    for key, value in (
        ("listed_in_directory", listed_in_directory),
        ("show_languages", show_languages),
        ("show_strengths", show_strengths),
        ("show_area", show_area),
    ):
        if value is not None:
            setattr(account, key, value)
    await db.flush()
    return account


async def _check_password(
    db: AsyncSession, redis: Redis, settings: Settings, viewer: Viewer, password: str, field: str
) -> Account:
    await ratelimit.hit(
        redis,
        settings.redis_prefix,
        f"sensitive:{viewer.account_id}",
        settings.sensitive_per_account,
        "Too many attempts.",
    )
    account = await get_account(db, viewer.account_id)
    if not await verify_password(account.password_hash, password):
        raise Invalid("Your current password is not right.", field=field, code="BAD_PASSWORD")
    return account


async def change_password(
    db: AsyncSession,
    redis: Redis,
    settings: Settings,
    viewer: Viewer | None,
    *,
    current_password: str,
    new_password: str,
) -> list[uuid.UUID]:
    """Change the password, revoke every other session and remove the push subscriptions registered
    from them (a device someone else may hold stops getting pushes). Returns the revoked session ids."""
    from api.notifications.devices import remove_subscriptions_for_sessions

    viewer = require_viewer(viewer)
    c = Checker()
    c.password("newPassword", new_password)
    if new_password == current_password:
        c.add("newPassword", "Choose a password different from the current one.", "SAME_PASSWORD")
    c.done()
    account = await _check_password(db, redis, settings, viewer, current_password, "currentPassword")
    account.password_hash = await hash_password(new_password)
    account.password_changed_at = _now()
    revoked = (
        await db.scalars(
            update(AuthSession)
            .where(
                AuthSession.account_id == account.id,
                AuthSession.id != viewer.session_id,
                AuthSession.revoked_at.is_(None),
            )
            .values(revoked_at=_now())
            .returning(AuthSession.id)
        )
    ).all()
    await remove_subscriptions_for_sessions(db, list(revoked))
    await db.flush()
    return list(revoked)


async def delete_account(
    db: AsyncSession, redis: Redis, settings: Settings, viewer: Viewer | None, *, password: str
) -> None:
    """Delete the person for real: every domain deletes or anonymises what it holds about them
    (api/<domain>/export.py); their family's children go too when no other caregiver remains."""
    viewer = require_viewer(viewer)
    account = await _check_password(db, redis, settings, viewer, password, "password")
    await delete_all(db, account)


async def export_my_data(db: AsyncSession, viewer: Viewer | None) -> dict:
    """Everything Village holds about the person and their children, as plain JSON-ready data,
    gathered from every domain's export.py."""
    viewer = require_viewer(viewer)
    return await export_all(db, await get_account(db, viewer.account_id))
