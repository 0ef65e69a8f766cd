"""`village seed`: a demo school community to click through. Lincoln Elementary (Austin, TX) with
about forty families: English and Spanish speakers, strength circles for caregivers and children,
approximate home areas, two staff members, a parent leader and a platform admin, and six weeks of
use: offered strengths in both languages, needs with matches at every stage (suggested, offered,
requested, accepted, completed with a thank-you), the notifications all that caused, newcomers
waiting for verification with a note to the school, and a report for staff to review. Before those
six weeks, a year of about 180 earlier families (seed_history.py), so the staff's month-by-month
figures have something true to show.

The six weeks are done as the people themselves would do them, through the domain services (joining with
an invite code, staff verifying, posting a need, offering help...), then backdated so the history
reads like weeks of use. Matching runs as the worker runs it; the outbox events are dispatched
here, in this process, so a seeded database shows notifications without a worker (nothing is
pushed: no queue is given to the jobs).

Idempotent: when the demo community exists nothing is added (`--reset` deletes it and its accounts
first). The data comes from a fixed random seed, so every reset yields the same community.
"""

from __future__ import annotations

import asyncio
import random
import unicodedata
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from api.accounts.models import Account
from api.accounts.service import update_profile
from api.actor import Viewer
from api.communities.models import Community, Invite, Membership, MembershipState
from api.communities.service import STAFF_ROLES, create_community, create_invite, join_community, verify_member
from api.config import Settings
from api.db import session_scope
from api.events import service as events
from api.families.models import Child, Family
from api.families.service import add_child
from api.groups import service as groups
from api.groups.models import Comment as GroupComment
from api.groups.models import Group, GroupMember
from api.groups.models import Post as GroupPost
from api.insights import service as insights
from api.notifications.feed import unread_count
from api.notifications.models import Notification
from api.outbox.jobs import dispatch_outbox, follow_up_outbox
from api.outbox.models import OutboxEvent
from api.outbox.service import take_emitted
from api.safety.models import Report
from api.safety.service import list_reports, report
from api.security import hash_password
from api.skills import matching
from api.skills.models import Match, MatchStatus, Need, NeedStatus, Strength
from api.skills.service import (
    NeedFilter,
    Slot,
    add_strength,
    complete_match,
    list_needs,
    offer_help,
    post_need,
    request_help,
    respond_to_match,
    suggested_matches,
)
from api.skills.terms import add_term as add_matching_term

COMMUNITY = "Lincoln Elementary"
DOMAIN = "lincoln.example.org"  # every demo account's email ends with it (how --reset finds them)
# The earlier families' emails (seed_history.py) end with HISTORY_TAG@DOMAIN: they are the school's
# past, shown on its dashboards, not people to sign in as, so the demo's logins leave them out.
HISTORY_TAG = "+history"
HISTORY_EMAILS = f"%{HISTORY_TAG}@{DOMAIN}"
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

# What people offer: each circle strength above as a Strength that matching can use (category,
# title, description, modes), written in the person's own language.
BOTH, IN_PERSON, VIRTUAL = ("in_person", "virtual"), ("in_person",), ("virtual",)
OFFERS: dict[str, dict[str, tuple[str, str, str, tuple[str, ...]]]] = {
    "en": {
        "math tutoring": (
            "tutoring.math",
            "Math tutoring, K–5",
            "Times tables, fractions, word problems. Patient with kids who say they hate math.",
            BOTH,
        ),
        "cooking for big groups": (
            "cooking.meal_train",
            "Cooking for a family who needs a hand",
            "A big pot of chili or a lasagna for a family going through a hard week.",
            IN_PERSON,
        ),
        "car repair": (
            "trades.car_repair",
            "Basic car repair",
            "Oil changes, brakes, check-engine lights. I can take a look in your driveway.",
            IN_PERSON,
        ),
        "fixing computers": (
            "tech.devices",
            "Fixing computers and phones",
            "Slow laptops, school Chromebooks, Wi-Fi trouble, parental controls.",
            BOTH,
        ),
        "coaching soccer": (
            "sports.coaching",
            "Soccer coaching",
            "I coach U8 soccer and can run drills or help a new team get started.",
            IN_PERSON,
        ),
        "piano lessons": (
            "arts.music",
            "Beginner piano lessons",
            "First songs and reading music, for beginners of any age.",
            BOTH,
        ),
        "resume writing": (
            "jobs.resume",
            "Resume and job-search help",
            "I review resumes and practise interviews with you, in person or on video.",
            BOTH,
        ),
        "helping with the IEP process": (
            "school_system.iep",
            "Help with the IEP and ARD process",
            "Our son has an IEP. I can explain the steps, read the paperwork with you and come to the meeting.",
            BOTH,
        ),
        "navigating health insurance": (
            "health.insurance",
            "Understanding Medicaid, CHIP and health insurance",
            "I worked at a clinic front desk for years and can help with forms and renewals.",
            BOTH,
        ),
        "carpentry": (
            "trades.home_repair",
            "Carpentry and small repairs",
            "Shelves, sticky doors, loose railings. I have the tools.",
            IN_PERSON,
        ),
        "bike repair": ("trades", "Bike tune-ups", "Flat tires, brakes, chains, training wheels.", IN_PERSON),
        "photography": (
            "events.photography",
            "Photos at school events",
            "I bring my camera to school events and share the photos with the families.",
            IN_PERSON,
        ),
        "baking": ("cooking.baking", "Baking", "Cupcakes for class parties, cookies for bake sales.", IN_PERSON),
        "filling out school forms": (
            "school_system.enrollment",
            "Help with school forms",
            "Enrollment, the free lunch application, the parent portal.",
            BOTH,
        ),
        "gardening": (
            "trades.gardening",
            "Gardening",
            "Vegetable beds and composting; I help with the school garden on Saturdays.",
            IN_PERSON,
        ),
    },
    "es": {
        "clases de matemáticas": (
            "tutoring.math",
            "Clases de matemáticas",
            "Tablas de multiplicar, fracciones y problemas, en español y con paciencia.",
            BOTH,
        ),
        "cocina mexicana": (
            "cooking.meals",
            "Cocina mexicana casera",
            "Tamales, caldo o arroz para una familia que esté pasando una semana difícil.",
            IN_PERSON,
        ),
        "costura": (
            "trades.sewing",
            "Costura y arreglos",
            "Bastillas, uniformes y disfraces para los festivales de la escuela.",
            IN_PERSON,
        ),
        "reparación de autos": (
            "trades.car_repair",
            "Mecánica básica",
            "Cambio de aceite, frenos, la luz de check engine.",
            IN_PERSON,
        ),
        "jardinería": ("trades.gardening", "Jardinería", "Huertos, plantas y árboles frutales.", IN_PERSON),
        "traducción inglés–español": (
            "languages.interpreting",
            "Interpretación y traducción inglés–español",
            "Acompaño a juntas con maestros o a citas médicas para interpretar, y traduzco cartas de la escuela.",
            BOTH,
        ),
        "cuidado de niños": (
            "childcare.babysitting",
            "Cuidado de niños",
            "Cuido niños en mi casa algunas tardes y los fines de semana.",
            IN_PERSON,
        ),
        "trámites de inmigración": (
            "immigration.paperwork",
            "Ayuda con trámites de inmigración",
            "No doy asesoría legal, pero sé llenar formularios y dónde hay ayuda legal gratuita en Austin.",
            BOTH,
        ),
        "entrenar fútbol": ("sports.coaching", "Entrenar fútbol", "Entreno fútbol infantil los sábados.", IN_PERSON),
        "peinados y trenzas": (
            "arts",
            "Peinados y trenzas",
            "Peinados para bailables, fotos escolares y fiestas.",
            IN_PERSON,
        ),
        "plomería": (
            "trades.home_repair",
            "Plomería",
            "Llaves que gotean, drenajes tapados, boilers.",
            IN_PERSON,
        ),
        "electricidad": (
            "trades.home_repair",
            "Electricidad básica",
            "Contactos, lámparas y ventiladores de techo.",
            IN_PERSON,
        ),
        "repostería": (
            "cooking.baking",
            "Repostería",
            "Pasteles, pan dulce y galletas para fiestas y ventas escolares.",
            IN_PERSON,
        ),
        "manualidades": ("arts.crafts", "Manualidades", "Piñatas, decoraciones y proyectos escolares.", IN_PERSON),
    },
}
# Strengths beyond the circles, handed out in turn, so that every kind of need has someone to match.
EXTRAS: dict[str, list[tuple[str, str, str, tuple[str, ...]]]] = {
    "en": [
        (
            "transportation.school",
            "Rides to school",
            "I drive to Lincoln every morning and have two spare seats.",
            IN_PERSON,
        ),
        ("emotional_support.listening", "A listening ear", "Coffee and a chat for any parent who needs one.", BOTH),
        (
            "tutoring.reading",
            "Reading with early readers",
            "I volunteer in the school library and love reading with kids in K–2.",
            BOTH,
        ),
        (
            "benefits.food",
            "Help with SNAP and free lunch forms",
            "I have helped a few families apply and am happy to sit down with you.",
            BOTH,
        ),
    ],
    "es": [
        (
            "transportation.school",
            "Llevar niños a la escuela",
            "Llevo a mis hijos a Lincoln todas las mañanas y me sobran lugares en el carro.",
            IN_PERSON,
        ),
        ("emotional_support.listening", "Escuchar y acompañar", "Un café y una plática para quien lo necesite.", BOTH),
        (
            "benefits.food",
            "Solicitudes de SNAP, WIC y almuerzo gratis",
            "Ayudo a llenar las solicitudes y sé qué papeles piden.",
            BOTH,
        ),
        (
            "languages.spanish",
            "Práctica de español",
            "Platico en español con familias que lo están aprendiendo.",
            VIRTUAL,
        ),
    ],
}
# When people are free (day 0 = Monday, the school's time); some never say.
# Words the demo school's liaison added to its matching table (api/skills/terms.py): what families
# at Lincoln call things, beside the built-in English-Spanish concepts.
MATCHING_WORDS = [
    ("pta", "es", "APM"),
    ("homework", "es", "planas"),
    ("lincoln_garden", "en", "Lincoln garden"),
    ("lincoln_garden", "es", "huerto de Lincoln"),
]

