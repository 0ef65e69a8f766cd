"""`village seed`: a demo school community to click through. Lincoln Elementary (Austin, TX) with
about forty families: English and Spanish speakers, strength circles for caregivers and children,
approximate home areas, two staff members, a parent leader and a platform admin.

Idempotent: when the demo community exists nothing is added (`--reset` deletes it and its accounts
first). The data comes from a fixed random seed, so every reset yields the same community.
"""

from __future__ import annotations

import random
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from api.accounts.models import Account
from api.accounts.service import update_profile
from api.actor import Viewer
from api.communities.models import Community, Invite, Membership
from api.communities.service import create_community, create_invite
from api.config import Settings
from api.db import session_scope
from api.families.models import Family
from api.families.service import add_child
from api.security import hash_password

COMMUNITY = "Lincoln Elementary"
DOMAIN = "lincoln.example.org"  # every demo account's email ends with it (how --reset finds them)
PASSWORD = "village-demo"
FAMILIES = 40
TIMEZONE = "America/Chicago"
LEADER = 4  # the family whose first caregiver leads a group
PENDING = {31, 34, 37, 39}  # families who joined but are not verified by staff yet

# Neighbourhoods around the school, with an approximate centre; homes are scattered around them.
AREAS = [
    ("Travis Heights", 30.2480, -97.7420),
    ("Bouldin Creek", 30.2510, -97.7560),
    ("East Cesar Chavez", 30.2590, -97.7270),
    ("Holly", 30.2530, -97.7180),
    ("Montopolis", 30.2330, -97.6990),
    ("Dove Springs", 30.1900, -97.7320),
    ("South Lamar", 30.2450, -97.7750),
]

ES_ADULTS = [
    "María",
    "José",
    "Guadalupe",
    "Juan",
    "Luis",
    "Ana",
    "Carlos",
    "Verónica",
    "Miguel",
    "Elena",
    "Jorge",
    "Alejandra",
    "Ricardo",
    "Patricia",
    "Fernando",
    "Leticia",
    "Javier",
    "Claudia",
    "Raúl",
    "Yesenia",
    "Óscar",
    "Héctor",
]
ES_SURNAMES = [
    "García",
    "Hernández",
    "Martínez",
    "López",
    "González",
    "Rodríguez",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Cruz",
    "Morales",
    "Gutiérrez",
    "Ortiz",
    "Mendoza",
    "Castillo",
]
EN_ADULTS = [
    "Jennifer",
    "Michael",
    "Sarah",
    "David",
    "Jessica",
    "Chris",
    "Ashley",
    "James",
    "Emily",
    "Brian",
    "Amanda",
    "Kevin",
    "Lauren",
    "Marcus",
    "Tasha",
    "Andre",
    "Keisha",
    "Ryan",
    "Megan",
    "Tyler",
    "Heather",
    "Derek",
]
EN_SURNAMES = [
    "Johnson",
    "Smith",
    "Williams",
    "Brown",
    "Jones",
    "Miller",
    "Davis",
    "Wilson",
    "Anderson",
    "Taylor",
    "Thomas",
    "Moore",
    "Jackson",
    "Thompson",
    "White",
    "Harris",
    "Clark",
    "Lewis",
    "Walker",
    "Young",
]
OTHER = {"vi": ("Nguyen", ["Linh", "Minh", "Thao", "Huy"]), "ar": ("Haddad", ["Layla", "Omar", "Yasmin", "Karim"])}
ES_KIDS = [
    "Sofía",
    "Mateo",
    "Valentina",
    "Santiago",
    "Camila",
    "Diego",
    "Isabella",
    "Emiliano",
    "Lucía",
    "Daniel",
    "Ximena",
    "Leonardo",
    "Regina",
    "Gael",
    "Renata",
    "Iker",
]
EN_KIDS = [
    "Olivia",
    "Liam",
    "Ava",
    "Noah",
    "Mia",
    "Elijah",
    "Harper",
    "Lucas",
    "Amelia",
    "Jackson",
    "Zoe",
    "Caleb",
    "Chloe",
    "Jayden",
    "Nora",
    "Miles",
]
GRADES = ["PK", "K", "1", "2", "3", "4", "5"]

