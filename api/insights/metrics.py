"""The school-insights metrics: what each one counts, in the words staff read on the dashboard
(English and Spanish), and where the definition comes from (docs/insights.md, RESEARCH §3)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    COUNT = "count"
    RATE = "rate"
    MEDIAN = "median"
    INDEX = "index"


class Span(StrEnum):
    """How a metric relates to its period: a level at the period's end (a quarter shows its last
    month's), or a flow over the period (a quarter has its own)."""

    LEVEL = "level"
    FLOW = "flow"


@dataclass(frozen=True)
class Metric:
    key: str
    section: str
    kind: Kind
    span: Span
    title: dict[str, str]
    definition: dict[str, str]
    source: str = ""
    additive: bool = False  # a flow count whose quarter is the sum of its months


WINDOW_DAYS = 90  # ties, reciprocity and reach look at the 90 days up to the period's end
SMALL_GROUP = 15  # a group or conversation of at most this many families makes ties among them

_TIE_EN = (
    "two families tie when, in the 90 days up to the period's end, they completed a match, shared a "
    "carpool drive, both wrote in the same small group (15 families or fewer), or both wrote in a "
    "conversation"
)
_TIE_ES = (
    "dos familias tienen un lazo cuando, en los 90 días hasta el fin del periodo, completaron una ayuda, "
    "compartieron un viaje de carpool, escribieron ambas en el mismo grupo pequeño (15 familias o menos) "
    "o escribieron ambas en una conversación"
)

CHRISTENSEN = "Christensen Institute, The Missing Metrics (2020)"