WEEKLY: list[list[tuple[int, str, str]]] = [
    [(1, "18:00", "20:00"), (3, "18:00", "20:00")],
    [(5, "09:00", "12:00")],
    [(0, "15:30", "18:00"), (2, "15:30", "18:00")],
    [(6, "14:00", "17:00")],
    [(4, "08:00", "11:00"), (5, "08:00", "12:00")],
    [],
]


@dataclass(frozen=True)
class Story:
    """A need and what happened to it. `steps` are (action, helper) in order, the helper being the
    rank among the need's suggested helpers (those who speak its language first); actions are the
    helper's `offer`, the family's `request`, the other side's `accept` or `decline`, and the
    family's `complete` (with `thanks`, when given)."""

    lang: str
    category: str
    title: str
    description: str
    days_ago: float
    steps: tuple[tuple[str, int], ...] = ()
    mode: str = "either"
    urgency: str = "normal"
    postal_code: str | None = None  # posted for a place; otherwise the family's home area
    window: tuple[int, str, str] | None = None  # the next such weekday, from, to (school's time)
    offer: str = ""  # the helper's message
    ask: str = ""  # the family's message to the helper they ask
    thanks: str | None = None
    report: str | None = None  # a neighbour reports the need to staff with these words


# The helper answers within the day; a completed match is marked done a few days after it was agreed.
STEP_HOURS = {"offer": 5, "request": 4, "decline": 14, "accept": 20, "complete": 96}
DONE = (("offer", 0), ("accept", 0), ("complete", 0))
STORIES: list[Story] = [
    Story(
        "es",
        "tutoring.math",
        "Ayuda con fracciones para 4º grado",
        "Mi hija está batallando con las fracciones y yo no sé explicarlas como se las enseñan aquí. "
        "¿Alguien podría repasar con ella una hora a la semana?",
        26,
        DONE,
        offer="¡Con gusto! Le ayudo a mi sobrino con lo mismo. ¿Les quedan bien los martes después de las 6?",
        thanks="¡Mil gracias! Mi hija sacó 90 en su examen de fracciones y ahora dice que le gustan las matemáticas.",
    ),
    Story(
        "en",
        "trades.car_repair",
        "Check-engine light on our minivan",
        "The light came on last week and the shop wants $120 just to look. Could someone who knows cars "
        "take a quick look in our driveway?",
        24,
        DONE,
        mode="in_person",
        urgency="high",
        offer="I can swing by Saturday morning with my code reader.",
        thanks="Thank you so much! It was a loose gas cap and a cheap sensor. You saved us a week of worry.",
    ),
    Story(
        "es",
        "languages.interpreting",
        "Intérprete para una junta con la maestra",
        "Tengo junta con la maestra de mi hijo y no hablo mucho inglés. ¿Alguien me puede acompañar "
        "para interpretar? Es media hora.",
        21,
        (("request", 0), ("accept", 0), ("complete", 0)),
        mode="in_person",
        postal_code="78704",
        ask="Hola, vi que usted interpreta. ¿Me podría acompañar el jueves a las 3:30?",
        thanks="Gracias por acompañarme a la junta. Por fin entendí cómo va mi hijo y qué puedo hacer en casa.",
    ),
    Story(
        "en",
        "tech.devices",
        "School Chromebook won't connect to home Wi-Fi",
        "My son's Chromebook stopped connecting at home and his homework is all online. We have tried "
        "restarting everything.",
        19,
        DONE,
        offer="Happy to help, it is usually a setting. I can video call tonight or stop by.",
        thanks="Fixed in ten minutes, and now I know how to do it myself. Thank you!",
    ),
    Story(
        "es",
        "cooking.meal_train",
        "Comidas para una familia con bebés recién nacidos",
        "Mi vecina acaba de tener gemelos y estamos organizando comidas para su familia por dos semanas. "
        "¿Quién puede cocinar una cena?",
        17,
        DONE,
        mode="in_person",
        offer="Yo les llevo una olla de caldo de pollo y tortillas el miércoles.",
    ),
    Story(
        "en",
        "school_system.iep",
        "Our first ARD meeting is coming up",
        "Our daughter was referred for special education testing and the first ARD meeting is in two "
        "weeks. I would love to talk with a parent who has been through it.",
        9,
        (("offer", 0), ("accept", 0)),
        offer="We went through three ARD meetings last year. Coffee this week? I will bring my notes.",
    ),
    Story(
        "es",
        "trades.sewing",
        "Disfraz para el desfile de otoño",
        "Mi hijo quiere ir de mariposa monarca en el desfile de la escuela. Tengo la tela pero no sé coser.",
        7,
        (("request", 1), ("decline", 1), ("offer", 0), ("accept", 0)),
        mode="in_person",
        ask="Hola, ¿me podría ayudar con el disfraz? Yo pongo la tela y el café.",
        offer="Me encanta coser disfraces. Tráigame la tela el sábado y lo hacemos juntos.",
    ),
    Story(
        "en",
        "emotional_support.listening",
        "New in town, would love a coffee",
        "We moved to Austin in August and I don't know many people yet. I would love to meet another "
        "parent for coffee after drop-off.",
        4.5,
        mode="in_person",
        urgency="low",
    ),
    Story(
        "en",
        "tutoring.reading",
        "Reading buddy for a first grader",
        "My son is a little behind in reading. Looking for someone to read with him twice a week after "
        "school, in person or on video.",
        4,
        (("request", 0),),
        ask="Hi! Would you have time to read with him on Tuesdays and Thursdays after school?",
    ),
    Story(
        "es",
        "immigration.paperwork",
        "Ayuda para llenar formularios de inmigración",
        "Tengo que renovar unos documentos y me confundo con las preguntas en inglés. Busco a alguien "
        "con experiencia, con discreción.",
        3,
        (("request", 0),),
        ask="Buenas tardes. Vi que usted conoce estos trámites. ¿Tendría una hora esta semana?",
    ),
    Story(
        "en",
        "health.insurance",
        "Renewing our CHIP coverage",
        "We got a letter that the kids' CHIP coverage needs renewing and the forms are confusing. Has "
        "anyone done this recently?",
        2.5,
    ),
    Story(
        "en",
        "trades.home_repair",
        "Leaky kitchen faucet",
        "Our kitchen faucet drips all night. I bought the replacement cartridge but have no idea how to install it.",
        2,
        (("offer", 0),),
        mode="in_person",
        offer="I can do that in twenty minutes. Saturday morning?",
    ),
    Story(
        "en",
        "childcare.after_school",
        "Paid nanny wanted, three afternoons a week",
        "Looking for a reliable nanny Mon/Wed/Fri 3–6 pm, $15/hr, references required. Message me.",
        2,
        mode="in_person",
        report="This reads like a job ad for a paid nanny. I thought Village was for families helping each "
        "other, is this allowed?",
    ),
    Story(
        "es",
        "childcare.babysitting",
        "Cuidar a mis hijos el sábado en la mañana",
        "Tengo que trabajar este sábado de 8 a 12 y mi mamá está fuera. Son dos niños, de 5 y 7 años, muy tranquilos.",
        1.5,
        (("offer", 0),),
        mode="in_person",
        window=(5, "08:00", "12:00"),
        offer="Yo los puedo cuidar. Tengo niños de la misma edad y pueden jugar juntos.",
    ),
    Story(
        "es",
        "benefits.food",
        "Cómo pedir el almuerzo gratis",
        "Perdí mi trabajo el mes pasado. ¿Alguien sabe cómo pedir el almuerzo gratis o reducido para mis hijos?",
        1.2,
    ),
    Story(
        "en",
        "arts.music",
        "Beginner piano for a third grader",
        "Our daughter found an old keyboard and wants to learn a few songs. A friendly first lesson or two "
        "would be wonderful.",
        1,
        urgency="low",
    ),
    Story(
        "es",
        "sports.coaching",
        "Entrenador para el equipo de fútbol de las niñas",
        "Las niñas de 3º y 4º quieren un equipo para la liga de primavera, pero nos falta quien entrene los sábados.",
        0.8,
        mode="in_person",
    ),
    Story(
        "es",
        "transportation.school",
        "Llevar a mi hijo a la escuela esta semana",
        "Mi carro está en el taller hasta el viernes. Vivimos en Montopolis. ¿Alguien pasa cerca y puede "
        "llevar a mi hijo por las mañanas?",
        0.5,
        mode="in_person",
        urgency="high",
        postal_code="78741",
        window=(4, "07:15", "07:45"),
    ),
]

