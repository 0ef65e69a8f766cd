"""Families and children's strength circles. Children are visible to their own family only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.accounts.privacy import PublicProfile, household_profile, profile_columns
from api.actor import Viewer, require_viewer
from api.errors import Conflict, Invalid, NotFound
from api.families.models import Child, Family, FamilyInvite
from api.security import new_code
from api.validation import Checker, refuse_control_characters

GRADES = ("PK", "K", *[str(g) for g in range(1, 13)])
MAX_CHILDREN = 12


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class FamilyView:
    family: Family
    caregivers: list[PublicProfile]  # in full: a household sees all of its own caregivers' profiles
    children: list[Child]


async def family_id_of(db: AsyncSession, viewer: Viewer) -> uuid.UUID:
    # Re-read: the family may have changed since the session started (joinFamily).
    fid = await db.scalar(select(Account.family_id).where(Account.id == viewer.account_id))
    if fid is None:
        family = Family()
        db.add(family)
        await db.flush()
        await db.execute(update(Account).where(Account.id == viewer.account_id).values(family_id=family.id))
        fid = family.id
    return fid


async def my_family(db: AsyncSession, viewer: Viewer | None) -> FamilyView:
    viewer = require_viewer(viewer)
    fid = await family_id_of(db, viewer)
    family = await db.get(Family, fid)
    # Profile columns only, as every screen that shows a person reads them (never the password hash).
    caregivers = (
        await db.execute(select(*profile_columns()).where(Account.family_id == fid).order_by(Account.created_at))
    ).all()
    children = (
        await db.scalars(select(Child).where(Child.family_id == fid).order_by(Child.created_at, Child.id))
    ).all()
    assert family is not None
    return FamilyView(family, [household_profile(a) for a in caregivers], list(children))


async def get_family(db: AsyncSession, viewer: Viewer | None, family_id: uuid.UUID) -> FamilyView:
    """A family by id: only one's own."""
    view = await my_family(db, viewer)
    if view.family.id != family_id:
        raise NotFound("Not found.")
    return view


def _child_fields(c: Checker, *, name, grade, strengths, passions, interests, joy, creating: bool) -> dict:
    out = {
        "name": c.text(
            "name", name, min_len=1, max_len=40, label="Your child's first name or nickname", multiline=False
        ),
        "strengths": c.text_list("strengths", strengths, max_items=20, max_len=80, label="Strengths"),
        "passions": c.text_list("passions", passions, max_items=20, max_len=80, label="Passions"),
        "interests": c.text_list("interests", interests, max_items=20, max_len=80, label="Interests"),
        "joy": c.text("joy", joy, max_len=500, label="What brings them joy"),
    }
    if grade is not None and c.characters("grade", grade, label="The grade"):
        g = grade.strip().upper()
        if g not in GRADES:
            c.add("grade", "Grade must be PK, K or 1 to 12.", "INVALID_GRADE")
        out["grade"] = g
    if creating and name is None:
        c.add("name", "Your child's first name or nickname is required.", "REQUIRED")
    if out["name"] is not None and " " in out["name"].strip() and len(out["name"].split()) > 2:
        c.add("name", "Just a first name or nickname, please: no surname.", "TOO_LONG")
    return {k: v for k, v in out.items() if v is not None}


async def add_child(db: AsyncSession, viewer: Viewer | None, **fields) -> Child:
    viewer = require_viewer(viewer)
    c = Checker()
    values = _child_fields(c, creating=True, **fields)
    c.done()
    fid = await family_id_of(db, viewer)
    count = await db.scalar(select(func.count()).select_from(Child).where(Child.family_id == fid))
    if count >= MAX_CHILDREN:
        raise Invalid(f"A family can list at most {MAX_CHILDREN} children.", code="TOO_MANY")
    child = Child(family_id=fid, **values)
    db.add(child)
    await db.flush()
    return child


async def get_child(db: AsyncSession, viewer: Viewer | None, child_id: uuid.UUID) -> Child:
    viewer = require_viewer(viewer)
    fid = await db.scalar(select(Account.family_id).where(Account.id == viewer.account_id))
    child = await db.get(Child, child_id)
    if child is None or fid is None or child.family_id != fid:
        raise NotFound("That child is not in your family.", field="childId")
    return child


async def update_child(db: AsyncSession, viewer: Viewer | None, *, child_id: uuid.UUID, **fields) -> Child:
    c = Checker()
    values = _child_fields(c, creating=False, **fields)
    c.done()
    child = await get_child(db, viewer, child_id)
    for key, value in values.items():
        setattr(child, key, value)
    await db.flush()
    return child


async def remove_child(db: AsyncSession, viewer: Viewer | None, *, child_id: uuid.UUID) -> None:
    child = await get_child(db, viewer, child_id)
    await db.delete(child)
    await db.flush()


async def invite_caregiver(db: AsyncSession, viewer: Viewer | None) -> FamilyInvite:
    """A code, valid 7 days, that another adult of the household enters to join this family."""
    viewer = require_viewer(viewer)
    fid = await family_id_of(db, viewer)
    pending = await db.scalar(
        select(func.count())
        .select_from(FamilyInvite)
        .where(FamilyInvite.family_id == fid, FamilyInvite.accepted_at.is_(None), FamilyInvite.expires_at > func.now())
    )
    if pending >= 5:
        raise Conflict("Your family already has 5 open invites; use one of those first.", code="TOO_MANY")
    invite = FamilyInvite(
        family_id=fid, code=new_code(12), invited_by_id=viewer.account_id, expires_at=_now() + timedelta(days=7)
    )
    db.add(invite)
    await db.flush()
    return invite


async def join_family(db: AsyncSession, viewer: Viewer | None, *, code: str) -> FamilyView:
    """Join another caregiver's family. Children already listed by the joiner come along."""
    viewer = require_viewer(viewer)
    refuse_control_characters("code", code, label="The family invite code")
    code_n = code.strip().upper().replace("-", "").replace(" ", "")
    invite = (
        await db.scalar(select(FamilyInvite).where(FamilyInvite.code == code_n).with_for_update())
        if 0 < len(code_n) <= 32
        else None
    )
    if invite is None or invite.accepted_at is not None:
        raise Invalid("That family invite code is not valid.", field="code", code="INVALID_INVITE")
    if invite.expires_at <= _now():
        raise Invalid("That family invite has expired. Ask for a new one.", field="code", code="INVITE_EXPIRED")
    old = await family_id_of(db, viewer)
    if old == invite.family_id:
        raise Conflict("You are already in this family.", field="code", code="ALREADY_MEMBER")
    others = await db.scalar(
        select(func.count()).select_from(Account).where(Account.family_id == old, Account.id != viewer.account_id)
    )
    if others:
        raise Conflict(
            "Leave your current family's other caregivers first; a person belongs to one household here.", field="code"
        )
    await db.execute(update(Child).where(Child.family_id == old).values(family_id=invite.family_id))
    await db.execute(update(Account).where(Account.id == viewer.account_id).values(family_id=invite.family_id))
    await db.execute(delete(Family).where(Family.id == old))
    invite.accepted_by_id, invite.accepted_at = viewer.account_id, _now()
    await db.flush()
    return await my_family(db, viewer)
