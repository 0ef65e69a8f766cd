"""The words of strengths and needs, as matching reads them (DESIGN.md §5; docs next to matching.py).

A text becomes *terms*:
- `@<concept>`: a word or phrase found in the bilingual concept table (api/skills/concepts.py), in
  either language ("tarea" and "homework" both give `@homework`), plus its broader concept at half
  weight ("fracciones" gives `@fractions` and a little of `@math`);
- `<stem>`: any other content word, stemmed with the Snowball stemmer of the language the text is
  written in (both stemmers when the language is unclear), accents stripped, stop words and words
  that say nothing about the help ("need", "kids", "school", "Tuesday") left out.

A few words mean another concept in a text filed under a given category ("suspension" under car
repair; concepts.SENSES): `analyse(..., category=)` reads them so.

Each term carries a weight: 2 for a word of the title, 1 of the description, summed and capped, so
a strength whose title names the thing outranks one that mentions it in passing. Strengths keep their
terms (`strengths.terms`) and matching reads them from `strength_postings`, one row per community
and term (migration 0015). Stemming is in Python (PyStemmer) rather than PostgreSQL's text search so
that strengths, needs, the concept table and staff-added terms are all analysed by the same code."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import islice

import Stemmer

from api import language as language_detection
from api.skills.concepts import AS_WRITTEN, CONCEPTS, SENSES


def _words(text: str) -> list[str]:
    return text.split()


TITLE_WEIGHT, DESCRIPTION_WEIGHT, MAX_WEIGHT = 2.0, 1.0, 4.0
BROADER_SHARE = 0.5  # a narrower concept also counts this much towards its broader one
WORD_SHARE = 0.5
# The words of a phrase the table names count too, for less ("corto ramas" is tree trimming, and a
# need about a "rama" shares that word with it), once each and never a word that says nothing.
PHRASE_WORD_SHARE = 0.25
CUE = "cue:"  # a sense chosen by a concept named in the text, not by its category (concepts.Sense.cue)
MAX_PHRASE = 3
LANGUAGES = ("en", "es")

_STOP_EN = _words(
    """a about above after again against all am an and any are as at be because been before being
below between both but by can cannot could did do does doing down during each few for from further had has
have having he her here hers herself him himself his how i if in into is it its itself just let me more most
my myself no nor not of off on once only or other ought our ours ourselves out over own same she should so
some such than that the their theirs them themselves then there these they this those through to too under
until up very was we were what when where which while who whom why will with would you your yours yourself
yourselves also am get got really very much many lot lots like able want wants wanted im ive dont cant its
one two every thing things something anything way ok okay hi hello thank thanks please etc say says said
think thinks thought feel feels felt know knows knew keep keeps kept try tries tried trying maybe sure still even
well lot lots anymore everything everyone whole already actually basically without
won don doesn didn isn wasn aren couldn wouldn shouldn haven hasn"""
)
_STOP_ES = _words(
    """a al algo algunas algunos ante antes como con contra cual cuando de del desde donde durante e
el ella ellas ellos en entre era erais eran eras eres es esa esas ese eso esos esta estaba estado estamos
estan estar estas este esto estos estoy fue fueron fui ha habia han has hasta hay la las le les lo los mas
me mi mis mucho muchos muy ni no nos nosotros o os otra otras otro otros para pero poco por porque que quien
quienes se sea ser si sido sin sobre solo son soy su sus tambien te tengo tiene tienen todo todos tu tus un
una unas uno unos usted ustedes y ya yo puede pueden puedo quiero quisiera gustaria necesita favor hola
cosa cosas cada vez veces bien mal asi aqui alla ese esa creo cree creemos dice dicen dijo siento siente se
va van voy hace hacen hacer poca poco pocos pocas siempre nunca todavia mas menos ahora entonces pues aunque
tambien algun alguna tampoco tenemos tener tenia tenian tuve tuvo haga hagan hago hacemos hice hizo nomas
ahorita"""
)

# Words that say nothing about *what* help is needed (both languages); they would match everything.
GENERIC_WORDS = set(
    _words(
        """help helping helper helpers need needs needed looking someone anyone somebody anybody please thanks would