# What newcomers write to the school when they join with the invite code ({child}, {grade}: theirs);
# a household's second caregiver says so.
JOIN_NOTES = {
    "es": [
        "Nos acabamos de mudar de Monterrey. {child} entra a {grade}.",
        "Cuido a {child} ({grade}) por las tardes mientras sus papás trabajan.",
        "Llegamos de Guatemala en octubre. {child} está en {grade}.",
    ],
    "en": [
        "We just moved from Houston; {child} is in {grade}.",
        "Grandma here! I pick {child} ({grade}) up most days.",
        "Transferred from Zavala Elementary this month; {child} is in {grade}.",
    ],
}
SECOND_NOTES = {
    "es": "Soy de la misma familia que {parent}; {child} está en {grade}.",
    "en": "Same household as {parent}; {child} is in {grade}.",
}
GRADE_NAMES = {
    "es": {"PK": "prekínder", "K": "kínder", **{g: f"{g}º grado" for g in "12345"}},
    "en": {"PK": "pre-K", "K": "kindergarten", **{g: f"grade {g}" for g in "12345"}},
}

# The school's first weeks: the community was set up six weeks ago and most families joined in its
# first fortnight; the ones waiting for verification joined in the last few days.
COMMUNITY_AGE_DAYS = 42

# The demo's peer groups: (what, who runs it, how one joins) and a few weeks of their conversation.
GROUPS = [
    {
        "name": "Familias de 3er grado / Grade 3 families",
        "purpose": "Families of third graders, in Spanish and English: homework tips, field trips, rides, "
        "and getting to know each other. / Familias de tercer grado: tareas, excursiones, aventones y conocernos.",
        "languages": ["es", "en"],
        "grade_band": "3",
        "mode": "both",
        "visibility": "open",
        "by": "leader",
        "lang": "es",
        "age_days": 30,
        "members": 12,
        "posts": [
            (
                "es",
                "¡Bienvenidos! Este es nuestro grupo para familias de 3er grado. Preséntense: ¿quiénes son "
                "y qué les gusta hacer en familia? / Welcome! Introduce yourselves.",
                ["¡Hola! Somos los García, nos encanta cocinar.", "Hi! We love the library on Saturdays."],
            ),
            (
                "en",
                "Does anyone have tips for the multiplication tables? My daughter is struggling with the 7s.",
                [
                    "We sing them in the car, it works!",
                    "Flash cards at breakfast, five minutes a day.",
                    "Yo le enseño con canciones en español.",
                ],
            ),
            (
                "es",
                "La excursión al museo es el viernes. ¿Alguien puede acompañar como voluntario?",
                ["Yo puedo ir.", "I can drive two kids."],
            ),
        ],
    },
    {
        "name": "Dads' Saturday breakfast",
        "purpose": "Dads, granddads and uncles: breakfast at the taquería on Oltorf the first Saturday of "
        "the month. Kids welcome.",
        "languages": ["en", "es"],
        "mode": "in_person",
        "visibility": "request",
        "join_question": "Which grade are your kids in?",
        "answer": {"en": "Second and fourth grade.", "es": "Segundo y cuarto grado."},
        "by": "leader",
        "lang": "en",
        "age_days": 21,
        "members": 6,
        "posts": [
            (
                "en",
                "First Saturday is this week: 8:30 at the taquería. Bring the kids!",
                ["See you there.", "Allí estaremos."],
            ),
        ],
    },
    {
        "name": "Kinship & foster families",
        "purpose": "Grandparents, aunts, uncles and foster parents raising children: a quiet space to share "
        "what works, run by the family liaison.",
        "languages": ["en", "es"],
        "mode": "virtual",
        "visibility": "invite",
        "hidden": True,
        "by": "liaison",
        "lang": "en",
        "age_days": 14,
        "members": 3,
        "posts": [
            (
                "en",
                "Welcome. What is said here stays here. Our first video call is Thursday at 7pm.",
                ["Thank you for starting this."],
            ),
        ],
    },
]
JOINED_FROM_DAYS, JOINED_TO_DAYS = 40, 28
READ_AFTER = timedelta(days=5)  # notifications older than this have been read


@dataclass
class Person:
    """A demo login: who it is, and what they see when they sign in (worked out from the data)."""

    name: str
    email: str
    role: str
    note: str = ""
    kind: str = ""  # the view this login is for: "speaks Spanish", "family liaison"...


@dataclass
class Result:
    created: bool
    families: int = 0
    caregivers: int = 0
    children: int = 0
    pending: int = 0
    history_families: int = 0  # the earlier families (seed_history.py), besides the `families` above
    strengths: int = 0
    needs: int = 0
    matches: dict[str, int] = field(default_factory=dict)  # by status
    thanks: int = 0
    notifications: int = 0
    open_reports: int = 0
    logins: list[Person] = field(default_factory=list)
    invite_code: str = ""


# Conversations after a match was agreed: the family writes first, then they take turns.
THREAD = {
    "en": [
        (
            "Thank you so much for offering to help! When would work for you?",
            "Happy to! Would Tuesday after school work?",
            "Tuesday is perfect. See you at the front gate at 3:15.",
        ),
        (
            "Hi! Thanks for saying yes. Is the library OK to meet?",
            "The library works. I'll bring some worksheets we can use.",
            "Great, thank you. My son is excited.",
        ),
    ],
    "es": [
        (
            "¡Muchas gracias por ofrecer tu ayuda! ¿Cuándo te viene bien?",
            "¡Con mucho gusto! ¿Te sirve el martes después de la escuela?",
            "El martes es perfecto. Nos vemos en la entrada a las 3:15.",
        ),
        (
            "¡Hola! Gracias por aceptar. ¿Nos vemos en la biblioteca?",
            "Sí, la biblioteca está bien. Llevo unas hojas de práctica.",
            "Perfecto, muchas gracias. Mi hija está muy contenta.",
        ),
    ],
}
BOOK_FAIR = {
    "en": (
        "Hi all! The book fair needs three volunteers on Friday morning. Could any of you help for an hour?",
        "I can come from 8 to 9!",
    ),
    "es": (
        "¡Hola a todos! La feria del libro necesita tres voluntarios el viernes por la mañana. "
        "¿Alguien puede ayudar una hora?",
        "¡Yo puedo de 8 a 9!",
    ),
}
REQUEST = {
    "en": "Hi, I saw you lead the grade 3 group. Could you tell me how the homework club works?",
    "es": "Hola, vi que organizas el grupo de tercer grado. ¿Me puedes contar cómo funciona el club de tareas?",
}


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


@dataclass
class _Member:
    account: Account
    lang: str  # the language they write in (their strength circle's)
    joined: datetime
    role: str = "caregiver"
    verified: datetime | None = None


