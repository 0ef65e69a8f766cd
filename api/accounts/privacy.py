"""Directory privacy: what one caregiver sees of another. Every screen that shows another person
(directory, needs, matches, reports, blocks) goes through `public_profile`, so a choice made in
the profile's directory settings holds everywhere."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.actor import Viewer
from api.errors import NotFound


@dataclass(frozen=True)
class StrengthCircle:
    strengths: list[str]
    passions: list[str]
    interests: list[str]


@dataclass(frozen=True)
class PublicProfile:
    """A caregiver as the viewer may see them; a field the person keeps private is None."""

    id: uuid.UUID
    display_name: str
    languages: list[str] | None
    strength_circle: StrengthCircle | None
    area_label: str | None
    # Whether the viewer may see the person's languages / approximate area: other features (match
    # reasons) must not spell out what the profile hides.
    shows_languages: bool
    shows_area: bool


def public_profile(account: Any, viewer_id: uuid.UUID | None) -> PublicProfile | None:
    """What `viewer_id` sees of `account` (None for no account): everything of themselves; of anyone
    else only what they chose to show (show_languages, show_strengths, show_area)."""
    if account is None:
        return None
    is_self = viewer_id is not None and account.id == viewer_id
    return _profile(
        account,
        languages=account.show_languages or is_self,
        strengths=account.show_strengths or is_self,
        area=account.show_area or is_self,
    )


async def caregiver(db: AsyncSession, viewer: Viewer | None, account_id: uuid.UUID) -> PublicProfile:
    """Another caregiver by id: only someone the viewer shares a verified community with, no block."""
    from api.communities.service import can_see_account  # communities builds on accounts

    account = await db.get(Account, account_id) if await can_see_account(db, viewer, account_id) else None
    profile = public_profile(account, viewer.account_id if viewer else None)
    if profile is None:
        raise NotFound("Not found.")
    return profile


# What a profile is built from: never the whole account row (no password hash, email or home point).
PROFILE_FIELDS = (
    "id",
    "display_name",
    "languages",
    "strengths",
    "passions",
    "interests",
    "home_area_label",
    "show_languages",
    "show_strengths",
    "show_area",
)


def profile_columns(entity: Any = Account, prefix: str = "") -> list[Any]:
    """The columns a profile needs, labelled `<prefix><field>`, to select beside other rows (one
    query for a page of needs with their requesters, matches with both people...)."""
    return [getattr(entity, name).label(prefix + name) for name in PROFILE_FIELDS]


def profile_from_row(row: Any, viewer_id: uuid.UUID | None, prefix: str = "") -> PublicProfile | None:
    """public_profile from columns selected with profile_columns (None when the person is absent)."""
    if getattr(row, prefix + "id") is None:
        return None
    return public_profile(SimpleNamespace(**{name: getattr(row, prefix + name) for name in PROFILE_FIELDS}), viewer_id)


async def profiles_by_ids(db: AsyncSession, ids, viewer_id: uuid.UUID | None) -> dict[uuid.UUID, PublicProfile]:
    """Many people as the viewer may see them, in one query of the profile columns only."""
    ids = set(ids)
    if not ids:
        return {}
    rows = (await db.execute(select(*profile_columns()).where(Account.id.in_(ids)))).all()
    return {r.id: profile_from_row(r, viewer_id) for r in rows}  # type: ignore[misc]


def household_profile(account: Any) -> PublicProfile:
    """A caregiver (an account, or a row of profile_columns) as the other caregivers of their own
    family see them: in full."""
    return _profile(account, languages=True, strengths=True, area=True)


def _profile(a: Any, *, languages: bool, strengths: bool, area: bool) -> PublicProfile:
    return PublicProfile(
        id=a.id,
        display_name=a.display_name,
        languages=list(a.languages) if languages else None,
        strength_circle=StrengthCircle(
            strengths=list(a.strengths), passions=list(a.passions), interests=list(a.interests)
        )
        if strengths
        else None,
        area_label=a.home_area_label if area else None,
        shows_languages=languages,
        shows_area=area,
    )
