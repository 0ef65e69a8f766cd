"""The demo school's year before the seed's six weeks: about 180 earlier families who joined over
thirteen months and helped, drove, talked and met, so a dashboard over a year has true figures to show.

Rows are written directly (one COPY per table), never through the services: a year-old thank-you
must not notify anyone today, and the services' row-at-a-time work would make `village seed` slow.
History families' emails carry HISTORY_TAG, so the demo's own views (its logins and their notes) can
tell them from the demo families.
"""

from __future__ import annotations

import json
import random
import unicodedata
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from api import geo
from api.accounts.models import Account
from api.carpools.models import Carpool, CarpoolFamily, LedgerEntry, LedgerKind, SeatState
from api.communities.models import Community, MemberRole, Membership, MembershipState
from api.events.models import Event, Frequency, Rsvp, RsvpStatus
from api.families.models import Family
from api.groups.models import Comment, Group, GroupMember, GroupRole, Post
from api.messages.models import Conversation, Message, Participant, ParticipantState
from api.security import hash_password
from api.skills.models import Match, MatchStatus, Need, NeedStatus, Strength, _strength_terms
from village.seed import (
    AREAS,
    CIRCLES,
    DOMAIN,
    EN_ADULTS,
    EN_SURNAMES,
    ES_ADULTS,
    ES_SURNAMES,
    EXTRAS,
    HISTORY_TAG,
    OFFERS,
    OTHER,
    PASSWORD,
    TIMEZONE,
)

FAMILIES = 180
SEED = 20250818  # the first day of the previous school year
MONTHS = 13  # how far back the first of them joined
QUIET_DAYS = 8  # nothing of the history happens in the last week (the demo's own stories are there)
ISOLATED = 0.14  # families who joined and never did anything (every school has them)

# (group, languages, share): the school's home languages; the first language is the home one.
LANGUAGES = [
    ("en", ["en"], 0.55),
    ("es", ["es"], 0.20),
    ("es", ["es", "en"], 0.13),
    ("vi", ["vi", "en"], 0.07),
    ("ar", ["ar", "en"], 0.05),
]
MORE_SURNAMES = {"vi": ["Nguyen", "Tran", "Le", "Pham", "Vo"], "ar": ["Haddad", "Mansour", "Khalil", "Saleh"]}
# How many families join in each calendar month, relatively: most at the start of the school year,
# a second wave in January, few in the summer.
JOIN_WEIGHT = {1: 1.3, 2: 0.7, 3: 0.6, 4: 0.6, 5: 0.5, 6: 0.3, 7: 0.4, 8: 4.0, 9: 3.0, 10: 1.2, 11: 0.8, 12: 0.5}

# What families asked for over the year: (category, mode, English title, Spanish title).
NEEDS = [
    ("tutoring.math", "either", "Help with multiplication tables", "Ayuda con las tablas de multiplicar"),
    ("tutoring.reading", "either", "Reading practice for a first grader", "Práctica de lectura para mi hijo de 1º"),
    ("tutoring.homework", "either", "Homework help two afternoons a week", "Ayuda con la tarea dos tardes por semana"),
    ("tutoring.science", "either", "Science fair project ideas", "Ideas para el proyecto de ciencias"),
    ("languages.interpreting", "in_person", "Interpreter for a teacher conference", "Intérprete para la junta"),
    ("languages.english", "either", "Practise English conversation", "Practicar conversación en inglés"),
    ("cooking.meal_train", "in_person", "Meals for a family after surgery", "Comidas para una familia enferma"),
    ("cooking.baking", "in_person", "Cupcakes for the class party", "Pastelitos para la fiesta del salón"),
    ("trades.car_repair", "in_person", "Car won't start in the mornings", "El carro no arranca en las mañanas"),
    ("trades.home_repair", "in_person", "Fix a broken cabinet door", "Arreglar la puerta de un gabinete"),
    ("trades.sewing", "in_person", "Hem school uniform pants", "Bastilla para pantalones del uniforme"),
    ("tech.devices", "either", "Parental controls on a tablet", "Control parental en una tableta"),
    ("tech.school_apps", "either", "Help with the parent portal", "Ayuda con el portal de padres"),
    ("childcare.babysitting", "in_person", "Someone to watch the kids Saturday", "Quién cuide a los niños el sábado"),
    ("childcare.after_school", "in_person", "After-school pick-up on Thursday", "Recoger a mi hijo el jueves"),
    ("transportation.school", "in_person", "Rides to school this week", "Llevar a mi hijo a la escuela esta semana"),
    ("transportation.appointments", "in_person", "Ride to a clinic appointment", "Aventón a una cita médica"),
    ("school_system.enrollment", "either", "Enrolling our youngest in pre-K", "Inscribir al más chico en prekínder"),
    ("school_system.meetings", "in_person", "Company at a meeting with the counselor", "Acompañarme con la consejera"),
    ("immigration.paperwork", "either", "Help filling in renewal forms", "Ayuda con formularios de renovación"),
    ("health.insurance", "either", "Renewing CHIP coverage", "Renovar el seguro CHIP de los niños"),
    ("benefits.food", "either", "Applying for SNAP", "Cómo solicitar SNAP"),
    ("jobs.resume", "either", "Look over my resume", "Revisar mi currículum"),
    ("household.moving", "in_person", "Two people to help us move", "Ayuda con la mudanza el sábado"),
    ("household.lending", "in_person", "Borrow a ladder for the weekend", "Una escalera prestada el fin de semana"),
    ("emotional_support.listening", "either", "A coffee and a chat after a hard month", "Un café y platicar un rato"),
    ("events.planning", "in_person", "Hands for the fall festival booth", "Voluntarios para el puesto del festival"),
]
# Families ask in the categories that fit their lives: Spanish-speaking families more often for
# interpreting, paperwork and benefits, everyone for rides, repairs and childcare.
SPANISH_LEANING = {"languages.interpreting", "languages.english", "immigration.paperwork", "benefits.food"}
CLOSING = {
    "en": ["Thank you!", "Any help is appreciated.", "Happy to return the favour.", "We are flexible on times."],
    "es": ["¡Gracias!", "Cualquier ayuda se agradece.", "Con gusto les devuelvo el favor.", "Tengo horario flexible."],
}
OFFER = {
    "en": ["I can help with that.", "Happy to! This weekend?", "I've done this before, let's talk."],
    "es": ["Yo le puedo ayudar.", "¡Con gusto! ¿Este fin de semana?", "Ya lo he hecho antes, platicamos."],
}
THANKS = {
    "en": ["Thank you so much!", "You made our week.", "We couldn't have done it without you.", "Thanks, neighbour!"],
    "es": ["¡Mil gracias!", "Nos salvó la semana.", "Gracias de corazón.", "¡Muchas gracias, vecina!"],
}