class _Builder:
    def __init__(self, db: AsyncSession, password_hash: str, now: datetime) -> None:
        self.db = db
        self.password_hash = password_hash
        self.now = now
        self.emails: set[str] = set()
        self.rng = random.Random(20240819)  # the first day of school: the people
        self.story_rng = random.Random(20241104)  # what they offer and ask for (a stream of its own)
        self.members: list[_Member] = []
        self.homes: dict[uuid.UUID, tuple[str, float, float, bool]] = {}  # family → its area
        self.kids: dict[uuid.UUID, list[Child]] = {}  # family → its children
        # When each outbox event happened in the story (its notifications are dated so), and the
        # timestamps to write over the services' "now" once everything is done.
        self.when: dict[int, datetime] = {}
        self.stamps: dict[tuple[Any, uuid.UUID], dict[str, datetime]] = {}

    def ago(self, days: float) -> datetime:
        return self.now - timedelta(days=days)

    def happened(self, at: datetime) -> None:
        """The outbox events emitted since the last call happened at `at`."""
        for event_id in take_emitted(self.db):
            self.when[event_id] = at

    def stamp(self, model: Any, row_id: uuid.UUID, **columns: datetime) -> None:
        self.stamps.setdefault((model.__table__, row_id), {}).update(columns)

    async def backdate(self) -> None:
        """Write the story's timestamps (Core updates: the ORM's onupdate would put "now" back)."""
        await self.db.flush()
        groups: dict[tuple[Any, tuple[str, ...]], list[dict]] = {}
        for (table, row_id), columns in self.stamps.items():
            rows = groups.setdefault((table, tuple(sorted(columns))), [])
            rows.append({"b_id": row_id, **{f"b_{k}": v for k, v in columns.items()}})
        for (table, columns), rows in groups.items():
            stmt = (
                table.update().where(table.c.id == bindparam("b_id")).values({c: bindparam(f"b_{c}") for c in columns})
            )
            await self.db.execute(stmt, rows)

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
        joined: datetime,
        family: Family | None = None,
        languages: list[str],
        ui: str,
        email: str | None = None,
        admin: bool = False,
        circle_lang: str | None = None,
        home: tuple[str, float, float, bool] | None = None,
    ) -> Account:
        """An account with its profile; its home area is `home` (a household shares one), else
        somewhere around one of the neighbourhoods."""
        if family is None:
            family = Family()
            self.db.add(family)
            await self.db.flush()
            self.stamp(Family, family.id, created_at=joined - timedelta(minutes=15))
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
        if home is None:
            label, lat, lng = self.rng.choice(AREAS)
            # Somewhere within about 1.5 km of the neighbourhood centre; only the ~1 km cell is kept.
            lat, lng = lat + self.rng.uniform(-0.012, 0.012), lng + self.rng.uniform(-0.012, 0.012)
            home = (label, lat, lng, self.rng.random() < 0.4)
        self.homes.setdefault(family.id, home)
        label, lat, lng, show = home
        await update_profile(self.db, _viewer(account), latitude=lat, longitude=lng, show_area=show, **fields)
        account.home_area_label = f"{label}, Austin, TX"
        self.stamp(Account, account.id, created_at=joined - timedelta(minutes=15))
        return account

    async def child(self, parent: Account, lang: str, joined: datetime) -> None:
        pools = KID_CIRCLES[lang]
        names = ES_KIDS if lang == "es" else EN_KIDS
        child = await add_child(
            self.db,
            _viewer(parent),
            name=self.rng.choice(names),
            grade=self.rng.choice(GRADES),
            strengths=self.rng.sample(pools["strengths"], 2),
            passions=self.rng.sample(pools["passions"], 1),
            interests=self.rng.sample(pools["interests"], 2),
            joy=self.rng.choice(pools["joy"]),
        )
        self.kids.setdefault(parent.family_id, []).append(child)
        self.stamp(Child, child.id, created_at=joined + timedelta(minutes=10))

    async def join(
        self, member: _Member, code: str, *, verifier: Account | None, note: str | None = None
    ) -> Membership:
        """Join with an invite code, as in the app; `verifier` (staff) lets them in a few hours later."""
        m = await join_community(self.db, _viewer(member.account), invite_code=code, note=note)
        self.stamp(Membership, m.id, created_at=member.joined)
        if verifier is not None:
            member.verified = member.joined + timedelta(hours=self.story_rng.uniform(1, 20))
            await verify_member(self.db, _viewer(verifier), membership_id=m.id)
            self.happened(member.verified)
            self.stamp(Membership, m.id, verified_at=member.verified)
        self.members.append(member)
        return m

    def join_note(self, member: _Member, n: int, first: Account | None) -> str:
        """What they write to the school: the n-th note of their language, or, for a household's
        second caregiver, that they share `first`'s household."""
        kids = self.kids.get(member.account.family_id)
        if not kids:
            return ""
        lang = member.account.ui_language if member.account.ui_language in JOIN_NOTES else "en"
        template = SECOND_NOTES[lang] if first is not None else JOIN_NOTES[lang][n % len(JOIN_NOTES[lang])]
        parent = first.display_name if first is not None else ""
        return template.format(child=kids[0].name, grade=GRADE_NAMES[lang][kids[0].grade], parent=parent)

    async def groups(self, community: Community, liaison: Account) -> None:
        """Peer groups as a school's would be a few weeks in: a bilingual grade group run by the parent
        leader, a breakfast group that takes members on request (one family still waiting, with
        their answer), and a hidden group for kinship carers the liaison runs; with posts, a pinned
        welcome, comments in both languages, and the notifications they set off."""
        rng = self.story_rng
        verified = [m for m in self.members if m.verified is not None and m.role != "staff"]
        leader = next(m for m in self.members if m.role == "leader")
        for spec in GROUPS:
            owner = leader.account if spec["by"] == "leader" else liaison
            at = self.ago(spec["age_days"])
            g = await groups.create_group(
                self.db,
                _viewer(owner),
                community_id=community.id,
                fields=groups.GroupFields(
                    **{k: v for k, v in spec.items() if k in groups.GroupFields.__dataclass_fields__}
                ),
            )
            self.stamp(Group, g.id, created_at=at)
            own = await self.db.scalar(select(GroupMember).where(GroupMember.group_id == g.id))
            self.stamp(GroupMember, own.id, created_at=at)
            speakers = [m for m in verified if m.account is not owner and spec["lang"] in (m.account.languages or [])]
            joiners = rng.sample(speakers, min(spec["members"], len(speakers)))
            for i, m in enumerate(joiners):
                when = at + timedelta(hours=6 + 10 * i)
                if spec["visibility"] == "invite":
                    row = await groups.invite_to_group(self.db, _viewer(owner), group_id=g.id, account_id=m.account.id)
                    await groups.join_group(self.db, _viewer(m.account), group_id=g.id, answer=None)
                else:
                    answer = spec.get("answer", {}).get(m.lang) if spec["visibility"] == "request" else None
                    row = await groups.join_group(self.db, _viewer(m.account), group_id=g.id, answer=answer)
                    if spec["visibility"] == "request":
                        self.happened(when)
                        row = await groups.decide_join_request(
                            self.db, _viewer(owner), membership_id=row.id, approve=True
                        )
                self.happened(when)
                self.stamp(GroupMember, row.id, created_at=when)
            if spec["visibility"] == "request":  # someone still waiting for the leader
                waiting = next((m for m in speakers if m not in joiners), None)
                if waiting is not None:
                    row = await groups.join_group(
                        self.db, _viewer(waiting.account), group_id=g.id, answer=spec["answer"][waiting.lang]
                    )
                    self.happened(self.ago(0.5))
                    self.stamp(GroupMember, row.id, created_at=self.ago(0.5))
            authors = [owner, *(m.account for m in joiners)]
            for n, (post_lang, body, replies) in enumerate(spec["posts"]):
                when = at + timedelta(days=1 + n * spec["age_days"] / (len(spec["posts"]) + 1))
                author = owner if n == 0 else rng.choice(authors[1:] or authors)
                post = await groups.create_post(
                    self.db, _viewer(author), group_id=g.id, body=body, link=None, client_id=None
                )
                self.happened(when)
                self.stamp(GroupPost, post.id, created_at=when)
                if n == 0:
                    await groups.pin_post(self.db, _viewer(owner), post_id=post.id, pinned=True)
                for k, reply in enumerate(replies):
                    who = rng.choice([a for a in authors if a is not author] or authors)
                    comment = await groups.add_comment(
                        self.db, _viewer(who), post_id=post.id, body=reply, client_id=None
                    )
                    self.happened(when + timedelta(hours=2 + 3 * k))
                    self.stamp(GroupComment, comment.id, created_at=when + timedelta(hours=2 + 3 * k))
                del post_lang

    async def carpools(self, community: Community) -> None:
        """The parent leader's weekday school run (there at 7:45, back at 3:15) with three more
        families, three weeks of it already driven (so the ledger has a history), one family that
        walks the children in on Fridays instead of driving (credited on the ledger), a child not
        riding one trip, a swap the leader is asked to take, and a seat request waiting for the
        leader; and another family's Saturday soccer run with seats free, to find under "near me"."""
        from api.carpools import service as carpools

        today = self.now.astimezone(ZoneInfo(TIMEZONE)).date()
        leader = next(m.account for m in self.members if m.role == "leader")
        others = [
            m.account
            for m in self.members
            if m.verified is not None
            and m.role == "caregiver"
            and self.kids.get(m.account.family_id)
            and m.account.family_id != leader.family_id
            and m.account.home_cell
        ]
        if len(others) < 6 or not self.kids.get(leader.family_id):
            return
        seen: set[uuid.UUID] = set()
        families = [a for a in others if not (a.family_id in seen or seen.add(a.family_id))]
        riders, walker, asker, coach, soccer_kid = families[:2], families[2], families[3], families[4], families[5]

        def legs(days, *pairs) -> list:
            return [carpools.LegInput(d, direction, at) for d in days for direction, at in pairs]

        def kid_ids(a: Account, n: int = 2) -> list[uuid.UUID]:
            return [c.id for c in self.kids[a.family_id][:n]]

        run = await carpools.create_carpool(
            self.db,
            _viewer(leader),
            community_id=community.id,
            title="Lincoln school run",
            destination="Lincoln Elementary",
            purpose="school",
            notes="Weekday mornings and afternoons. Car seats for the little ones stay in each car.",
            legs=legs(range(5), ("to", time(7, 45)), ("from", time(15, 15))),
            starts_on=today - timedelta(days=21),
            ends_on=date(today.year + (today.month > 6), 6, 5),
            skipped=[today + timedelta(days=d) for d in (22, 23)],
            seats=6,
            postal_code=None,
            pickup_details="In front of the library on Oak St, by the bike racks",
            child_ids=kid_ids(leader),
            contact="512-555-0142",
        )
        for a, drives in ((riders[0], True), (riders[1], True), (walker, False)):
            row = await carpools.request_seat(
                self.db,
                _viewer(a),
                carpool_id=run.id,
                child_ids=kid_ids(a, 1),
                legs=None,
                can_drive=drives,
                note="",
                contact="",
            )
            await carpools.decide_seat_request(self.db, _viewer(leader), request_id=row.id, approve=True)
            self.happened(self.ago(21))
        # Three weeks already driven: the trips since the first day, drivers as the ledger proposed.
        run.trips_until = None
        await carpools.generate_trips(self.db, run, today=run.starts_on)
        await carpools.plan_drivers(self.db, run)
        await carpools.settle_trips(self.db, run, self.now)
        await carpools.generate_trips(self.db, run)
        walker_family = walker.family_id
        await carpools.credit_help(
            self.db,
            _viewer(leader),
            carpool_id=run.id,
            family_id=walker_family,
            drives=2,
            note="Walks the children in on Fridays",
        )
        upcoming = [t for t in await carpools._upcoming(self.db, run.id) if t.starts_at > self.now + timedelta(days=1)]
        theirs = next((t for t in upcoming if t.driver_family_id == riders[0].family_id), None)
        mine = next((t for t in upcoming[3:] if t.driver_family_id == leader.family_id), None)
        if theirs is not None:
            await carpools.request_swap(
                self.db,
                _viewer(riders[0]),
                trip_id=theirs.id,
                to_family_id=leader.family_id,
                return_trip_id=mine.id if mine else None,
                note="Dentist that morning. I can take one of yours!",
            )
        # The leader drives a trip one of the children will not ride ("one less rider").
        lighter = next((t for t in reversed(upcoming) if t.driver_family_id == leader.family_id), None)
        if lighter is not None:
            await carpools.set_riding(
                self.db, _viewer(riders[1]), trip_id=lighter.id, child_ids=kid_ids(riders[1], 1), riding=False
            )
        self.happened(self.ago(0.3))
        await carpools.request_seat(
            self.db,
            _viewer(asker),
            carpool_id=run.id,
            child_ids=kid_ids(asker, 1),
            legs=None,
            can_drive=True,
            note="We live two blocks from the library. Happy to drive Tuesdays.",
            contact="",
        )
        await carpools.create_carpool(
            self.db,
            _viewer(coach),
            community_id=community.id,
            title="Saturday soccer",
            destination="Riverside fields",
            purpose="team",
            notes="Under-9 practice. Back right after.",
            legs=legs([5], ("to", time(8, 30)), ("from", time(10, 30))),
            starts_on=today,
            ends_on=today + timedelta(days=70),
            skipped=[],
            seats=5,
            postal_code=None,
            pickup_details="The coach's driveway on Elm St (blue door)",
            child_ids=kid_ids(coach, 1),
        )
        soccer = await carpools.search(
            self.db,
            _viewer(soccer_kid),
            community_id=community.id,
            destination="Riverside",
            weekday=None,
            near=None,
            limit=1,
        )
        if soccer:
            await carpools.request_seat(
                self.db,
                _viewer(soccer_kid),
                carpool_id=soccer[0].carpool.id,
                child_ids=kid_ids(soccer_kid, 1),
                legs=None,
                can_drive=False,
                note="",
                contact="",
            )
        self.happened(self.ago(0.1))

    async def messages(self, community: Community) -> None:
        """Conversations as they would be a few weeks in: each family that agreed on a match wrote to
        its helper (in Spanish when both speak it), the last message still unread; the parent leader
        writes to a few families of the grade group; and a family with no tie to the leader writes
        first, so a message request waits for them."""
        from api.messages import service as messages
        from api.messages.models import Conversation as Convo
        from api.messages.models import Message as Msg

        settings = Settings()
        language = {m.account.id: m.account for m in self.members}

        async def say(who: Account, conversation: Convo, body: str, at: datetime) -> None:
            sent = await messages.send_message(
                self.db, None, settings, _viewer(who), conversation_id=conversation.id, body=body, client_id=None
            )
            self.happened(at)
            self.stamp(Msg, sent.message.id, created_at=at)
            self.stamp(Convo, conversation.id, last_message_at=at)

        agreed = (
            await self.db.execute(
                select(Match)
                .where(
                    Match.community_id == community.id,
                    Match.status.in_((MatchStatus.ACCEPTED, MatchStatus.COMPLETED)),
                )
                .order_by(Match.created_at)
            )
        ).scalars()
        seen: set[tuple[uuid.UUID, uuid.UUID]] = set()
        for n, match in enumerate(agreed):
            pair = (match.requester_id, match.helper_id)
            family, helper = language.get(pair[0]), language.get(pair[1])
            if pair in seen or family is None or helper is None:
                continue
            seen.add(pair)
            lang = "es" if "es" in family.languages and "es" in helper.languages else "en"
            lines = THREAD[lang][n % len(THREAD[lang])]
            # A couple of hours after the family and the helper agreed, as the story dated it.
            agreed_at = self.stamps.get((Match.__table__, match.id), {}).get("responded_at", self.ago(3))
            at = min(agreed_at + timedelta(hours=2), self.now - timedelta(hours=8))
            sent = await messages.start_conversation(
                self.db,
                None,
                settings,
                _viewer(family),
                community_id=community.id,
                with_ids=[helper.id],
                body=lines[0],
                title=None,
                client_id=None,
            )
            self.happened(at)
            self.stamp(Msg, sent.message.id, created_at=at)
            self.stamp(Convo, sent.conversation.id, created_at=at, last_message_at=at)
            for i, line in enumerate(lines[1:], start=1):
                await say(helper if i % 2 else family, sent.conversation, line, at + timedelta(hours=i * 3))

        leader = next(m.account for m in self.members if m.role == "leader")
        grade = await self.db.scalar(select(Group).where(Group.community_id == community.id).order_by(Group.created_at))
        mates = (
            (
                await self.db.scalars(
                    select(GroupMember.account_id)
                    .where(
                        GroupMember.group_id == grade.id,
                        GroupMember.state == "member",
                        GroupMember.account_id != leader.id,
                    )
                    .order_by(GroupMember.created_at)
                    .limit(3)
                )
            ).all()
            if grade
            else []
        )
        if mates:
            at = self.ago(2)
            sent = await messages.start_conversation(
                self.db,
                None,
                settings,
                _viewer(leader),
                community_id=community.id,
                with_ids=list(mates),
                body=BOOK_FAIR[leader.ui_language if leader.ui_language in BOOK_FAIR else "en"][0],
                title="Book fair volunteers",
                client_id=None,
            )
            self.happened(at)
            self.stamp(Msg, sent.message.id, created_at=at)
            self.stamp(Convo, sent.conversation.id, created_at=at, last_message_at=at)
            first_mate = language[mates[0]]
            lang = first_mate.ui_language if first_mate.ui_language in BOOK_FAIR else "en"
            await say(first_mate, sent.conversation, BOOK_FAIR[lang][1], at + timedelta(hours=1))

        # A message request: the first verified family with no tie to the leader writes to them.
        for m in self.members:
            if m.verified is None or m.role != "caregiver" or m.account.family_id == leader.family_id:
                continue
            if await messages.tied_with(self.db, community.id, m.account.id, {leader.id}):
                continue
            at = self.ago(0.5)
            lang = "es" if m.lang == "es" else "en"
            sent = await messages.start_conversation(
                self.db,
                None,
                settings,
                _viewer(m.account),
                community_id=community.id,
                with_ids=[leader.id],
                body=REQUEST[lang],
                title=None,
                client_id=None,
            )
            self.happened(at)
            self.stamp(Msg, sent.message.id, created_at=at)
            self.stamp(Convo, sent.conversation.id, created_at=at, last_message_at=at)
            break

    async def events(self, community: Community, liaison: Account) -> None:
        """A weekly homework club in the grade group with a capacity (so someone waits), and the
        school's monthly family breakfast for everyone; families answer for the series or a date."""
        rng = self.story_rng
        zone = ZoneInfo(TIMEZONE)
        today = self.now.astimezone(zone).date()
        grade = await self.db.scalar(select(Group).where(Group.name == GROUPS[0]["name"]))
        leader = await self.db.get(Account, grade.created_by_id)
        members = (
            await self.db.scalars(
                select(Account)
                .join(GroupMember, GroupMember.account_id == Account.id)
                .where(GroupMember.group_id == grade.id, GroupMember.state == "member", Account.id != leader.id)
                .order_by(GroupMember.created_at, Account.email)
            )
        ).all()
        # One caregiver per household: an answer is the family's, and a second caregiver answering
        # again for a full date would be refused (NOT_ENOUGH_SEATS), as it should.
        households: set = set()
        members = [
            m for m in members if m.family_id is None or not (m.family_id in households or households.add(m.family_id))
        ]
        days_to_thursday = (3 - today.weekday()) % 7 or 7
        first = datetime.combine(today + timedelta(days=days_to_thursday), time(16, 0))
        club = await events.create_event(
            self.db,
            _viewer(leader),
            community_id=None,
            group_id=grade.id,
            title="Club de tareas / Homework club",
            description="Bring your homework; parents who know math and English help. / Traigan su tarea.",
            place_name="Lincoln Elementary library",
            postal_code=None,
            virtual_link=None,
            starts_at=first,
            ends_at=first + timedelta(hours=1, minutes=30),
            recurrence_rule=events.Recurrence("weekly", 1, today + timedelta(days=120)),
            capacity=8,
        )
        self.happened(self.ago(3))
        for m in members[:6]:  # some for the series, some for the first date: the first date fills up
            whole = rng.random() < 0.5
            await events.rsvp(
                self.db,
                _viewer(m),
                event_id=club.id,
                occurrence=None if whole else first.date(),
                going=True,
                adults=1,
                children=rng.choice((1, 1, 2)),
            )
            self.happened(self.ago(2))
        days_to_saturday = (5 - today.weekday()) % 7 or 7
        breakfast_at = datetime.combine(today + timedelta(days=days_to_saturday), time(9, 0))
        breakfast = await events.create_event(
            self.db,
            _viewer(liaison),
            community_id=community.id,
            group_id=None,
            title="Desayuno familiar / Family breakfast",
            description="Coffee, pan dulce and the school's news, in English and Spanish.",
            place_name="Lincoln Elementary cafeteria",
            postal_code=None,
            virtual_link=None,
            starts_at=breakfast_at,
            ends_at=breakfast_at + timedelta(hours=1, minutes=30),
            recurrence_rule=events.Recurrence("monthly", 1, today + timedelta(days=300)),
            capacity=None,
        )
        self.happened(self.ago(5))
        for m in members[6:10]:
            await events.rsvp(
                self.db, _viewer(m), event_id=breakfast.id, occurrence=None, going=True, adults=2, children=1
            )
            self.happened(self.ago(1))

    async def strengths(self) -> int:
        """Offered strengths for most caregivers: the ones in their circle, in their own language,
        plus, for every third of them, one of EXTRAS in turn."""
        added, extras = 0, dict.fromkeys(EXTRAS, 0)
        offering = [m for m in self.members if m.role in ("caregiver", "leader")]
        for n, member in enumerate(offering):
            rng = self.story_rng
            if rng.random() < 0.15:
                continue  # has not got round to it yet
            circle = [OFFERS[member.lang][s] for s in member.account.strengths if s in OFFERS[member.lang]]
            offers = circle[: rng.choice((1, 1, 2, 2, 3))]
            if n % 3 == 0:
                pool = EXTRAS[member.lang]
                offers.append(pool[extras[member.lang] % len(pool)])
                extras[member.lang] += 1
            slots = [Slot(day, start, end) for day, start, end in rng.choice(WEEKLY)]
            for category, title, description, modes in offers:
                # Childcare offers say "weekends": they are free Saturday mornings, whatever else.
                if category.startswith("childcare") and not any(x.day == 5 for x in slots):
                    slots = [*slots, Slot(5, "08:00", "13:00")]
                s = await add_strength(
                    self.db,
                    _viewer(member.account),
                    category=category,
                    title=title,
                    description=description,
                    languages=list(member.account.languages),
                    modes=list(modes),
                    availability=slots,
                )
                at = min(member.joined + timedelta(hours=rng.uniform(1, 48)), self.now - timedelta(minutes=20))
                self.happened(at)
                self.stamp(Strength, s.id, created_at=at, updated_at=at)
                added += 1
        return added

    def window(self, weekday: int, start: str, end: str) -> tuple[datetime, datetime]:
        """The next such weekday (from tomorrow on), in the school's timezone."""
        zone = ZoneInfo(TIMEZONE)
        day: date = (self.now.astimezone(zone) + timedelta(days=1)).date()
        while day.weekday() != weekday:
            day += timedelta(days=1)
        return (
            datetime.combine(day, time.fromisoformat(start), tzinfo=zone),
            datetime.combine(day, time.fromisoformat(end), tzinfo=zone),
        )

    def someone(self, lang: str, before: datetime, *, besides: set[uuid.UUID]) -> _Member:
        """A verified caregiver who writes in `lang`, verified before `before`, not of a family in `besides`."""
        people = sorted(
            (
                m
                for m in self.members
                if m.role in ("caregiver", "leader")
                and m.verified is not None
                and m.verified < before
                and m.account.ui_language == lang
                and lang in m.account.languages
                and m.account.family_id not in besides
            ),
            key=lambda m: m.account.email,
        )
        return self.story_rng.choice(people)

    async def story(self, community: Community, s: Story, used: set[uuid.UUID]) -> None:
        """Post the need as its family, compute its matches as the worker does, and play its steps."""
        db, posted = self.db, self.ago(s.days_ago)
        requester = self.someone(s.lang, posted, besides=used)
        used.add(requester.account.family_id)
        starts_at, ends_at = self.window(*s.window) if s.window else (None, None)
        need = await post_need(
            db,
            _viewer(requester.account),
            community_id=community.id,
            category=s.category,
            title=s.title,
            description=s.description,
            mode=s.mode,
            starts_at=starts_at,
            ends_at=ends_at,
            urgency=s.urgency,
            language=s.lang,
            postal_code=s.postal_code,
        )
        self.happened(posted)
        await matching.compute_matches(db, need.id)
        suggested_at = posted + timedelta(minutes=3)
        self.happened(suggested_at)
        self.stamp(Need, need.id, created_at=posted, updated_at=posted)
        rows = (
            await db.execute(
                select(Match, Account)
                .join(Account, Account.id == Match.helper_id)
                .where(Match.need_id == need.id, Match.status == MatchStatus.SUGGESTED)
            )
        ).all()
        for m, _ in rows:
            self.stamp(Match, m.id, created_at=suggested_at, updated_at=suggested_at)
        # The helpers the story turns to: the best suggestions, those who speak the need's language first.
        rows.sort(key=lambda r: (s.lang not in r[1].languages, -r[0].score, r[1].email))
        at = posted
        for action, rank in s.steps:
            if rank >= len(rows):
                raise RuntimeError(f"the demo need {s.title!r} has no suggested helper #{rank + 1}")
            m, helper = rows[rank]
            at = min(at + timedelta(hours=STEP_HOURS[action]), self.now - timedelta(minutes=10))
            family = requester.account
            if action == "offer":
                await offer_help(db, _viewer(helper), need_id=need.id, strength_id=None, message=s.offer)
            elif action == "request":
                await request_help(db, _viewer(family), match_id=m.id, message=s.ask)
            elif action in ("accept", "decline"):
                # An offer is answered by the family, a request by the helper.
                answers = family if m.status == MatchStatus.OFFERED else helper
                await respond_to_match(db, _viewer(answers), match_id=m.id, accept=action == "accept")
                self.stamp(Match, m.id, responded_at=at)
            elif action == "complete":
                await complete_match(db, _viewer(family), match_id=m.id, thanks=s.thanks)
                self.stamp(Match, m.id, completed_at=at)
                expired = select(Match.id).where(Match.need_id == need.id, Match.status == MatchStatus.EXPIRED)
                for other in (await db.scalars(expired)).all():  # the suggestions nobody took up
                    self.stamp(Match, other, updated_at=at)
            self.happened(at)
            self.stamp(Match, m.id, updated_at=at)
            self.stamp(Need, need.id, updated_at=at)
        if s.report:
            reporter = self.someone(s.lang, posted, besides={requester.account.family_id})
            r = await report(
                db,
                _viewer(reporter.account),
                community_id=community.id,
                subject_type="need",
                subject_id=need.id,
                reason="other",
                details=s.report,
            )
            self.stamp(Report, r.id, created_at=min(posted + timedelta(hours=6), self.now - timedelta(minutes=30)))


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