METRICS: tuple[Metric, ...] = (
    Metric(
        "families.members",
        "growth",
        Kind.COUNT,
        Span.LEVEL,
        {"en": "Families in the community", "es": "Familias en la comunidad"},
        {
            "en": "Families with a verified caregiver at the period's end, by the home language their first "
            "caregiver lists first.",
            "es": "Familias con un cuidador verificado al final del periodo, por el idioma del hogar que su "
            "primer cuidador pone primero.",
        },
    ),
    Metric(
        "families.joined",
        "growth",
        Kind.COUNT,
        Span.FLOW,
        {"en": "Families joined", "es": "Familias que se unieron"},
        {
            "en": "Families whose first caregiver joined and was verified in the period.",
            "es": "Familias cuyo primer cuidador se unió y fue verificado en el periodo.",
        },
        additive=True,
    ),
    Metric(
        "families.active",
        "growth",
        Kind.COUNT,
        Span.FLOW,
        {"en": "Families active", "es": "Familias activas"},
        {
            "en": "Families who did something two-way with another family in the period: offered or asked "
            "for help, completed a match, shared a drive, wrote in a group, wrote in a conversation the other "
            "side also wrote in, or said they are going to an event. Signing in and reading do not count.",
            "es": "Familias que hicieron algo de ida y vuelta con otra familia en el periodo: ofrecieron o "
            "pidieron ayuda, completaron una ayuda, compartieron un viaje, escribieron en un grupo, escribieron "
            "en una conversación donde la otra parte también escribió, o confirmaron que van a un evento. "
            "Entrar y leer no cuentan.",
        },
    ),
    Metric(
        "ties.pairs",
        "ties",
        Kind.COUNT,
        Span.LEVEL,
        {"en": "Ties between families", "es": "Lazos entre familias"},
        {
            "en": f"Distinct pairs of families with a tie: {_TIE_EN}.",
            "es": f"Pares distintos de familias con un lazo: {_TIE_ES}.",
        },
        CHRISTENSEN + ": quantity of relationships",
    ),
    Metric(
        "ties.families",
        "ties",
        Kind.COUNT,
        Span.LEVEL,
        {"en": "Families by number of ties", "es": "Familias según su número de lazos"},
        {
            "en": "Families with no tie (isolated), one or two ties, and three or more. Isolated families "
            "are a count only: nobody is listed.",
            "es": "Familias sin ningún lazo (aisladas), con uno o dos lazos y con tres o más. Las familias "
            "aisladas son solo un número: no se nombra a nadie.",
        },
        CHRISTENSEN + ": quantity of relationships",
    ),
    Metric(
        "ties.connected_share",
        "ties",
        Kind.RATE,
        Span.LEVEL,
        {"en": "Families with a peer tie", "es": "Familias con al menos un lazo"},
        {
            "en": "Share of the community's families with at least one tie.",
            "es": "Porcentaje de las familias de la comunidad con al menos un lazo.",
        },
    ),
    Metric(
        "bridging.share",
        "bridging",
        Kind.RATE,
        Span.LEVEL,
        {"en": "Ties across languages", "es": "Lazos entre idiomas"},
        {
            "en": "Share of ties between families whose home languages differ (ties with a family that lists "
            "no language are left out).",
            "es": "Porcentaje de lazos entre familias con distinto idioma del hogar (se dejan fuera los lazos "
            "con una familia que no indica idioma).",
        },
        "bridging ties across language groups",
    ),
    Metric(
        "bridging.ei",
        "bridging",
        Kind.INDEX,
        Span.LEVEL,
        {"en": "E-I index across languages", "es": "Índice E-I entre idiomas"},
        {
            "en": "(ties across home languages − ties within one) ÷ all those ties: −1 when every tie stays "
            "within a language group, +1 when every tie crosses one.",
            "es": "(lazos entre idiomas del hogar − lazos dentro de uno) ÷ todos esos lazos: −1 cuando todos "
            "quedan dentro de un grupo de idioma, +1 cuando todos lo cruzan.",
        },
        "Krackhardt & Stern (1988)",
    ),
    Metric(
        "reciprocity.families",
        "reciprocity",
        Kind.RATE,
        Span.LEVEL,
        {"en": "Families who gave and received", "es": "Familias que dieron y recibieron"},
        {
            "en": "Of the families who gave or received help (a completed match) in the 90 days up to the "
            "period's end, the share who did both.",
            "es": "De las familias que dieron o recibieron ayuda (una ayuda completada) en los 90 días hasta el "
            "fin del periodo, el porcentaje que hizo las dos cosas.",
        },
        "reciprocity (networkx overall_reciprocity)",
    ),
    Metric(
        "reciprocity.ties",
        "reciprocity",
        Kind.RATE,
        Span.LEVEL,
        {"en": "Help that runs both ways", "es": "Ayuda en las dos direcciones"},
        {
            "en": "Of the pairs of families where one helped the other in the 90 days up to the period's end, "
            "the share where help went both ways.",
            "es": "De los pares de familias donde una ayudó a la otra en los 90 días hasta el fin del periodo, "
            "el porcentaje donde la ayuda fue en las dos direcciones.",
        },
    ),
    Metric(
        "reach.median",
        "reach",
        Kind.MEDIAN,
        Span.LEVEL,
        {"en": "Families within two steps", "es": "Familias a dos pasos"},
        {
            "en": "For families with at least one tie: the median number of other families they can reach in "
            "one or two steps (a friend, or a friend's friend).",
            "es": "Para las familias con al menos un lazo: la mediana de otras familias a las que llegan en uno "
            "o dos pasos (una amistad, o la amistad de una amistad).",
        },
        CHRISTENSEN + ": structure of networks",
    ),
    Metric(
        "needs.posted",
        "mobilise",
        Kind.COUNT,
        Span.FLOW,
        {"en": "Needs posted", "es": "Necesidades publicadas"},
        {"en": "Needs families posted in the period, by category.", "es": "Necesidades publicadas en el periodo."},
        CHRISTENSEN + ": ability to mobilise",
        additive=True,
    ),
    Metric(
        "needs.met",
        "mobilise",
        Kind.COUNT,
        Span.FLOW,
        {"en": "Needs met", "es": "Necesidades cubiertas"},
        {
            "en": "Of the needs posted in the period, those another family has since helped with (a completed match).",
            "es": "De las necesidades publicadas en el periodo, las que otra familia ya ayudó a cubrir (una "
            "ayuda completada).",
        },
        CHRISTENSEN + ": ability to mobilise",
        additive=True,
    ),
    Metric(
        "needs.met_share",
        "mobilise",
        Kind.RATE,
        Span.FLOW,
        {"en": "Share of needs met", "es": "Porcentaje de necesidades cubiertas"},
        {"en": "Needs met ÷ needs posted, for the period's needs.", "es": "Cubiertas ÷ publicadas, del periodo."},
    ),
    Metric(
        "needs.days_to_meet",
        "mobilise",
        Kind.MEDIAN,
        Span.FLOW,
        {"en": "Days to meet a need", "es": "Días para cubrir una necesidad"},
        {
            "en": "Median days from posting a need to the help being marked done, for the period's needs met.",
            "es": "Mediana de días desde que se publica una necesidad hasta que la ayuda se marca hecha.",
        },
    ),
    Metric(
        "carpools.families",
        "mobilise",
        Kind.COUNT,
        Span.LEVEL,
        {"en": "Families in carpools", "es": "Familias en carpools"},
        {
            "en": "Families approved in a carpool that runs at the period's end.",
            "es": "Familias aprobadas en un carpool que funciona al final del periodo.",
        },
    ),
    Metric(
        "carpools.seats_filled",
        "mobilise",
        Kind.RATE,
        Span.LEVEL,
        {"en": "Carpool seats filled", "es": "Asientos de carpool ocupados"},
        {
            "en": "Children riding ÷ seats offered, in carpools that run at the period's end.",
            "es": "Niños que viajan ÷ asientos ofrecidos, en los carpools que funcionan al final del periodo.",
        },
    ),
    Metric(
        "groups.participating",
        "mobilise",
        Kind.COUNT,
        Span.FLOW,
        {"en": "Families taking part in groups", "es": "Familias que participan en grupos"},
        {
            "en": "Families who wrote in a peer group in the period.",
            "es": "Familias que escribieron en un grupo en el periodo.",
        },
    ),
    Metric(
        "events.held",
        "mobilise",
        Kind.COUNT,
        Span.FLOW,
        {"en": "Events held", "es": "Eventos realizados"},
        {
            "en": "Events that took place in the period and were not called off (shown once ten families have "
            "said they are going to them).",
            "es": "Eventos que se realizaron en el periodo y no se cancelaron (se muestran cuando diez familias "
            "confirmaron que van).",
        },
        additive=True,
    ),
    Metric(
        "assets.strengths",
        "assets",
        Kind.COUNT,
        Span.LEVEL,
        {"en": "Families offering, by category", "es": "Familias que ofrecen, por categoría"},
        {
            "en": "Families who list a strength in the category at the period's end: where the community is rich.",
            "es": "Familias que ofrecen una fortaleza de la categoría al final del periodo: donde la comunidad "
            "es rica.",
        },
        "asset map (Christensen, Relationship mapping)",
    ),
    Metric(
        "assets.needs",
        "assets",
        Kind.COUNT,
        Span.LEVEL,
        {"en": "Families asking, by category", "es": "Familias que piden, por categoría"},
        {
            "en": "Families who posted a need in the category in the 90 days up to the period's end: where it is thin.",
            "es": "Familias que publicaron una necesidad de la categoría en los 90 días hasta el fin del "
            "periodo: donde falta.",
        },
    ),
    Metric(
        "continuum.step",
        "continuum",
        Kind.COUNT,
        Span.LEVEL,
        {"en": "Engagement continuum", "es": "Camino de participación"},
        {
            "en": "Each family at the furthest step it has reached: joined → two-way contact → a peer tie → "
            "helped another family → leads a group or organises a carpool.",
            "es": "Cada familia en el paso más lejano que alcanzó: se unió → contacto de ida y vuelta → un lazo "
            "→ ayudó a otra familia → dirige un grupo u organiza un carpool.",
        },
        "engagement continuum (Mapp & Kuttner; RESEARCH §3d)",
    ),
    Metric(
        "continuum.moved_up",
        "continuum",
        Kind.COUNT,
        Span.FLOW,
        {"en": "Families who moved up", "es": "Familias que avanzaron"},
        {
            "en": "Families at a further step at the period's end than at its start.",
            "es": "Familias en un paso más lejano al final del periodo que al comienzo.",
        },
    ),
    Metric(
        "equity.matched_share",
        "equity",
        Kind.RATE,
        Span.FLOW,
        {"en": "Needs that found a helper, by language", "es": "Necesidades con alguien que ayuda, por idioma"},
        {
            "en": "For each home language: of the needs its families posted in the period, the share that a "
            "helper offered or agreed to help with.",
            "es": "Para cada idioma del hogar: de las necesidades publicadas por sus familias en el periodo, el "
            "porcentaje en que alguien ofreció o aceptó ayudar.",
        },
    ),
    Metric(
        "equity.met_share",
        "equity",
        Kind.RATE,
        Span.FLOW,
        {"en": "Needs met, by language", "es": "Necesidades cubiertas, por idioma"},
        {
            "en": "For each home language: of the needs its families posted in the period, the share met.",
            "es": "Para cada idioma del hogar: de las necesidades publicadas por sus familias en el periodo, el "
            "porcentaje cubierto.",
        },
    ),
)

BY_KEY = {m.key: m for m in METRICS}
STEPS = ("joined", "two_way", "peer_tie", "helped", "leads")
TIE_BUCKETS = ("0", "1-2", "3+")