could son sons daughter daughters kid kids child children family families week weeks time times grader
graders year years old parent parents mom dad mother father person people day days hour hours
ayuda ayudar ayudas necesito necesitamos necesita busco buscamos buscando alguien favor gracias hijo hija
hijos hijas nino nina ninos ninas familia familias semana semanas tiempo grado ano anos mama papa padre madre
padres persona personas dia dias hora horas
school schools escuela escuelas
monday tuesday wednesday thursday friday saturday sunday mondays tuesdays wednesdays thursdays fridays
saturdays sundays weekend weekends weekday weekdays morning mornings afternoon afternoons evening evenings
night nights today tomorrow lunes martes miercoles jueves viernes sabado sabados domingo domingos manana
mananas tarde tardes noche noches hoy
january february march april may june july august september october november december
enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre diciembre
first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth kindergartner kindergartners
primero primer segundo tercero tercer cuarto quinto sexto septimo octavo noveno decimo
idea ideas tip tips advice suggestion suggestions recommendation recommendations consejo consejos sugerencia
sugerencias recomendacion recomendaciones"""
    )
)
# The words for the child help is for, which may stand inside a phrase of the table (see _analyse_part).
CHILD_WORDS = frozenset(
    _words("kid kids child children son sons daughter daughters hijo hijos hija hijas nino ninos nina ninas")
)
# Other forms of those words ("ayudo", "needing"), by their stem in each language.
_GENERIC_STEMS: dict[str, set[str]] = {}
# A grade or an age ("2nd", "5to", "3ro", "9yo") says who the help is for, not what it is.
_ORDINAL = re.compile(r"^\d{1,2}(st|nd|rd|th|ro|do|er|to|vo|no|mo|o|a|yo|yrs?)$")
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)?", re.UNICODE)


def fold(text: str) -> str:
    """Lower case without accents ("Fútbol" → "futbol"): families often type without them."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("’", "'")