async def _build(db: AsyncSession, result: Result, now: datetime, progress) -> tuple[Community, dict[int, datetime]]:
    """The community, its people and six weeks of their use of it, in the caller's transaction.
    Returns the community and when each outbox event it emitted happened in the story."""
    b = _Builder(db, await hash_password(PASSWORD), now)
    progress(f"creating {COMMUNITY} (Austin, TX)")
    start = b.ago(COMMUNITY_AGE_DAYS)
    admin = await b.account(
        "Village Admin",
        email=f"admin@{DOMAIN}",
        languages=["en"],
        ui="en",
        admin=True,
        joined=start,
        home=("Downtown", 30.2672, -97.7431, False),
    )
    community, staff_invite = await create_community(
        db,
        _viewer(admin),
        name=COMMUNITY,
        timezone=TIMEZONE,
        languages=["en", "es"],
        description=(
            "Familias de Lincoln: families helping families. Share what you are good at, ask for what you need."
        ),
    )
    b.stamp(Community, community.id, created_at=start)
    admin_membership = await db.scalar(select(Membership).where(Membership.community_id == community.id))
    b.stamp(Membership, admin_membership.id, created_at=start, verified_at=start)

    # The school's staff join with staff invites from the admin; the liaison then invites families.
    joined = start + timedelta(hours=3)
    liaison = await b.account("Rosa Delgado", languages=["en", "es"], ui="es", circle_lang="es", joined=joined)
    await b.join(_Member(liaison, "es", joined, "staff"), staff_invite.code, verifier=admin)
    principal = await b.account("Karen Whitfield", languages=["en"], ui="en", circle_lang="en", joined=joined)
    second_staff = await create_invite(
        db, _viewer(admin), community_id=community.id, role="staff", expires_in_days=14, max_uses=1
    )
    await b.join(_Member(principal, "en", joined + timedelta(hours=2), "staff"), second_staff.code, verifier=admin)
    families_code = await _invite_code(db, community, liaison)
    leader_invite = await create_invite(
        db, _viewer(liaison), community_id=community.id, role="leader", expires_in_days=30, max_uses=1
    )

    rng = b.rng
    pending_order = sorted(PENDING)
    notes = 0
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
        pending = i in PENDING
        when = (
            b.ago(4 - 0.9 * pending_order.index(i))
            if pending
            else b.ago(JOINED_FROM_DAYS - (JOINED_FROM_DAYS - JOINED_TO_DAYS) * i / FAMILIES)
        )
        first_name = rng.choice(firsts)
        first = await b.account(f"{first_name} {surname}", languages=langs, ui=ui, circle_lang=circle, joined=when)
        people = [_Member(first, circle, when, "leader" if i == LEADER else "caregiver")]
        if i % 5 == 1:  # a second caregiver in the same household, at the same home
            family = await db.get(Family, first.family_id)
            other = rng.choice([n for n in firsts if n != first_name])
            later = when + timedelta(days=1)
            second = await b.account(
                f"{other} {surname}",
                family=family,
                languages=langs,
                ui=ui,
                circle_lang=circle,
                joined=later,
                home=b.homes[first.family_id],
            )
            people.append(_Member(second, circle, later))
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            await b.child(first, kid_lang, when)
            result.children += 1
        for member in people:
            code = leader_invite.code if member.role == "leader" else families_code
            note = None
            if pending:
                note = b.join_note(member, notes, first if member.account is not first else None)
                notes += member.account is first
            await b.join(member, code, verifier=None if pending else liaison, note=note)
            result.pending += pending
        result.families += 1
        result.caregivers += len(people)
        if (i + 1) % 10 == 0:
            progress(f"families: {i + 1}/{FAMILIES}")

    progress("strengths, needs and matches")
    # The liaison teaches matching the school's own words before the needs come in.
    for concept, lang, term in MATCHING_WORDS:
        await add_matching_term(
            db, _viewer(liaison), community_id=community.id, concept=concept, language=lang, term=term
        )
    result.strengths = await b.strengths()
    used: set[uuid.UUID] = set()
    for s in STORIES:
        await b.story(community, s, used)
    progress("groups, posts and comments")
    await b.groups(community, liaison)
    progress("events and RSVPs")
    await b.events(community, liaison)
    progress("messages")
    await b.messages(community)
    progress("carpools")
    await b.carpools(community)
    await b.backdate()
    # After backdate(), which dates the community six weeks back: the history moves it back a year.
    # Its rows are inserted directly and emit no outbox event, so none of it notifies anyone.
    from village.seed_history import add_history  # it reads this module's names and places

    progress("a year of earlier families and their activity")
    result.history_families = await add_history(db, community, now)
    return community, b.when