CIRCLES = {
    "en": {
        "strengths": [
            "math tutoring",
            "cooking for big groups",
            "car repair",
            "fixing computers",
            "coaching soccer",
            "piano lessons",
            "resume writing",
            "helping with the IEP process",
            "navigating health insurance",
            "carpentry",
            "bike repair",
            "photography",
            "baking",
            "filling out school forms",
            "gardening",
        ],
        "passions": [
            "community organizing",
            "running",
            "music",
            "reading to kids",
            "hiking",
            "painting",
            "family history",
        ],
        "interests": [
            "starting a book club",
            "learning Spanish",
            "weekend hikes",
            "board games",
            "the school garden",
            "STEM nights",
        ],
    },
    "es": {
        "strengths": [
            "clases de matemáticas",
            "cocina mexicana",
            "costura",
            "reparación de autos",
            "jardinería",
            "traducción inglés–español",
            "cuidado de niños",
            "trámites de inmigración",
            "entrenar fútbol",
            "peinados y trenzas",
            "plomería",
            "electricidad",
            "repostería",
            "manualidades",
        ],
        "passions": [
            "la música",
            "bailar",
            "el fútbol",
            "la cocina",
            "la lectura",
            "la fe y la comunidad",
            "las plantas",
        ],
        "interests": [
            "aprender inglés",
            "un grupo de mamás",
            "clases de computación",
            "caminatas en el parque",
            "el huerto escolar",
        ],
    },
}
KID_CIRCLES = {
    "en": {
        "strengths": [
            "drawing",
            "reading",
            "soccer",
            "math puzzles",
            "building with Lego",
            "singing",
            "kindness to younger kids",
            "dancing",
        ],
        "passions": ["dinosaurs", "space", "animals", "music", "basketball", "comics"],
        "interests": ["science experiments", "chess", "art club", "swimming", "coding games"],
        "joy": [
            "Playing outside with friends",
            "Stories at bedtime",
            "Helping in the kitchen",
            "Visiting the library",
            "Drawing dragons",
        ],
    },
    "es": {
        "strengths": [
            "dibujar",
            "leer cuentos",
            "fútbol",
            "matemáticas",
            "cantar",
            "bailar folklórico",
            "ayudar a sus hermanos",
        ],
        "passions": ["los animales", "los dinosaurios", "la música", "el fútbol", "los superhéroes"],
        "interests": ["experimentos", "ajedrez", "manualidades", "nadar", "la lotería"],
        "joy": [
            "Jugar en el parque con sus primos",
            "Los cuentos antes de dormir",
            "Cocinar con su abuela",
            "Ir a la biblioteca",
        ],
    },
}


@dataclass
class Person:
    name: str
    email: str
    role: str
    note: str = ""


@dataclass
class Result:
    created: bool
    families: int = 0
    caregivers: int = 0
    children: int = 0
    pending: int = 0
    logins: list[Person] = field(default_factory=list)
    invite_code: str = ""


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def _viewer(account: Account) -> Viewer:
    # The seed acts as each person, so the domain services apply their usual checks.
    return Viewer(
        account_id=account.id,
        session_id=uuid.uuid4(),
        family_id=account.family_id,
        is_platform_admin=account.is_platform_admin,
        ui_language=account.ui_language,
    )


class _Builder:
    def __init__(self, db: AsyncSession, password_hash: str) -> None:
        self.db = db
        self.password_hash = password_hash
        self.emails: set[str] = set()
        self.rng = random.Random(20240819)  # the first day of school

    def email(self, name: str) -> str:
        first, *rest = name.split()
        base = f"{_ascii(first)}.{_ascii(rest[-1]) if rest else 'family'}"
        candidate, n = base, 1
        while candidate in self.emails:
            n += 1
            candidate = f"{base}{n}"
        self.emails.add(candidate)
        return f"{candidate}@{DOMAIN}"

    async def account(
        self,
        name: str,
        *,
        family: Family | None = None,
        languages: list[str],
        ui: str,
        email: str | None = None,
        admin: bool = False,
        circle_lang: str | None = None,
        area: bool = True,
    ) -> Account:
        if family is None:
            family = Family()
            self.db.add(family)
            await self.db.flush()
        account = Account(
            email=email or self.email(name),
            password_hash=self.password_hash,
            display_name=name,
            ui_language=ui,
            family_id=family.id,
            is_platform_admin=admin,
        )
        self.db.add(account)
        await self.db.flush()
        fields: dict = {"languages": languages, "timezone": TIMEZONE}
        if circle_lang:
            pools = CIRCLES[circle_lang]
            fields |= {
                key: self.rng.sample(pools[key], k) for key, k in (("strengths", 3), ("passions", 2), ("interests", 2))
            }
        label = None
        if area:
            label, lat, lng = self.rng.choice(AREAS)
            # Somewhere within about 1.5 km of the neighbourhood centre; only the ~1 km cell is kept.
            fields |= {
                "latitude": lat + self.rng.uniform(-0.012, 0.012),
                "longitude": lng + self.rng.uniform(-0.012, 0.012),
                "show_area": self.rng.random() < 0.4,
            }
        await update_profile(self.db, _viewer(account), **fields)
        if label:
            account.home_area_label = f"{label}, Austin, TX"
        return account

    async def child(self, parent: Account, lang: str) -> None:
        pools = KID_CIRCLES[lang]
        names = ES_KIDS if lang == "es" else EN_KIDS
        await add_child(
            self.db,
            _viewer(parent),
            name=self.rng.choice(names),
            grade=self.rng.choice(GRADES),
            strengths=self.rng.sample(pools["strengths"], 2),
            passions=self.rng.sample(pools["passions"], 1),
            interests=self.rng.sample(pools["interests"], 2),
            joy=self.rng.choice(pools["joy"]),
        )

    def member(self, community: Community, account: Account, role: str, state: str, verifier: Account | None) -> None:
        verified = state == "verified"
        self.db.add(
            Membership(
                community_id=community.id,
                account_id=account.id,
                role=role,
                state=state,
                verified_at=datetime.now(UTC) if verified else None,
                verified_by_id=verifier.id if verified and verifier else None,
            )
        )