GROUPS = [
    ("Mamás de Lincoln", ["es"], "both", "open", None, "Mamás que se apoyan: tareas, recetas y planes."),
    ("Kindergarten families", ["en", "es"], "both", "open", "K", "Families new to Lincoln's kinder classes."),
    ("Lincoln garden crew / Huerto", ["en", "es"], "in_person", "open", None, "Saturday mornings in the garden."),
    ("Running parents", ["en"], "in_person", "open", None, "A slow 5k after drop-off, Tuesdays and Fridays."),
    ("Familias recién llegadas / Newcomers", ["es", "en"], "both", "open", None, "For families new to Austin."),
    ("Grade 5: on to middle school", ["en", "es"], "virtual", "open", "5", "Choosing and preparing for middle school."),
    ("Familias del fútbol", ["es", "en"], "in_person", "open", None, "Partidos, uniformes y aventones."),
    ("Grown-ups' book club", ["en"], "both", "request", None, "One book a month, any pace."),
    ("Cocina y recetas", ["es"], "virtual", "open", None, "Recetas fáciles y baratas para entre semana."),
    ("Parents in tech / Padres en tecnología", ["en", "es"], "virtual", "request", None, "Jobs, classes, advice."),
]
POSTS = {
    "en": [
        "Who's going to the fall festival this year?",
        "Does anyone have a spare pack of glue sticks? The class ran out.",
        "Reminder: early release on Friday.",
        "Great turnout on Saturday, thank you all!",
        "Any tips for getting kids to bed earlier after the holidays?",
        "Sharing a free museum day for families this month.",
        "Who has a good recipe for a class potluck?",
        "Our next meet-up is the first Saturday of the month.",
    ],
    "es": [
        "¿Quién va a ir al festival de otoño este año?",
        "¿Alguien tiene pegamento de sobra? Al salón se le acabó.",
        "Recuerden: el viernes salen temprano.",
        "¡Gracias a todas por venir el sábado!",
        "¿Algún consejo para que los niños se duerman temprano?",
        "Comparto un día gratis en el museo para familias.",
        "¿Quién tiene una buena receta para el convivio?",
        "Nos vemos el primer sábado del mes.",
    ],
}
COMMENTS = {
    "en": ["Count us in!", "Thanks for sharing.", "We have some, I'll bring them.", "Great idea.", "See you there!"],
    "es": ["¡Ahí estaremos!", "Gracias por compartir.", "Yo tengo, mañana lo llevo.", "Buena idea.", "¡Nos vemos!"],
}
CHAT = {
    "en": [
        "Hi! Thanks again for the other day.",
        "Of course, any time.",
        "Are you going to the game on Saturday?",
        "Yes, we'll be there around 9.",
        "Great, see you then!",
        "Could the kids play after school on Friday?",
    ],
    "es": [
        "¡Hola! Gracias otra vez por lo del otro día.",
        "De nada, cuando quieras.",
        "¿Van a ir al partido el sábado?",
        "Sí, llegamos como a las 9.",
        "¡Perfecto, ahí nos vemos!",
        "¿Pueden jugar los niños el viernes después de la escuela?",
    ],
}
# (title, place, local start hour, hours): past one-off gatherings, the school's and the groups'.
EVENTS = [
    ("Back-to-school picnic / Picnic de regreso a clases", "Lincoln Elementary field", 17, 2),
    ("Fall festival / Festival de otoño", "Lincoln Elementary", 16, 3),
    ("Día de los Muertos altar", "Lincoln Elementary library", 15, 2),
    ("Lotería night / Noche de lotería", "Lincoln Elementary cafeteria", 18, 2),
    ("Winter concert / Concierto de invierno", "Lincoln Elementary gym", 18, 1),
    ("Science night / Noche de ciencias", "Lincoln Elementary cafeteria", 18, 2),
    ("Garden workday / Día del huerto", "Lincoln school garden", 9, 3),
    ("Spring book fair / Feria del libro", "Lincoln Elementary library", 15, 3),
    ("Field day volunteers / Día deportivo", "Lincoln Elementary field", 8, 4),
    ("Coffee with the principal / Café con la directora", "Lincoln Elementary cafeteria", 8, 1),
    ("Family movie night / Noche de película", "Lincoln Elementary gym", 18, 2),
    ("Fifth-grade farewell / Despedida de 5º", "Lincoln Elementary gym", 17, 2),
    ("Park playdate / Juegos en el parque", "Roy G. Guerrero Park", 10, 2),
    ("Clothing swap / Intercambio de ropa", "Lincoln Elementary cafeteria", 10, 2),
    ("Tamalada", "Lincoln Elementary cafeteria", 10, 4),
]
CARPOOLS = [
    ("Saturday soccer", "Riverside fields", "team", [(5, "to", time(8, 30)), (5, "from", time(10, 30))]),
    ("Tuesday swim lessons", "Montopolis pool", "team", [(1, "to", time(16, 30))]),
    ("Wednesday choir", "St. Ignatius hall", "team", [(2, "to", time(17, 0)), (2, "from", time(18, 15))]),
    ("Friday school run", "Lincoln Elementary", "school", [(4, "to", time(7, 45))]),
    ("Thursday folklórico", "Mexic-Arte Museum", "team", [(3, "to", time(17, 30))]),
    ("Saturday library trip", "Ruiz Branch Library", "event", [(5, "to", time(10, 0))]),
    ("Monday chess club", "Terrazas Library", "team", [(0, "to", time(16, 0)), (0, "from", time(17, 30))]),
    ("Sunday swim team", "Big Stacy pool", "team", [(6, "to", time(9, 0))]),
]