@cache
def _stemmer(lang: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer({"en": "english", "es": "spanish"}[lang])


_ENCLITIC = re.compile(r"(ar|er|ir)(me|te|se|lo|la|le|los|las|les|nos)$")
_INFINITIVE = re.compile(r"^(.{2,})(ar|er|ir)$")
_FIRST_PERSON = re.compile(r"^(.{2,})o$")


@lru_cache(maxsize=200_000)
def stem(word: str, lang: str) -> str:
    if lang != "es":
        return _stemmer(lang).stemWord(word)
    # Snowball leaves short Spanish verbs whole ("armar", "armo", "armarla" stay three words):
    # take off an attached pronoun, then an infinitive's or a first person's ending it left.
    word = _ENCLITIC.sub(r"\1", word)
    out = _stemmer("es").stemWord(word)
    if out == word and (m := _INFINITIVE.match(word) or _FIRST_PERSON.match(word)) and len(word) <= 6:
        return m.group(1)
    return out


def _generic_stems(lang: str) -> set[str]:
    if lang not in _GENERIC_STEMS:
        _GENERIC_STEMS[lang] = {stem(w, lang) for w in GENERIC_WORDS}
    return _GENERIC_STEMS[lang]


def tokens(text: str) -> list[tuple[str, str]]:
    """(folded word, word as written) for each word of the text, in order; numbers under 3 digits dropped."""
    out = []
    for m in _TOKEN.finditer(text):
        raw = m.group(0)
        word = fold(raw).split("'")[0]
        if len(word) < 2 or (word.isdigit() and len(word) < 3):
            continue
        out.append((word, raw))
    return out


@dataclass(frozen=True)
class ConceptTerm:
    concept: str
    lang: str
    term: str


@dataclass
class Lexicon:
    """Phrases of stems (per language) to the concept they name; built from the concept table and,
    for one community, the terms its staff added (matching_terms)."""

    phrases: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)
    exact: dict[tuple[str, ...], str] = field(default_factory=dict)
    broader: dict[str, str] = field(default_factory=dict)
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    # (category slug or root, words as written or ("<lang>", *stems)) → the concept the words mean
    # in a text filed under that category (concepts.SENSES).
    senses: dict[tuple[str, tuple[str, ...]], str] = field(default_factory=dict)
    cues: set[str] = field(default_factory=set)  # concepts that choose a sense wherever they are named
    # Phrases that are one word without their stop words ("no duerme"), as written → concept.
    collapsed: dict[tuple[str, ...], str] = field(default_factory=dict)
    # Phrases with a stop word after their first word ("walk to school", "llevar a la escuela"), by
    # their keys in `phrases` and `exact`: the child they are done for may stand inside them.
    bridged: set[tuple[str, ...]] = field(default_factory=set)

    def add(self, concept: str, lang: str, term: str, *, stemmed: bool = True) -> tuple[str, ...] | None:
        """`stemmed=False`: the term is found only as written (concepts.AS_WRITTEN)."""
        stems = phrase_stems(term, lang)
        if not stems:
            return None
        # A phrase that is one word once its stop words go ("know your rights" → "rights") would
        # claim that common word for the concept: it is found only as written, stop words included.
        if len(stems) == 1 and len(tokens(term)) > 1:
            for variant in plurals(term):
                self.collapsed.setdefault(tuple(w for w, _ in tokens(variant)), concept)
            return None
        every = _TOKEN.findall(fold(term))  # one-letter words too ("a", "y"): tokens() drops them
        content = [k for k, w in enumerate(every) if len(w) > 1 and w not in _STOP_EN and w not in _STOP_ES]
        bridged = len(content) > 1 and content[1] > content[0] + 1
        # Plurals the stemmer does not fold ("tarea" → tare, "tareas" → tar): register them as well.
        for variant in {phrase_stems(v, lang) for v in plurals(term)} if stemmed else ():
            if variant and len(variant) == len(stems):
                self.phrases.setdefault((lang, variant), concept)
                if bridged:
                    self.bridged.add((lang, *variant))
        # As written, for a word of the other language in a text ("raite" in English, "Seesaw" in
        # Spanish): matched exactly, never by stem, since stems cross languages by accident
        # (Spanish "techo", roof, stems to English "tech").
        for variant in plurals(term):
            words = content_words(variant)
            if words:
                self.exact.setdefault(words, concept)
                if bridged:
                    self.bridged.add(words)
        return stems

    def extended(self, extra: list[ConceptTerm]) -> Lexicon:
        if not extra:
            return self
        out = Lexicon(
            dict(self.phrases),
            dict(self.exact),
            dict(self.broader),
            {k: dict(v) for k, v in self.labels.items()},
            self.senses,
            self.cues,
            self.collapsed,
            self.bridged,
        )
        theirs: set[tuple[str, ...]] = set()
        for t in extra:
            out.labels.setdefault(t.concept, {}).setdefault(t.lang, t.term)
            for variant in {phrase_stems(v, t.lang) for v in plurals(t.term)[:2]}:
                if variant:
                    out.phrases[(t.lang, variant)] = t.concept  # the community's word wins over the table's
                    theirs.add((t.lang, *variant))
            words = content_words(t.term)
            if words:
                out.exact[words] = t.concept
                theirs.add(words)
        # ...and over the table's meaning of it under a category.
        if theirs & {key for _, key in self.senses}:
            out.senses = {k: v for k, v in self.senses.items() if k[1] not in theirs}
        return out


def plurals(term: str) -> tuple[str, ...]:
    """The term and, unless it already ends in -s, its plurals: "caries" is not made "carieses",
    which stems to "car" and would take "cara" (face) for the dentist."""
    return (term,) if fold(term).endswith("s") else (term, term + "s", term + "es")


def content_words(term: str) -> tuple[str, ...]:
    """A term's words as written (folded), without its stop words."""
    return tuple(w for w, _ in tokens(term) if w not in _STOP_EN and w not in _STOP_ES)


def phrase_stems(term: str, lang: str) -> tuple[str, ...]:
    return tuple(stem(w, lang) for w in content_words(term)[:MAX_PHRASE])


@cache
def builtin_lexicon() -> Lexicon:
    lex = Lexicon()
    for c in CONCEPTS:
        lex.labels[c.key] = {"en": c.en[0], "es": c.es[0]}
        if c.broader:
            lex.broader[c.key] = c.broader
        for lang, terms in (("en", c.en), ("es", c.es)):
            for term in terms:
                lex.add(c.key, lang, term, stemmed=(lang, term) not in AS_WRITTEN)
    for sense in SENSES:
        # Under its category, and wherever its cue is named ("cue:<concept>", see analyse).
        for where in (sense.category, *((CUE + sense.cue,) if sense.cue else ())):
            for variant in plurals(sense.term):
                if stems := phrase_stems(variant, sense.lang):
                    lex.senses.setdefault((where, (sense.lang, *stems)), sense.concept)
                words = content_words(variant)
                lex.senses.setdefault((where, words), sense.concept)
        if sense.cue:
            lex.cues.add(sense.cue)
    return lex