async def _invite_code(db: AsyncSession, community: Community, liaison: Account) -> str:
    """A reusable invite for newcomers: the seed's own if it is still valid, else a new one."""
    code = await db.scalar(
        select(Invite.code)
        .where(
            Invite.community_id == community.id,
            Invite.created_by_id == liaison.id,
            Invite.role == "caregiver",
            Invite.revoked_at.is_(None),
            (Invite.expires_at.is_(None)) | (Invite.expires_at > func.now() + timedelta(days=1)),
            (Invite.max_uses.is_(None)) | (Invite.uses < Invite.max_uses),
        )
        .order_by(Invite.created_at.desc())
        .limit(1)
    )
    if code:
        return code
    invite = await create_invite(
        db, _viewer(liaison), community_id=community.id, role="caregiver", expires_in_days=365, max_uses=1000
    )
    return invite.code


async def _logins(db: AsyncSession, community: Community) -> list[Person]:
    """Who to sign in as: the admin, the staff, the leader, and a few caregivers to compare views."""
    rows = (
        await db.execute(
            select(Account, Membership.role, Membership.state)
            .join(Membership, Membership.account_id == Account.id)
            .where(Membership.community_id == community.id, Account.email.like(f"%@{DOMAIN}"))
            .order_by(Account.email)
        )
    ).all()
    out: list[Person] = []
    notes = {"admin": "platform admin; creates communities", "staff": "", "leader": "parent leader"}
    rank = {"admin": 0, "staff": 1, "leader": 2}
    for account, role, _state in sorted(rows, key=lambda r: (rank.get(r[1], 3), "es" not in r[0].languages)):
        if role in notes:
            note = notes[role] or ("family liaison; verifies newcomers" if "es" in account.languages else "principal")
            out.append(Person(account.display_name, account.email, role, note))
    wanted = [
        ("speaks Spanish", lambda a, r, s: s == "verified" and r == "caregiver" and a.languages == ["es"]),
        ("speaks English", lambda a, r, s: s == "verified" and r == "caregiver" and a.languages == ["en"]),
        (
            "bilingual, shares a household",
            lambda a, r, s: (
                s == "verified"
                and r == "caregiver"
                and {"en", "es"} <= set(a.languages)
                and sum(1 for b, _, _ in rows if b.family_id == a.family_id) > 1
            ),
        ),
        ("waiting for verification", lambda a, r, s: s == "pending"),
    ]
    for note, test in wanted:
        for account, role, state in rows:
            if test(account, role, state):
                out.append(Person(account.display_name, account.email, "caregiver", note))
                break
    return out


async def reset(db: AsyncSession) -> None:
    family_ids = (await db.scalars(select(Account.family_id).where(Account.email.like(f"%@{DOMAIN}")))).all()
    await db.execute(delete(Community).where(Community.name == COMMUNITY))
    await db.execute(delete(Account).where(Account.email.like(f"%@{DOMAIN}")))
    await db.execute(delete(Family).where(Family.id.in_([f for f in family_ids if f is not None])))