async def _deliver(settings: Settings, sessions: async_sessionmaker[AsyncSession], event_ids: list[int]) -> None:
    """Dispatch outbox events in this process as the worker would (notifications), then run the jobs
    that follow them (the matching runs after need.posted and strength.changed, which find the
    matches computed already). The jobs get no queue, so they enqueue nothing and nothing is pushed,
    and no Redis, so no API process is told. A few at a time, as a worker runs them."""
    ctx: dict[str, Any] = {"settings": settings, "sessions": sessions}
    await _each(dispatch_outbox, ctx, event_ids)
    async with sessions() as db:
        follow = (
            await db.scalars(
                select(OutboxEvent.id)
                .where(OutboxEvent.id.in_(event_ids), OutboxEvent.followed_up_at.is_(None))
                .order_by(OutboxEvent.id)
            )
        ).all()
    await _each(follow_up_outbox, ctx, list(follow))


DELIVERY_WIDTH = 4  # outbox jobs at a time (each holds a database connection)


async def _each(job, ctx: dict[str, Any], event_ids: list[int]) -> None:
    slots = asyncio.Semaphore(DELIVERY_WIDTH)

    async def one(event_id: int) -> None:
        async with slots:
            await job(ctx, event_id=event_id)

    await asyncio.gather(*(one(event_id) for event_id in event_ids))


