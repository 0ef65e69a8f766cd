"""The skill-sharing part of exportMyData: the person's strengths, the needs they posted, the
matches they are part of on either side (the other family named only once both agreed, as in the
app), the thank-yous they gave and received, and (as staff) the words they added to a community's
matching table. Deleting the account deletes its strengths, needs
and matches (CASCADE); a match's other family keeps nothing of it."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.communities.models import Community
from api.export import iso
from api.skills.models import AGREED_MATCH_STATES, Match, MatchingTerm, Need, Strength, StrengthPosting

EXPORTED = (Strength, Need, Match, MatchingTerm)
NOT_EXPORTED: dict = {
    StrengthPosting: "an index of the words of the strengths exported above, rebuilt from them; nothing of its own",
}
# The other family's name is part of a match only once both sides agreed (contact shared).
_AGREED = ("accepted", "completed")


def _slots(ranges: list[list[int]]) -> list[dict]:
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    return [{"day": days[a // 1440], "startMinute": a % 1440, "endMinute": b - (a // 1440) * 1440} for a, b in ranges]


async def export(db: AsyncSession, a: Account) -> dict:
    strengths = (
        await db.scalars(select(Strength).where(Strength.account_id == a.id).order_by(Strength.created_at))
    ).all()
    needs = (
        await db.execute(
            select(Need, Community.name)
            .join(Community, Community.id == Need.community_id)
            .where(Need.requester_id == a.id)
            .order_by(Need.created_at)
        )
    ).all()
    matches = (
        await db.execute(
            select(Match, Need.title)
            .join(Need, Need.id == Match.need_id)
            .where(or_(Match.helper_id == a.id, Match.requester_id == a.id))
            .order_by(Match.created_at)
        )
    ).all()
    names = {
        r[0]: r[1]
        for r in (
            await db.execute(
                select(Account.id, Account.display_name).where(
                    Account.id.in_({m.requester_id if m.helper_id == a.id else m.helper_id for m, _ in matches})
                )
            )
        ).all()
    }

    def match_out(m: Match, need_title: str) -> dict:
        mine_as_helper = m.helper_id == a.id
        other_id = m.requester_id if mine_as_helper else m.helper_id
        return {
            "role": "helper" if mine_as_helper else "family",
            "need": need_title,
            "status": m.status,
            "otherFamily": names.get(other_id)
            if m.status in AGREED_MATCH_STATES
            else None,  # named once both agreed, as in the app
            "message": m.message,
            "thanks": m.thanks,
            "createdAt": iso(m.created_at),
            "respondedAt": iso(m.responded_at),
            "completedAt": iso(m.completed_at),
        }

    out = [match_out(m, title) for m, title in matches]
    words = (
        await db.execute(
            select(MatchingTerm, Community.name)
            .join(Community, Community.id == MatchingTerm.community_id)
            .where(MatchingTerm.created_by == a.id)
            .order_by(MatchingTerm.created_at)
        )
    ).all()
    return {
        "strengths": [
            {
                "category": s.category_slug,
                "title": s.title,
                "description": s.description,
                "languages": s.languages,
                "modes": s.modes,
                "availability": _slots(s.availability),
                "createdAt": iso(s.created_at),
            }
            for s in strengths
        ],
        "needs": [
            {
                "community": community,
                "category": n.category_slug,
                "title": n.title,
                "description": n.description,
                "mode": n.mode,
                "startsAt": iso(n.starts_at),
                "endsAt": iso(n.ends_at),
                "urgency": n.urgency,
                "language": n.language,
                "areaLabel": n.area_label,
                "status": n.status,
                "createdAt": iso(n.created_at),
            }
            for n, community in needs
        ],
        "matches": out,
        "thanksGiven": [
            {"to": o["otherFamily"], "need": o["need"], "thanks": o["thanks"]}
            for o in out
            if o["role"] == "family" and o["thanks"]
        ],
        # As staff: the words added to a community's matching table (they stay with the community).
        "matchingWordsAdded": [
            {"community": community, "concept": w.concept, "language": w.language, "word": w.term}
            for w, community in words
        ],
        "thanksReceived": [
            {"from": o["otherFamily"], "need": o["need"], "thanks": o["thanks"]}
            for o in out
            if o["role"] == "helper" and o["thanks"]
        ],
    }
