"""Match reasons in plain words, rendered in the reader's language at read time."""

from __future__ import annotations

from api.accounts.privacy import PublicProfile
from api.skills.grades import label as grade_label
from api.skills.text import builtin_lexicon

LANGUAGE_NAMES = {
    "en": {
        "en": "English",
        "es": "Spanish",
        "fr": "French",
        "ar": "Arabic",
        "zh": "Chinese",
        "vi": "Vietnamese",
        "pt": "Portuguese",
        "ko": "Korean",
        "ru": "Russian",
        "so": "Somali",
        "ht": "Haitian Creole",
        "tl": "Tagalog",
        "hi": "Hindi",
        "ur": "Urdu",
        "am": "Amharic",
        "sw": "Swahili",
        "uk": "Ukrainian",
        "ps": "Pashto",
        "fa": "Persian",
        "de": "German",
        "it": "Italian",
        "ja": "Japanese",
        "pl": "Polish",
        "my": "Burmese",
        "ne": "Nepali",
        "bn": "Bengali",
        "ti": "Tigrinya",
        "yue": "Cantonese",
    },
    "es": {
        "en": "inglés",
        "es": "español",
        "fr": "francés",
        "ar": "árabe",
        "zh": "chino",
        "vi": "vietnamita",
        "pt": "portugués",
        "ko": "coreano",
        "ru": "ruso",
        "so": "somalí",
        "ht": "criollo haitiano",
        "tl": "tagalo",
        "hi": "hindi",
        "ur": "urdu",
        "am": "amárico",
        "sw": "suajili",
        "uk": "ucraniano",
        "ps": "pastún",
        "fa": "persa",
        "de": "alemán",
        "it": "italiano",
        "ja": "japonés",
        "pl": "polaco",
        "my": "birmano",
        "ne": "nepalí",
        "bn": "bengalí",
        "ti": "tigriña",
        "yue": "cantonés",
    },
}
DAYS = {
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
    "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
}
PARTS = {
    "en": {"morning": "mornings", "afternoon": "afternoons", "evening": "evenings"},
    "es": {"morning": "por la mañana", "afternoon": "por la tarde", "evening": "por la noche"},
}


def language_name(code: str, lang: str) -> str:
    base = code.split("-")[0]
    return LANGUAGE_NAMES.get(lang, LANGUAGE_NAMES["en"]).get(base, code)


def _pair(pair: dict, lang: str) -> str:
    """ "homework = tarea"; through a broader concept, "won't sleep ≈ toddler (parenting)"."""
    if not pair.get("strength"):
        return pair["need"]
    if via := pair.get("via"):
        label = builtin_lexicon().labels.get(via, {}).get(lang) or via.replace("_", " ")
        return f"{pair['need']} ≈ {pair['strength']} ({label})"
    return f"{pair['need']} = {pair['strength']}"


def render(reason: dict, lang: str) -> str:
    lang = lang if lang in ("en", "es") else "en"
    code = reason["code"]
    es = lang == "es"
    if code == "speaks":
        name = language_name(reason["language"], lang)
        return f"habla {name}" if es else f"speaks {name}"
    if code == "listed":
        return f"ofrece «{reason['title']}»" if es else f"listed “{reason['title']}”"
    if code == "distance":
        km = reason["km"]
        if km < 1:
            return "a menos de 1 km" if es else "less than 1 km away"
        return f"a unos {km} km" if es else f"about {km} km away"
    if code == "virtual":
        return "puede ayudar en línea" if es else "can help online"
    if code == "available":
        day = DAYS[lang][reason["day"]]
        part = PARTS[lang][reason["part"]]
        return f"libre los {day} {part}" if es else f"free {day} {part}"
    if code == "words":
        said = ", ".join(_pair(p, lang) for p in reason.get("pairs", []))
        return f"palabras en común: {said}" if es else f"matching words: {said}"
    if code == "partly_available":
        day = DAYS[lang][reason["day"]]
        span = f"{_clock(reason['from'], lang)}–{_clock(reason['to'], lang)}"
        return f"solo parte del horario: libre los {day} {span}" if es else f"only part of the time: free {day} {span}"
    if code == "availability_unknown":
        return "no ha dicho cuándo está libre" if es else "has not said when they are free"
    if code == "other_language":
        name = language_name(reason["language"], lang)
        return f"no indica que hable {name}" if es else f"does not list {name}"
    if code == "helped_before":
        return "sus familias ya se han ayudado" if es else "your families have helped each other before"
    if code == "grades":
        span = grade_label((reason["from"], reason["to"]), lang)
        return f"trabaja con {span}" if es else f"works with {span}"
    if code == "other_grades":
        span = grade_label((reason["from"], reason["to"]), lang)
        child = grade_label((reason["need_from"], reason["need_to"]), lang)
        return f"trabaja con {span}, no con {child}" if es else f"works with {span}, not {child}"
    if code == "shared_group":
        return f"ambos en «{reason['group']}»" if es else f"both in “{reason['group']}”"
    return code


def _clock(minute: int, lang: str) -> str:
    h, m = divmod(minute, 60)
    if lang == "es":
        return f"{h:02d}:{m:02d}"
    suffix = "am" if h % 24 < 12 else "pm"
    return f"{(h % 12) or 12}{f':{m:02d}' if m else ''} {suffix}"


def render_all(reasons: list[dict], lang: str) -> list[str]:
    return [render(r, lang) for r in reasons]


def visible_reasons(reasons: list[dict], helper: PublicProfile, *, need_area_shown: bool = True) -> list[dict]:
    """The reasons the viewer may read: a helper who keeps their languages or their area private
    (directory privacy) does not have them spelled out as "speaks Spanish" or "about 2 km away".
    A distance measures between two places, so it is also left out when the need's area is one the
    viewer may not see (the family's hidden home area, see service.need_area_shown): a helper would
    otherwise learn how far the family lives from them. The score still counts them; each side
    always sees what is theirs."""
    hidden = {"speaks", "other_language"} if not helper.shows_languages else set()
    if not helper.shows_area or not need_area_shown:
        hidden.add("distance")
    return [r for r in reasons if r["code"] not in hidden]