async def _undelivered(db: AsyncSession, community: Community) -> list[int]:
    """The community's outbox events not dispatched or followed up yet (a seed interrupted after its
    commit, with no worker running since)."""
    return list(
        (
            await db.scalars(
                select(OutboxEvent.id)
                .where(
                    OutboxEvent.community_id == community.id,
                    OutboxEvent.dispatched_at.is_(None) | OutboxEvent.followed_up_at.is_(None),
                )
                .order_by(OutboxEvent.id)
            )
        ).all()
    )


async def _date_notifications(db: AsyncSession, when: dict[int, datetime], now: datetime) -> None:
    """Notifications dated when their event happened in the story; those older than READ_AFTER read."""
    table = Notification.__table__
    stmt = (
        table.update()
        .where(table.c.event_id == bindparam("b_event"))
        .values(created_at=bindparam("b_at"), read_at=bindparam("b_read"))
    )
    rows = [
        {"b_event": event_id, "b_at": at, "b_read": at + timedelta(hours=3) if at < now - READ_AFTER else None}
        for event_id, at in sorted(when.items())
    ]
    if rows:
        await db.execute(stmt, rows)


async def _tally(db: AsyncSession, community: Community, result: Result) -> None:
    demo = select(Account.id).where(Account.email.like(f"%@{DOMAIN}"))
    result.strengths = await db.scalar(select(func.count()).select_from(Strength).where(Strength.account_id.in_(demo)))
    result.needs = await db.scalar(select(func.count()).select_from(Need).where(Need.community_id == community.id))
    statuses = await db.execute(
        select(Match.status, func.count()).where(Match.community_id == community.id).group_by(Match.status)
    )
    result.matches = {str(status): n for status, n in statuses.all()}
    result.thanks = await db.scalar(
        select(func.count()).select_from(Match).where(Match.community_id == community.id, Match.thanks.is_not(None))
    )
    result.notifications = await db.scalar(
        select(func.count()).select_from(Notification).where(Notification.recipient_id.in_(demo))
    )
    result.open_reports = await db.scalar(
        select(func.count()).select_from(Report).where(Report.community_id == community.id, Report.status == "open")
    )


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


NEAR_KM = 3.0