@dataclass
class _Family:
    id: uuid.UUID
    group: str  # the home language's group: en, es, vi or ar
    langs: list[str]
    joined: datetime
    home: tuple[str, str, float, float]  # cell, label, lat, lng
    active: bool
    caregivers: list[uuid.UUID] = field(default_factory=list)
    strengths: list[tuple[uuid.UUID, str, str]] = field(default_factory=list)  # id, category, title

    @property
    def lang(self) -> str:
        """The language they write in."""
        return "es" if self.group == "es" else "en"


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace(" ", "")


def _id(rng: random.Random) -> uuid.UUID:
    # From the seed's random stream, so every reset rebuilds the same rows with the same ids.
    return uuid.UUID(int=rng.getrandbits(128), version=4)


class _History:
    def __init__(self, community: Community, now: datetime, password_hash: str, admin_id: uuid.UUID | None) -> None:
        self.community = community
        # Dated from the start of today at the school, not from this very second: the year's months
        # are calendar months, and a story measured from both would change from one run to the next.
        zone = ZoneInfo(TIMEZONE)
        self.today = datetime.combine(now.astimezone(zone).date(), time(), zone)  # its first moment
        self.last = self.today - timedelta(days=QUIET_DAYS)  # nothing of the history after this
        self.first = self.today - timedelta(days=30.5 * MONTHS)
        self.rng = random.Random(SEED)
        self.password_hash = password_hash
        self.admin_id = admin_id
        self.emails: set[str] = set()
        self.count = FAMILIES
        self.families: list[_Family] = []
        self.account_family: dict[uuid.UUID, _Family] = {}
        self.rows: dict[type, list[dict]] = defaultdict(list)
        self.ties: set[tuple[uuid.UUID, uuid.UUID]] = set()  # account pairs who have a reason to talk

    def at(self, lo: datetime, hi: datetime) -> datetime:
        """A moment between lo and hi (hi when the span is empty)."""
        span = (hi - lo).total_seconds()
        return hi if span <= 0 else lo + timedelta(seconds=self.rng.uniform(0, span))

    def tie(self, a: uuid.UUID, b: uuid.UUID) -> None:
        self.ties.add((min(a, b), max(a, b)))

    # --- people -----------------------------------------------------------------------------------

    def join_dates(self, n: int) -> list[datetime]:
        """n join dates over the window, month by month as JOIN_WEIGHT says, sorted."""
        zone = ZoneInfo(TIMEZONE)
        last = self.today - timedelta(days=45)  # the demo's own families came after
        months: list[tuple[datetime, datetime]] = []
        day = self.first.astimezone(zone).date().replace(day=1)
        while datetime.combine(day, time(), zone) < last:
            nxt = (day + timedelta(days=32)).replace(day=1)
            lo = max(datetime.combine(day, time(), zone), self.first)
            hi = min(datetime.combine(nxt, time(), zone), last)
            months.append((lo, hi))
            day = nxt
        weights = [JOIN_WEIGHT[lo.astimezone(zone).month] * (hi - lo).days for lo, hi in months]
        # Every month gets at least one family; the rest follow the weights.
        picks = list(months) + self.rng.choices(months, weights, k=n - len(months))
        return sorted(self.at(lo, hi) for lo, hi in picks)

    def email(self, first: str, surname: str) -> str:
        base = f"{_ascii(first)}.{_ascii(surname)}"
        candidate, n = base, 1
        while candidate in self.emails:
            n += 1
            candidate = f"{base}{n}"
        self.emails.add(candidate)
        return f"{candidate}{HISTORY_TAG}@{DOMAIN}"

    def people(self) -> None:
        rng = self.rng
        n = self.count
        kinds = [k for k, (_, _, share) in enumerate(LANGUAGES) for _ in range(round(share * n))]
        kinds = (kinds + [0] * n)[:n]
        rng.shuffle(kinds)
        leaders = set(rng.sample(range(20), 3))  # parent leaders from among the first to join
        for i, (kind, joined) in enumerate(zip(kinds, self.join_dates(n), strict=True)):
            group, langs, _ = LANGUAGES[kind]
            if group == "es":
                firsts, surname = ES_ADULTS, rng.choice(ES_SURNAMES)
            elif group == "en":
                firsts, surname = EN_ADULTS, rng.choice(EN_SURNAMES)
            else:
                firsts, surname = OTHER[group][1], rng.choice(MORE_SURNAMES[group])
            label, lat, lng = rng.choice(AREAS)
            cell = geo.coarse_cell(lat + rng.uniform(-0.012, 0.012), lng + rng.uniform(-0.012, 0.012))
            clat, clng = geo.cell_center(cell)
            fam = _Family(_id(rng), group, list(langs), joined, (cell, f"{label}, Austin, TX", clat, clng), True)
            fam.active = i in leaders or rng.random() >= ISOLATED
            self.families.append(fam)
            self.rows[Family].append({"id": fam.id, "created_at": joined - timedelta(minutes=15)})
            names = [rng.choice(firsts)]
            if rng.random() < 0.15:  # a second caregiver of the household, a few days later
                names.append(rng.choice([n for n in firsts if n != names[0]]))
            ui = "es" if group == "es" and (langs == ["es"] or rng.random() < 0.6) else "en"
            circle = CIRCLES["es" if group == "es" else "en"]
            show_area = rng.random() < 0.4
            for k, name in enumerate(names):
                account_id, when = _id(rng), joined + timedelta(days=3 * k)
                fam.caregivers.append(account_id)
                self.account_family[account_id] = fam
                self.rows[Account].append(
                    {
                        "id": account_id,
                        "email": self.email(name, surname),
                        "password_hash": self.password_hash,
                        "display_name": f"{name} {surname}",
                        "languages": list(langs),
                        "ui_language": ui,
                        "timezone": TIMEZONE,
                        "home_cell": cell,
                        "home_area_label": fam.home[1],
                        "home_lat": clat,
                        "home_lng": clng,
                        "strengths": rng.sample(circle["strengths"], 3),
                        "passions": rng.sample(circle["passions"], 2),
                        "interests": rng.sample(circle["interests"], 2),
                        "listed_in_directory": False,
                        "show_area": show_area,
                        "family_id": fam.id,
                        "password_changed_at": when - timedelta(minutes=15),
                        "created_at": when - timedelta(minutes=15),
                    }
                )
                self.rows[Membership].append(
                    {
                        "id": _id(rng),
                        "community_id": self.community.id,
                        "account_id": account_id,
                        "role": MemberRole.LEADER if i in leaders and k == 0 else MemberRole.CAREGIVER,
                        "state": MembershipState.VERIFIED,
                        "verified_at": when + timedelta(hours=rng.uniform(2, 40)),
                        "verified_by_id": self.admin_id,
                        "join_note": "",
                        "created_at": when,
                    }
                )

    def strengths(self) -> None:
        """What about 70 % of them offer, from the seed's catalogue in their own language."""
        rng = self.rng
        for fam in self.families:
            if rng.random() >= 0.7:
                continue
            lang = fam.lang
            catalogue = list(OFFERS[lang].values()) + EXTRAS[lang]
            account_id = fam.caregivers[0]
            for category, title, description, modes in rng.sample(catalogue, rng.choice((1, 1, 2, 2, 3))):
                at = min(fam.joined + timedelta(days=rng.uniform(0.1, 20)), self.last)
                strength_id = _id(rng)
                fam.strengths.append((strength_id, category, title))
                self.rows[Strength].append(
                    {
                        "id": strength_id,
                        "account_id": account_id,
                        "category_slug": category,
                        "title": title,
                        "description": description,
                        "languages": list(fam.langs),
                        "modes": list(modes),
                        "created_at": at,
                        "updated_at": at,
                    }
                )

    # --- helping each other -----------------------------------------------------------------------

    def helper_for(self, fam: _Family, need_lang: str, posted: datetime, category: str) -> _Family | None:
        """Who answered: mostly someone of the same language group, often someone who has a strength
        for it, sometimes the family they helped before (help runs both ways); a Spanish need only by
        a Spanish speaker."""
        rng = self.rng
        pool = [
            f
            for f in self.families
            if f.active and f is not fam and f.joined < posted and (need_lang != "es" or "es" in f.langs)
        ]
        if not pool:
            return None
        owed = [f for f in pool if (fam.id, f.id) in self.helped]
        if owed and rng.random() < 0.25:
            return rng.choice(owed)
        same = rng.random() < 0.7
        grouped = [f for f in pool if (f.group == fam.group) == same] or pool
        root = category.split(".")[0]
        skilled = [f for f in grouped if any(c.split(".")[0] == root for _, c, _ in f.strengths)]
        return rng.choice(skilled if skilled and rng.random() < 0.6 else grouped)

    def needs(self, n: int) -> int:
        """n needs over the year, each posted by an active family after it joined; about 60 % met by
        another family, some declined first, the rest closed. None is left open."""
        rng = self.rng
        self.helped: set[tuple[uuid.UUID, uuid.UUID]] = set()  # (helper family, helped family)
        active = [f for f in self.families if f.active]
        # Some families ask a lot, most a little.
        weights = [rng.choice((1, 1, 1, 2, 2, 3, 5)) for _ in active]
        posts = []
        for _ in range(n):
            fam = rng.choices(active, weights)[0]
            posts.append((self.at(fam.joined + timedelta(days=2), self.last - timedelta(days=2)), fam))
        met = 0
        choices = list(range(len(NEEDS)))
        spanish = {c for c in choices if NEEDS[c][0] in SPANISH_LEANING}
        for posted, fam in sorted(posts, key=lambda p: p[0]):
            pick = rng.choices(choices, [3 if (c in spanish) == (fam.group == "es") else 1 for c in choices])[0]
            category, mode, en_title, es_title = NEEDS[pick]
            # Bilingual Spanish-speaking families write some of their needs in English.
            need_lang = "es" if fam.group == "es" and (fam.langs == ["es"] or rng.random() < 0.5) else "en"
            title = es_title if need_lang == "es" else en_title
            # A household's second caregiver joined a few days after the first.
            requester = rng.choice(fam.caregivers) if posted > fam.joined + timedelta(days=4) else fam.caregivers[0]
            need_id = _id(rng)
            cell, label, lat, lng = fam.home
            need = {
                "id": need_id,
                "community_id": self.community.id,
                "requester_id": requester,
                "category_slug": category,
                "title": title,
                "description": rng.choice(CLOSING[need_lang]),
                "mode": mode,
                "urgency": rng.choice(("low", "normal", "normal", "normal", "high")),
                "language": need_lang,
                "area_cell": cell,
                "area_label": label,
                "area_lat": lat,
                "area_lng": lng,
                "area_from_home": True,
                "matches_computed_at": posted + timedelta(minutes=3),
                "created_at": posted,
            }
            outcome = rng.random()
            helper = self.helper_for(fam, need_lang, posted, category)
            taken: set[uuid.UUID] = set()
            end = posted + timedelta(days=rng.uniform(3, 20))
            if helper is not None and outcome < 0.16:  # the first one asked said no
                self.match(need, fam, helper, posted, MatchStatus.DECLINED)
                taken.add(helper.id)
                helper = self.helper_for(fam, need_lang, posted, category)
                outcome = rng.random() * 0.9  # often someone else did
            if helper is not None and helper.id not in taken and outcome < 0.62:
                end = self.match(need, fam, helper, posted, MatchStatus.COMPLETED)
                taken.add(helper.id)
                self.helped.add((helper.id, fam.id))
                need["status"] = NeedStatus.MET
                met += 1
            else:
                need["status"] = NeedStatus.CLOSED
                end = min(end, self.last)
            # The suggestions nobody took up expired with the need.
            for other in rng.sample(active, 2):
                if other is not fam and other.id not in taken and other.joined < posted:
                    taken.add(other.id)
                    self.match(need, fam, other, posted, MatchStatus.EXPIRED, end=end)
            need["updated_at"] = end
            self.rows[Need].append(need)
        return met

    def match(
        self,
        need: dict,
        fam: _Family,
        helper: _Family,
        posted: datetime,
        status: MatchStatus,
        *,
        end: datetime | None = None,
    ) -> datetime:
        rng = self.rng
        lang = need["language"]
        root = need["category_slug"].split(".")[0]
        strength = next((s for s in helper.strengths if s[1].split(".")[0] == root), None)
        reasons: list[dict] = []
        if lang in helper.langs:
            reasons.append({"code": "speaks", "language": lang})
        reasons.append({"code": "listed", "title": strength[2] if strength else need["title"]})
        if lang not in helper.langs:
            reasons.append({"code": "other_language", "language": lang})
        responded = completed = thanks = None
        message = ""
        suggested = posted + timedelta(minutes=3)
        if status == MatchStatus.COMPLETED:
            responded = posted + timedelta(hours=rng.uniform(3, 40))
            completed = min(posted + timedelta(days=rng.uniform(1, 14)), self.last)
            completed = max(completed, responded + timedelta(hours=1))
            message = rng.choice(OFFER[helper.lang])
            thanks = rng.choice(THANKS[lang]) if rng.random() < 0.7 else None
            end = completed
        elif status == MatchStatus.DECLINED:
            responded = end = posted + timedelta(hours=rng.uniform(4, 30))
            message = rng.choice(OFFER[fam.lang])
        helper_id = helper.caregivers[0]
        if status in (MatchStatus.COMPLETED, MatchStatus.DECLINED):
            self.tie(helper_id, need["requester_id"])
        self.rows[Match].append(
            {
                "id": _id(rng),
                "community_id": self.community.id,
                "need_id": need["id"],
                "strength_id": strength[0] if strength else None,
                "helper_id": helper_id,
                "requester_id": need["requester_id"],
                "score": round(rng.uniform(0.35, 0.95), 3),
                "reasons": reasons,
                "status": status,
                "message": message,
                "thanks": thanks,
                "responded_at": responded,
                "completed_at": completed,
                "created_at": suggested,
                "updated_at": end or suggested,
            }
        )
        return end or suggested

    # --- carpools, groups, events -----------------------------------------------------------------

    def carpools(self) -> None:
        """Weekly runs that lasted a few months and are over (two called off early), with the drives
        on their ledgers, taken in turn."""
        rng, zone = self.rng, ZoneInfo(TIMEZONE)
        today = self.today.astimezone(zone).date()
        by_area: dict[str, list[_Family]] = defaultdict(list)
        for f in self.families:
            if f.active:
                by_area[f.home[1]].append(f)
        for n, (title, destination, purpose, legs) in enumerate(CARPOOLS):
            weeks = rng.randint(8, 16)
            latest = (today - timedelta(days=14 + 7 * weeks)).toordinal()
            earliest = (today - timedelta(days=330)).toordinal()
            starts_on = date.fromordinal(rng.randint(earliest, max(earliest, latest)))
            ends_on = starts_on + timedelta(weeks=weeks)
            start_at = datetime.combine(starts_on, time(), zone)
            area = [f for f in rng.choice(list(by_area.values())) if f.joined < start_at - timedelta(days=5)]
            if len(area) < 3:
                area = [f for f in self.families if f.active and f.joined < start_at - timedelta(days=5)]
            families = rng.sample(area, min(len(area), rng.randint(3, 5)))
            if len(families) < 3:
                continue
            organiser = families[0]
            cancelled = n in (2, 6)
            last_day = starts_on + timedelta(weeks=weeks // 2) if cancelled else ends_on
            carpool_id, created = _id(rng), start_at - timedelta(days=rng.uniform(3, 10))
            keys = [f"{d}:{direction}:every" for d, direction, _ in legs]
            seats = rng.randint(4, 6)
            self.rows[Carpool].append(
                {
                    "id": carpool_id,
                    "community_id": self.community.id,
                    "organiser_id": organiser.caregivers[0],
                    "title": title,
                    "destination": destination,
                    "purpose": purpose,
                    "notes": "",
                    "timezone": TIMEZONE,
                    "legs": [
                        {"weekday": d, "direction": direction, "at": at.isoformat("minutes"), "weeks": "every"}
                        for d, direction, at in legs
                    ],
                    "starts_on": starts_on,
                    "ends_on": ends_on,
                    "skipped": [],
                    "weekdays": sum(1 << d for d in {d for d, _, _ in legs}),
                    "seats": seats,
                    "seats_free": max(0, seats - len(families)),
                    "pickup_cell": organiser.home[0],
                    "pickup_lat": organiser.home[2],
                    "pickup_lng": organiser.home[3],
                    "pickup_label": organiser.home[1],
                    "pickup_details": "",
                    "trips_until": last_day,
                    "cancelled_at": datetime.combine(last_day, time(20), zone) if cancelled else None,
                    "created_at": created,
                    "updated_at": created,
                }
            )
            drivers = [f for f in families if rng.random() < 0.85] or families[:1]
            for k, f in enumerate(families):
                asked = created + timedelta(hours=6 * k)
                self.rows[CarpoolFamily].append(
                    {
                        "id": _id(rng),
                        "carpool_id": carpool_id,
                        "community_id": self.community.id,
                        "family_id": f.id,
                        "account_id": f.caregivers[0],
                        "state": SeatState.APPROVED,
                        "organiser": k == 0,
                        "can_drive": f in drivers,
                        "legs": keys,
                        "note": "",
                        "contact": "",
                        "decided_by_id": organiser.caregivers[0],
                        "decided_at": asked,
                        "created_at": asked,
                        "updated_at": asked,
                    }
                )
                for g in families[:k]:
                    self.tie(f.caregivers[0], g.caregivers[0])
            turn = 0
            day = starts_on
            while day <= last_day and datetime.combine(day, time(), zone) < self.last:
                for weekday, _, at in legs:
                    if day.weekday() == weekday and rng.random() < 0.9:  # a week off now and then
                        driver = drivers[turn % len(drivers)]
                        turn += 1
                        self.rows[LedgerEntry].append(
                            {
                                "carpool_id": carpool_id,
                                "community_id": self.community.id,
                                "kind": LedgerKind.DRIVE,
                                "family_id": driver.id,
                                "riding": [f.id for f in families],
                                "drives_num": 0,
                                "drives_den": 1,
                                "note": "",
                                "created_at": datetime.combine(day, at, zone),
                            }
                        )
                day += timedelta(days=1)

    def groups(self) -> list[tuple[uuid.UUID, uuid.UUID, list[_Family], datetime]]:
        """Small groups with a leader, members joining over time, and their posts and comments."""
        rng = self.rng
        made = []
        for name, languages, mode, visibility, grade, purpose in GROUPS:
            speakers = [f for f in self.families if f.active and set(f.langs) & set(languages)]
            created = self.at(self.first + timedelta(days=20), self.today - timedelta(days=150))
            early = [f for f in speakers if f.joined < created]
            if not early:
                continue
            leader = rng.choice(early)
            others = [f for f in speakers if f is not leader]
            members = [leader, *rng.sample(others, min(len(others), rng.randint(5, 13)))]
            group_id = _id(rng)
            self.rows[Group].append(
                {
                    "id": group_id,
                    "community_id": self.community.id,
                    "name": name,
                    "purpose": purpose,
                    "languages": languages,
                    "grade_band": grade,
                    "mode": mode,
                    "visibility": visibility,
                    "hidden": False,
                    "join_question": "What brings you here?" if visibility == "request" else "",
                    "created_by_id": leader.caregivers[0],
                    "created_at": created,
                }
            )
            joined_at = {}
            for k, f in enumerate(members):
                at = created if k == 0 else self.at(max(created, f.joined), self.today - timedelta(days=60))
                joined_at[f.id] = at
                self.rows[GroupMember].append(
                    {
                        "id": _id(rng),
                        "group_id": group_id,
                        "community_id": self.community.id,
                        "account_id": f.caregivers[0],
                        "role": GroupRole.LEADER if k == 0 else GroupRole.MEMBER,
                        "state": "member",
                        "join_answer": "",
                        "created_at": at,
                        "decided_at": at if visibility == "request" and k else None,
                        "decided_by_id": leader.caregivers[0] if visibility == "request" and k else None,
                        "notify": "instant",
                        "digest_after": at,
                    }
                )
            for _ in range(rng.randint(5, 10)):
                posted = self.at(created + timedelta(days=1), self.last)
                authors = [f for f in members if joined_at[f.id] < posted] or [leader]
                author = rng.choice(authors)
                lang = author.lang if author.lang in languages else languages[0]
                post_id = _id(rng)
                self.rows[Post].append(
                    {
                        "id": post_id,
                        "group_id": group_id,
                        "community_id": self.community.id,
                        "author_id": author.caregivers[0],
                        "body": rng.choice(POSTS[lang]),
                        "link": None,
                        "pinned_at": None,
                        "hidden_at": None,
                        "hidden_reason": "",
                        "client_id": None,
                        "created_at": posted,
                    }
                )
                for k in range(rng.randint(0, 3)):
                    who = rng.choice(authors)
                    reply_lang = who.lang if who.lang in languages else lang
                    self.rows[Comment].append(
                        {
                            "id": _id(rng),
                            "post_id": post_id,
                            "group_id": group_id,
                            "community_id": self.community.id,
                            "author_id": who.caregivers[0],
                            "body": rng.choice(COMMENTS[reply_lang]),
                            "hidden_at": None,
                            "hidden_reason": "",
                            "client_id": None,
                            "created_at": min(posted + timedelta(hours=2 + 5 * k), self.last),
                        }
                    )
            for a in members:
                for b in members[:5]:
                    if a is not b:
                        self.tie(a.caregivers[0], b.caregivers[0])
            made.append((group_id, leader.caregivers[0], members, created))
        return made

    def events(self, groups: list[tuple[uuid.UUID, uuid.UUID, list[_Family], datetime]]) -> None:
        """One-off gatherings over the year, the school's and some of the groups', with the families
        who said they were going."""
        rng, zone = self.rng, ZoneInfo(TIMEZONE)
        leaders = [(r["account_id"], r["created_at"]) for r in self.rows[Membership] if r["role"] == MemberRole.LEADER]
        for n in range(25):
            title, place, hour, hours = EVENTS[n % len(EVENTS)]
            local_day = self.at(self.first + timedelta(days=30), self.last - timedelta(days=2)).astimezone(zone).date()
            starts_local = datetime.combine(local_day, time(hour))
            starts = starts_local.replace(tzinfo=zone).astimezone(UTC)
            created_at = starts - timedelta(days=rng.uniform(7, 21))
            # The school's events are made by a parent leader who was there by then, else the admin.
            there = [a for a, joined in leaders if joined < created_at]
            group_id, creator, invited = None, rng.choice(there) if there else self.admin_id, None
            if n % 3 == 2 and groups:
                gid, leader, members, created = rng.choice(groups)
                if created < created_at:
                    group_id, creator, invited = gid, leader, [f for f in members if f.joined < created_at]
            event_id = _id(rng)
            self.rows[Event].append(
                {
                    "id": event_id,
                    "community_id": self.community.id,
                    "group_id": group_id,
                    "created_by_id": creator,
                    "title": title,
                    "description": "",
                    "place_name": place,
                    "area_cell": None,
                    "area_label": None,
                    "virtual_link": None,
                    "timezone": TIMEZONE,
                    "starts_local": starts_local,
                    "duration_minutes": 60 * hours,
                    "frequency": Frequency.NONE,
                    "interval": 1,
                    "until": None,
                    "capacity": None,
                    "first_starts_at": starts,
                    "last_ends_at": starts + timedelta(hours=hours),
                    "cancelled_at": None,
                    "created_at": created_at,
                    "updated_at": created_at,
                }
            )
            pool = invited or [f for f in self.families if f.active and f.joined < created_at]
            for f in rng.sample(pool, min(len(pool), rng.randint(4, 20))):
                said = self.at(max(created_at, f.joined), starts - timedelta(hours=3))
                self.rows[Rsvp].append(
                    {
                        "id": _id(rng),
                        "event_id": event_id,
                        "community_id": self.community.id,
                        "occurrence": None,
                        "party_key": f.id,
                        "account_id": f.caregivers[0],
                        "guest_name": None,
                        "recorded_by_id": None,
                        "status": RsvpStatus.GOING,
                        "adults": rng.choice((1, 1, 2)),
                        "children": rng.choice((1, 1, 2, 3)),
                        "waitlisted_at": None,
                        "created_at": said,
                        "updated_at": said,
                    }
                )

    # --- messages ---------------------------------------------------------------------------------

    def conversations(self, n: int) -> None:
        """Direct conversations: mostly between families tied by a match, a carpool or a group (some
        never answered), a few between families who simply met; messages take turns over days."""
        rng = self.rng
        tied = sorted(self.ties)
        rng.shuffle(tied)
        pairs = tied[: int(n * 0.85)]
        active = [a for a, f in self.account_family.items() if f.active]
        seen = set(pairs)
        while len(pairs) < n:
            a, b = rng.sample(active, 2)
            key = (min(a, b), max(a, b))
            if key not in seen and self.account_family[a] is not self.account_family[b]:
                seen.add(key)
                pairs.append(key)
        for a, b in pairs:
            fa, fb = self.account_family[a], self.account_family[b]
            if fa is fb:
                continue
            starter, other = (a, b) if rng.random() < 0.5 else (b, a)
            lang = "es" if "es" in fa.langs and "es" in fb.langs and rng.random() < 0.85 else "en"
            begun = self.at(max(fa.joined, fb.joined) + timedelta(days=4), self.last - timedelta(days=1))
            is_tied = (a, b) in self.ties
            one_sided = is_tied and rng.random() < 0.15
            count = 1 if one_sided else rng.randint(2, 6)
            conversation_id, at = _id(rng), begun
            for k in range(count):
                self.rows[Message].append(
                    {
                        "id": _id(rng),
                        "conversation_id": conversation_id,
                        "community_id": self.community.id,
                        "sender_id": starter if k % 2 == 0 else other,
                        "body": CHAT[lang][k % len(CHAT[lang])],
                        "language": lang,
                        "created_at": at,
                        "removed_at": None,
                    }
                )
                replied = at
                at = min(at + timedelta(hours=rng.uniform(0.5, 30)), self.last)
            self.rows[Conversation].append(
                {
                    "id": conversation_id,
                    "community_id": self.community.id,
                    "title": "",
                    "pair_key": ":".join(sorted((str(a), str(b)))),
                    "created_by_id": starter,
                    "created_at": begun,
                }
            )
            # No shared match, carpool or group: it began as a message request, accepted by replying.
            first_reply = next(
                (m["created_at"] for m in self.rows[Message][-count:] if m["sender_id"] == other), replied
            )
            for who in (starter, other):
                self.rows[Participant].append(
                    {
                        "conversation_id": conversation_id,
                        "community_id": self.community.id,
                        "account_id": who,
                        "state": ParticipantState.ACTIVE,
                        "joined_at": begun,
                        "decided_at": first_reply if who == other and not is_tied else None,
                    }
                )

    def analyse_strengths(self) -> None:
        """The words matching reads from each strength, as the model's before-insert hook finds them
        (a Core insert skips the hook); the catalogue repeats, so each text is analysed once."""
        seen: dict[tuple, tuple[dict, float]] = {}
        for row in self.rows[Strength]:
            key = (row["title"], row["description"], row["languages"][0])
            if key not in seen:
                probe = Strength(title=row["title"], description=row["description"], languages=row["languages"])
                _strength_terms(None, None, probe)
                seen[key] = (probe.terms, probe.term_length, probe.said, probe.grade_low, probe.grade_high)
            row["terms"], row["term_length"], row["said"], row["grade_low"], row["grade_high"] = seen[key]

    async def write(self, db: AsyncSession) -> None:
        """Every table in a few multi-row INSERTs, parents first. The postings triggers index the
        strengths for matching as they go in (after the memberships, which they join)."""
        self.analyse_strengths()
        await db.flush()  # the demo's own rows first: COPY goes around the session
        for model in (Family, Account, Membership, Strength, Need, Match, Carpool, CarpoolFamily, LedgerEntry):
            await _insert(db, model, self.rows[model])
        for model in (Group, GroupMember, Post, Comment, Event, Rsvp, Conversation, Participant):
            await _insert(db, model, self.rows[model])
        # In time order, so message order numbers (seq) follow the story; then each conversation's
        # last message and everyone's read position (a year on, all of it has been read).
        await _insert(db, Message, sorted(self.rows[Message], key=lambda m: m["created_at"]))
        ids = [c["id"] for c in self.rows[Conversation]]
        last = (
            select(
                Message.conversation_id,
                func.max(Message.seq).label("seq"),
                func.max(Message.created_at).label("at"),
            )
            .where(Message.conversation_id.in_(ids))
            .group_by(Message.conversation_id)
            .subquery()
        )
        await db.execute(
            update(Conversation)
            .where(Conversation.id == last.c.conversation_id)
            .values(last_seq=last.c.seq, last_message_at=last.c.at)
        )
        await db.execute(
            update(Participant).where(Participant.conversation_id == last.c.conversation_id).values(read_seq=last.c.seq)
        )


async def _insert(db: AsyncSession, model: type, rows: list[dict]) -> None:
    """The rows by COPY, in the session's transaction: a few milliseconds where SQLAlchemy's INSERTs
    of the same rows took seconds (it renders every parameter). Row triggers fire as for an INSERT;
    omitted columns take their server defaults (identities included)."""
    if not rows:
        return
    table = model.__table__
    columns = [table.c[key] for key in rows[0]]
    jsonb = [isinstance(c.type, JSONB) for c in columns]
    records = [
        tuple(
            json.dumps(value, ensure_ascii=False) if is_json else str(value) if isinstance(value, StrEnum) else value
            for value, is_json in zip(row.values(), jsonb, strict=True)
        )
        for row in rows
    ]
    connection = await (await db.connection()).get_raw_connection()
    await connection.driver_connection.copy_records_to_table(
        table.name, records=records, columns=[c.name for c in columns]
    )


async def add_history(db: AsyncSession, community: Community, now: datetime, families: int = FAMILIES) -> int:
    """Add the year of earlier families and their activity to the demo community; the community's
    creation (and its admin's arrival) move back to before the first of them. Returns how many
    history families were added. `families` other than the demo's 180 (bench/insights.py) scales the
    needs and conversations with it."""
    admin = await db.scalar(
        select(Membership).where(Membership.community_id == community.id, Membership.role == MemberRole.ADMIN)
    )
    # The demo's password, hashed once already for the demo's accounts (hashing is slow on purpose).
    password_hash = (
        await db.scalar(select(Account.password_hash).where(Account.id == admin.account_id)) if admin else None
    )
    h = _History(community, now, password_hash or await hash_password(PASSWORD), admin.account_id if admin else None)
    h.count = families
    h.people()
    h.strengths()
    h.needs(350 * families // FAMILIES)
    h.carpools()
    made = h.groups()
    h.events(made)
    h.conversations(200 * families // FAMILIES)
    await h.write(db)
    founded = min(f.joined for f in h.families) - timedelta(days=2)
    await db.execute(update(Community).where(Community.id == community.id).values(created_at=founded))
    if admin is not None:
        await db.execute(
            update(Membership).where(Membership.id == admin.id).values(created_at=founded, verified_at=founded)
        )
        account = await db.get(Account, admin.account_id)
        await db.execute(
            update(Account).where(Account.id == admin.account_id).values(created_at=founded - timedelta(minutes=15))
        )
        if account is not None and account.family_id is not None:
            await db.execute(
                update(Family).where(Family.id == account.family_id).values(created_at=founded - timedelta(minutes=15))
            )
    return len(h.families)