def text_languages(text: str, hint: str | None) -> tuple[str, ...]:
    """The stemmers for a text: the language it is written in when clear, else both."""
    base = hint.split("-")[0] if hint else None
    detected = language_detection.detect(text, base or "und")
    return (detected,) if detected in LANGUAGES else LANGUAGES


@dataclass
class Analysis:
    terms: dict[str, float]  # term → weight
    surface: dict[str, str]  # term → the first word or phrase that gave it, as written
    length: float  # sum of the weights: the document length of BM25


def analyse(
    title: str,
    description: str = "",
    *,
    hint: str | None = None,
    lexicon: Lexicon | None = None,
    every_language: bool = False,
    category: str | None = None,
) -> Analysis:
    """The terms of a title and a description. every_language=True skips guessing the language and
    stems with both (a superset of the terms, for finding which words of a text gave a term).
    `category` (the slug the text is filed under) chooses between a word's meanings (concepts.SENSES)."""
    lex = lexicon or builtin_lexicon()
    langs = LANGUAGES if every_language else text_languages(f"{title} {description}", hint)
    terms: dict[str, float] = {}
    surface: dict[str, str] = {}
    categories = (category, category.split(".")[0]) if category and lex.senses else ()
    for part, weight in ((title, TITLE_WEIGHT), (description, DESCRIPTION_WEIGHT)):
        _analyse_part(part, weight, langs, lex, terms, surface, categories)
    # A word's meaning can hang on another word of the same text ("suspensión" beside "frenos"):
    # when a cue is named, read the text again with it.
    if cued := tuple(CUE + c for c in lex.cues if "@" + c in terms):
        terms, surface = {}, {}
        for part, weight in ((title, TITLE_WEIGHT), (description, DESCRIPTION_WEIGHT)):
            _analyse_part(part, weight, langs, lex, terms, surface, (*categories, *cued))
    terms = {t: min(w, MAX_WEIGHT) for t, w in terms.items()}
    return Analysis(terms=terms, surface=surface, length=sum(terms.values()))