async def _sees(db: AsyncSession, community: Community, account: Account, m: Membership, kind: str) -> Person:
    """What this person sees when they sign in, read through the services that build their screens."""
    viewer, parts = _viewer(account), []
    if m.state == MembershipState.PENDING:
        parts.append("sees only the community's name until staff verify them")
        if m.join_note:
            parts.append(f"wrote to the school: “{m.join_note}”")
    else:
        if m.role == "admin" and account.is_platform_admin:
            parts.append("creates communities")
        if m.role in STAFF_ROLES:
            waiting = await db.scalar(
                select(func.count())
                .select_from(Membership)
                .where(Membership.community_id == community.id, Membership.state == MembershipState.PENDING)
            )
            reports = await list_reports(db, viewer, community_id=community.id, status="open", limit=100, after=None)
            parts += [
                _count(waiting, "member waiting for verification", "members waiting for verification"),
                _count(len(reports), "open report", "open reports"),
            ]
        else:
            # As a helper: the home screen's suggestedMatches.
            helping = Counter(v.match.status for v in await suggested_matches(db, viewer, limit=100))
            thanked = await db.scalar(
                select(func.count())
                .select_from(Match)
                .where(
                    Match.helper_id == account.id,
                    Match.status == MatchStatus.COMPLETED,
                    Match.thanks.is_not(None),
                )
            )
            # As a family who asked: their needs and where the matches on them stand.
            asked = Counter(
                (
                    await db.scalars(
                        select(Match.status).where(
                            Match.requester_id == account.id,
                            Match.status.in_((MatchStatus.OFFERED, MatchStatus.REQUESTED, MatchStatus.ACCEPTED)),
                        )
                    )
                ).all()
            )
            open_needs = await db.scalar(
                select(func.count())
                .select_from(Need)
                .where(Need.requester_id == account.id, Need.status.in_((NeedStatus.OPEN, NeedStatus.MATCHED)))
            )
            near = await list_needs(
                db, viewer, NeedFilter(community_id=community.id, near_km=NEAR_KM), after=None, limit=100
            )
            for n, one, many in (
                (helping[MatchStatus.SUGGESTED], "suggested match", "suggested matches"),
                (helping[MatchStatus.REQUESTED], "family asking for their help", "families asking for their help"),
                (helping[MatchStatus.OFFERED], "offer of help sent", "offers of help sent"),
                (helping[MatchStatus.ACCEPTED], "family they are helping", "families they are helping"),
                (thanked, "thank-you received", "thank-yous received"),
                (open_needs, "need of their own open", "needs of their own open"),
                (asked[MatchStatus.OFFERED], "offer of help to answer", "offers of help to answer"),
                (
                    asked[MatchStatus.REQUESTED],
                    "helper they asked, not answered yet",
                    "helpers they asked, not answered yet",
                ),
                (asked[MatchStatus.ACCEPTED], "helper agreed", "helpers agreed"),
            ):
                if n:
                    parts.append(_count(n, one, many))
            parts.append(_count(len(near), "open need", "open needs") + f" within {NEAR_KM:g} km")
    if m.state != MembershipState.PENDING:
        mine = await groups.list_groups(
            db, viewer, groups.GroupFilter(community_id=community.id, mine=True), after=None, limit=50
        )
        rows = await groups.my_group_rows(db, viewer, [g.id for g in mine])
        led = [g.id for g in mine if rows[g.id].role == "leader"]
        asking = await db.scalar(
            select(func.count())
            .select_from(GroupMember)
            .where(GroupMember.group_id.in_(led), GroupMember.state == "requested")
        )
        if led:
            parts.append(_count(len(led), "group they lead", "groups they lead"))
        elif mine:
            parts.append(_count(len(mine), "group", "groups"))
        if asking:
            parts.append(_count(asking, "family asking to join their group", "families asking to join their groups"))
    if m.state != MembershipState.PENDING:
        from api.messages import service as messages

        waiting_messages = await messages.unread_total(db, viewer)
        requests = await messages.request_count(db, viewer)
        if waiting_messages:
            parts.append(_count(waiting_messages, "unread message", "unread messages"))
        if requests:
            parts.append(_count(requests, "message request", "message requests"))
    unread = await unread_count(db, viewer)
    if unread:
        parts.append(_count(unread, "unread notification", "unread notifications"))
    label = kind + (" (app in Spanish)" if account.ui_language == "es" else "")
    return Person(account.display_name, account.email, m.role, f"{label}: {', '.join(parts) or 'nothing yet'}", kind)


async def _logins(db: AsyncSession, community: Community) -> list[Person]:
    """Who to sign in as, each with what they will see: the admin, the staff, the leader, caregivers
    chosen to compare views (the busiest of their kind), and someone waiting for verification."""
    rows = (
        await db.execute(
            select(Account, Membership)
            .join(Membership, Membership.account_id == Account.id)
            .where(
                Membership.community_id == community.id,
                Account.email.like(f"%@{DOMAIN}"),
                Account.email.not_like(HISTORY_EMAILS),
            )
            .order_by(Account.email)
        )
    ).all()
    suggested, helped, thanked, offers_in = Counter(), Counter(), Counter(), Counter()
    for helper, requester, status, thanks in (
        await db.execute(
            select(Match.helper_id, Match.requester_id, Match.status, Match.thanks).where(
                Match.community_id == community.id
            )
        )
    ).all():
        if status == MatchStatus.SUGGESTED:
            suggested[helper] += 1
        elif status != MatchStatus.EXPIRED:
            helped[helper] += 1
        thanked[helper] += bool(thanks)
        offers_in[requester] += status == MatchStatus.OFFERED
    household = Counter(a.family_id for a, _ in rows)

    def busiest(a: Account) -> tuple:
        return (not thanked[a.id], not suggested[a.id], -(helped[a.id] + suggested[a.id]), a.email)

    out: list[Person] = []
    rank = {"admin": 0, "staff": 1, "leader": 2}
    for a, m in sorted(
        (r for r in rows if r[1].role in rank), key=lambda r: (rank[r[1].role], "es" not in r[0].languages)
    ):
        kind = {"admin": "platform admin", "leader": "parent leader"}.get(m.role)
        kind = kind or ("family liaison" if "es" in a.languages else "principal")
        out.append(await _sees(db, community, a, m, kind))
    caregivers = [(a, m) for a, m in rows if m.state == MembershipState.VERIFIED and m.role == "caregiver"]
    wanted = [
        ("speaks Spanish", lambda a: a.languages == ["es"], busiest),
        ("speaks English", lambda a: a.languages == ["en"], busiest),
        (
            "bilingual, shares a household",
            lambda a: {"en", "es"} <= set(a.languages) and household[a.family_id] > 1,
            busiest,
        ),
        ("asked for help", lambda a: offers_in[a.id] > 0, lambda a: (-offers_in[a.id], a.email)),
    ]
    chosen: set[uuid.UUID] = set()
    for kind, test, order in wanted:
        found = sorted((r for r in caregivers if r[0].id not in chosen and test(r[0])), key=lambda r: order(r[0]))
        if found:
            chosen.add(found[0][0].id)
            out.append(await _sees(db, community, *found[0], kind))
    # Someone waiting with a note of their own (a household's second caregiver mostly points to the first).
    waiting = sorted(
        (r for r in rows if r[1].state == MembershipState.PENDING),
        key=lambda r: (not r[1].join_note, household[r[0].family_id] > 1, r[0].email),
    )
    if waiting:
        out.append(await _sees(db, community, *waiting[0], "waiting for verification"))
    return out


async def reset(db: AsyncSession) -> None:
    family_ids = (await db.scalars(select(Account.family_id).where(Account.email.like(f"%@{DOMAIN}")))).all()
    await db.execute(delete(Community).where(Community.name == COMMUNITY))
    await db.execute(delete(Account).where(Account.email.like(f"%@{DOMAIN}")))
    await db.execute(delete(Family).where(Family.id.in_([f for f in family_ids if f is not None])))


async def seed(
    sessions: async_sessionmaker[AsyncSession], settings: Settings, *, reset_first: bool = False, progress=print
) -> Result:
    """Build the demo community in one transaction, then dispatch what it set off (notifications),
    then date those notifications and say who to sign in as."""
    now = datetime.now(UTC)
    async with session_scope(sessions) as db:
        if reset_first:
            progress("deleting the previous demo community and its accounts")
            await reset(db)
            await db.flush()
        community = await db.scalar(select(Community).where(Community.name == COMMUNITY).limit(1))
        result = Result(created=community is None)
        when: dict[int, datetime] = {}
        if community is None:
            community, when = await _build(db, result, now, progress)
            events = sorted(when)
        else:
            events = await _undelivered(db, community)
    if events:
        progress(f"dispatching {len(events)} outbox events")
        await _deliver(settings, sessions, events)
    async with session_scope(sessions) as db:
        community = await db.get(Community, community.id)
        await _date_notifications(db, when, now)
        if result.created:
            progress("computing the school insights")
            await insights.roll_up(db, community.id)  # as the nightly job would: the dashboard has figures
        await _tally(db, community, result)
        result.logins = await _logins(db, community)
        liaison = await db.scalar(select(Account).where(Account.email == f"rosa.delgado@{DOMAIN}"))
        if liaison is not None:
            result.invite_code = await _invite_code(db, community, liaison)
    return result


async def run(settings: Settings, *, reset: bool = False) -> Result:
    from workers.context import services

    async with services(settings, pool_size=DELIVERY_WIDTH) as s:
        result = await seed(s.sessions, settings, reset_first=reset, progress=lambda m: print(f"seed: {m}", flush=True))
    if result.created:
        print(
            f"seed: {COMMUNITY}: {result.families} families, {result.caregivers} caregivers, "
            f"{result.children} children, {result.pending} memberships pending verification; "
            f"{result.history_families} earlier families with a year of history"
        )
    else:
        print(f"seed: {COMMUNITY} already exists; nothing added (use `village seed --reset` to start over)")
    matches = ", ".join(f"{result.matches[s]} {s}" for s in MatchStatus if result.matches.get(s))
    print(
        f"seed: {result.strengths} strengths offered, {result.needs} needs; matches: {matches} "
        f"({result.thanks} with a thank-you); {result.notifications} notifications; "
        f"{_count(result.open_reports, 'open report', 'open reports')}"
    )
    print(f"\nDemo logins (password for all: {PASSWORD}):")
    for p in result.logins:
        print(f"  {p.email:<40} {p.role:<10} {p.name}{' — ' + p.note if p.note else ''}")
    if result.invite_code:
        print(f"\nInvite code for newcomers: {result.invite_code}")
    return result