async def seed(db: AsyncSession, *, reset_first: bool = False, progress=print) -> Result:
    if reset_first:
        progress("deleting the previous demo community and its accounts")
        await reset(db)
        await db.flush()
    existing = await db.scalar(select(Community).where(Community.name == COMMUNITY).limit(1))
    if existing is not None:
        result = Result(created=False, logins=await _logins(db, existing))
        liaison = await db.scalar(select(Account).where(Account.email == f"rosa.delgado@{DOMAIN}"))
        if liaison is not None:
            result.invite_code = await _invite_code(db, existing, liaison)
        return result

    b = _Builder(db, await hash_password(PASSWORD))
    result = Result(created=True)
    progress(f"creating {COMMUNITY} (Austin, TX)")
    admin = await b.account("Village Admin", email=f"admin@{DOMAIN}", languages=["en"], ui="en", admin=True, area=False)
    community = await create_community(
        db,
        _viewer(admin),
        name=COMMUNITY,
        timezone=TIMEZONE,
        languages=["en", "es"],
        description=(
            "Familias de Lincoln: families helping families. Share what you are good at, ask for what you need."
        ),
    )
    liaison = await b.account("Rosa Delgado", languages=["en", "es"], ui="es", circle_lang="es")
    principal = await b.account("Karen Whitfield", languages=["en"], ui="en", circle_lang="en")
    b.member(community, liaison, "staff", "verified", admin)
    b.member(community, principal, "staff", "verified", admin)

    rng = b.rng
    for i in range(FAMILIES):
        # Roughly a third Spanish-speaking, a third bilingual, a third English-speaking.
        group = ("es", "both", "en")[i % 3]
        if group == "en":
            surname, firsts, langs, ui, circle, kid_lang = rng.choice(EN_SURNAMES), EN_ADULTS, ["en"], "en", "en", "en"
            if i % 9 == 2:  # a few families who also speak another language at home
                langs = ["en", "vi"] if i % 2 else ["en", "ar"]
                surname, firsts = OTHER[langs[1]]
        elif group == "es":
            surname, firsts, langs, ui, circle, kid_lang = rng.choice(ES_SURNAMES), ES_ADULTS, ["es"], "es", "es", "es"
        else:
            surname, firsts = rng.choice(ES_SURNAMES), ES_ADULTS
            langs, ui = ["es", "en"], rng.choice(["en", "es"])
            circle, kid_lang = rng.choice(["en", "es"]), rng.choice(["en", "es"])
        first_name = rng.choice(firsts)
        first = await b.account(f"{first_name} {surname}", languages=langs, ui=ui, circle_lang=circle)
        caregivers = [first]
        if i % 5 == 1:  # a second caregiver in the same household
            family = await db.get(Family, first.family_id)
            other = rng.choice([n for n in firsts if n != first_name])
            second = await b.account(
                f"{other} {surname}", family=family, languages=langs, ui=ui, circle_lang=circle, area=False
            )
            second.home_cell, second.home_area_label = first.home_cell, first.home_area_label
            caregivers.append(second)
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            await b.child(first, kid_lang)
            result.children += 1
        pending = i in PENDING
        for n, account in enumerate(caregivers):
            role = "leader" if i == LEADER and n == 0 else "caregiver"
            b.member(community, account, role, "pending" if pending else "verified", liaison)
            result.pending += pending
        result.families += 1
        result.caregivers += len(caregivers)
        if (i + 1) % 10 == 0:
            progress(f"families: {i + 1}/{FAMILIES}")
    await db.flush()
    result.invite_code = await _invite_code(db, community, liaison)
    result.logins = await _logins(db, community)
    return result


async def run(settings: Settings, *, reset: bool = False) -> Result:
    from workers.context import services

    async with services(settings, pool_size=1) as s, session_scope(s.sessions) as db:
        result = await seed(db, reset_first=reset, progress=lambda m: print(f"seed: {m}", flush=True))
    if result.created:
        print(
            f"seed: {COMMUNITY}: {result.families} families, {result.caregivers} caregivers, "
            f"{result.children} children, {result.pending} memberships pending verification"
        )
    else:
        print(f"seed: {COMMUNITY} already exists; nothing added (use `village seed --reset` to start over)")
    print(f"\nDemo logins (password for all: {PASSWORD}):")
    for p in result.logins:
        print(f"  {p.email:<40} {p.role:<15} {p.name}{' — ' + p.note if p.note else ''}")
    if result.invite_code:
        print(f"\nInvite code for newcomers: {result.invite_code}")
    return result