def _analyse_part(text, weight, langs, lex: Lexicon, terms, surface, categories=()) -> None:
    every = tokens(text)
    kept = [k for k, (w, _) in enumerate(every) if w not in _STOP_EN and w not in _STOP_ES]
    words = [every[k] for k in kept]
    collapsed = _collapsed(lex, every, kept)
    # Each word's stem in both languages, for finding concepts (Spanglish: "raite" in an English text).
    stems = [{lang: stem(w, lang) for lang in LANGUAGES} for w, _ in words]
    # Spanish diminutives, by their base word ("sillitas" → silla), where there is one.
    undiminished = [_undiminish(w) if _DIMINUTIVE.match(w) else None for w, _ in words]
    broader_seen: set[str] = set()

    def phrase(at: list[int], bridged: bool) -> str | None:
        # Exactly as written first, in either language: a stem can land on another word's
        # ("Medicaid" stems in Spanish to médico's); then by stem in the text's language(s).
        # `bridged`: only a phrase with a stop word after its first word (see Lexicon.bridged).
        written = tuple(words[j][0] for j in at)
        if (concept := lex.exact.get(written)) and (not bridged or written in lex.bridged):
            return concept
        for lang in langs:
            keys = [tuple(stems[j][lang] for j in at)]
            if lang == "es" and any(undiminished[j] for j in at):
                keys.append(tuple(undiminished[j] or stems[j]["es"] for j in at))
            for key in keys:
                if (concept := lex.phrases.get((lang, key))) and (not bridged or (lang, *key) in lex.bridged):
                    return concept
        return None

    i = 0
    while i < len(words):
        found = None
        # The child a phrase is done for may stand inside it when a stop word follows its first
        # word: "walk my kids to school" is "walk to school", "llevar a mis hijos a la escuela"
        # "llevar a la escuela"; "drive my kids to practice" is not "driving practice".
        skips = i + 1 < len(words) and words[i + 1][0] in CHILD_WORDS and words[i][0] not in CHILD_WORDS
        if skips:
            later = (j for j in range(i + 2, len(words)) if words[j][0] not in CHILD_WORDS)
            past_child = [i, *islice(later, MAX_PHRASE - 1)]
        for n in range(min(MAX_PHRASE, len(words) - i), 0, -1):
            if concept := phrase(list(range(i, i + n)), False):
                found = (concept, n)
            elif n > 1 and skips and len(at := past_child[:n]) == n and (concept := phrase(at, True)):
                found = (concept, at[-1] + 1 - i)
            if found:
                break
        said = None
        if i in collapsed and (not found or found[1] == 1):
            (concept, said), found = collapsed[i], (collapsed[i][0], 1)
        if found:
            concept, n = found
            if categories and said is None:
                concept = _sense(lex, categories, words[i : i + n], stems[i : i + n], langs) or concept
            said = said or " ".join(raw for _, raw in words[i : i + n])
            _add(terms, surface, "@" + concept, weight, said)
            if concept in lex.broader:
                # At most once per part: three sports named do not make a text three times about sport.
                broad = "@" + lex.broader[concept]
                if broad not in broader_seen:
                    broader_seen.add(broad)
                    _add(terms, surface, broad, weight * BROADER_SHARE, said)
            # The words themselves too, for less: "Seesaw" and "Canvas" are one concept (school apps),
            # but a helper who names the very app asked about fits better.
            share = WORD_SHARE if n == 1 else PHRASE_WORD_SHARE
            for j in range(i, i + n):
                if n > 1 and _generic(words[j][0], stems[j], langs):
                    continue
                for lang in langs:
                    _add(terms, surface, stems[j][lang], weight * share, words[j][1])
            i += n
            continue
        word, raw = words[i]
        if not _generic(word, stems[i], langs):
            for lang in langs:
                _add(terms, surface, stems[i][lang], weight, raw)
        i += 1


def _collapsed(lex: Lexicon, every: list[tuple[str, str]], kept: list[int]) -> dict[int, tuple[str, str]]:
    """The table's phrases that are one word once their stop words go ("no duerme", "la migra", "down
    syndrome"), found as written: by the index of that word among the kept ones, (concept, phrase)."""
    out: dict[int, tuple[str, str]] = {}
    if not lex.collapsed:
        return out
    position = {k: j for j, k in enumerate(kept)}
    for k in range(len(every)):
        for n in (3, 2):
            key = tuple(w for w, _ in every[k : k + n])
            if len(key) == n and (concept := lex.collapsed.get(key)):
                inside = [position[x] for x in range(k, k + n) if x in position]
                if len(inside) == 1:
                    out.setdefault(inside[0], (concept, " ".join(raw for _, raw in every[k : k + n])))
                break
    return out


def _generic(word: str, stems: dict[str, str], langs) -> bool:
    """A word that says nothing about what help is asked for or offered (or is too short to)."""
    return (
        word in GENERIC_WORDS
        or _ORDINAL.match(word) is not None
        or any(stems[lang] in _generic_stems(lang) for lang in langs)
        or (len(word) < 3 and not word.isdigit())
    )


def _sense(lex: Lexicon, categories, words, stems, langs) -> str | None:
    """The concept the words mean under the text's category, when it is not the table's."""
    as_written = tuple(w for w, _ in words)
    for category in categories:
        if concept := lex.senses.get((category, as_written)):
            return concept
        for lang in langs:
            if concept := lex.senses.get((category, (lang, *(s[lang] for s in stems)))):
                return concept
    return None


_DIMINUTIVE = re.compile(r"^(.{3,}?)(?:c?it)(o|a)s?$")


def _undiminish(word: str) -> str:
    """The Spanish stem of a diminutive's base ("sillitas" → silla, "cafecito" → cafe)."""
    m = _DIMINUTIVE.match(word)
    return stem(m.group(1) + m.group(2) if m else word, "es")


def _add(terms: dict[str, float], surface: dict[str, str], term: str, weight: float, said: str) -> None:
    terms[term] = terms.get(term, 0.0) + weight
    surface.setdefault(term, said)
