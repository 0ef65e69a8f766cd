"""The school grades a text names, in English or Spanish: "3rd grader", "grades 3-5", "K-2",
"middle school", "octavo grado", "de primaria". A need names its child's grade; a strength may name
the grades its helper works with. Matching ranks a helper whose named grades leave the child out
below the ones whose grades fit or who name none, and one whose named grades fit a little above one
who names none (docs/matching.md, "Grades").

Grades are numbers: -1 preschool, 0 kindergarten, 1-12. A span is (lowest, highest), both included."""

from __future__ import annotations

import re

from api.skills.text import fold

PRESCHOOL, KINDERGARTEN = -1, 0
_ORD_WORDS = {
    # English
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    # Spanish (accents folded)
    "primer": 1, "primero": 1, "segundo": 2, "tercer": 3, "tercero": 3, "cuarto": 4, "quinto": 5, "sexto": 6,
    "septimo": 7, "octavo": 8, "noveno": 9, "decimo": 10,
}  # fmt: skip
_K = r"(?:k|kinder|kindergarten|kinders)"
_NUM = r"(?:\d{1,2})(?:st|nd|rd|th|ro|do|er|to|vo|no|mo|o|a|°|º)?"
_WORD = "|".join(sorted(_ORD_WORDS, key=len, reverse=True))
_G = rf"(?:{_K}|{_NUM}|{_WORD})"
# A range: "K-2", "3rd-5th", "grades 3 to 5", "de 1ro a 3ro", "k through 2".
_RANGE = re.compile(
    rf"\b(?:grades?\s+|grados?\s+|de\s+)?({_G})\s*(?:-|–|to|through|thru|a|al|hasta)\s*({_G})\b(?:\s*(?:grade|grado))?"
)
# One grade: "3rd grade(r)", "grade 3", "5to grado", "octavo grado", "grado 8", "tercer año".
_ONE = re.compile(
    rf"\b(?:({_NUM}|{_WORD})\s*(?:grade|graders?|grado|ano de primaria|ano)\b|(?:grade|grado)\s+(\d{{1,2}})\b)"
)
# Named stages. Spanish "secundaria" is grades 7-9 in Mexico and is said of US middle school too.
_STAGES = [
    (re.compile(r"\b(?:pre-?k|pre-?kinder|preschool|pre-?school|preescolar|prekinder)\b"), (PRESCHOOL, PRESCHOOL)),
    (re.compile(r"\b(?:kindergarten|kinder|kindergartner|kinders)\b"), (KINDERGARTEN, KINDERGARTEN)),
    (re.compile(r"\b(?:elementary|grade school|primaria)\b"), (KINDERGARTEN, 6)),
    (re.compile(r"\b(?:middle school|middle schooler|junior high|secundaria)\b"), (6, 9)),
    (re.compile(r"\b(?:high school|high schooler|preparatoria|prepa)\b"), (9, 12)),
]


def _grade(token: str) -> int | None:
    token = token.strip()
    if re.fullmatch(_K, token):
        return KINDERGARTEN
    if token in _ORD_WORDS:
        return _ORD_WORDS[token]
    digits = re.match(r"\d{1,2}", token)
    if digits:
        n = int(digits.group())
        return n if 1 <= n <= 12 else None
    return None


def grade_span(text: str, *, stages: bool = True, single: bool = True) -> tuple[int, int] | None:
    """The lowest and highest grade the text names (None: it names none). stages=False leaves out
    "elementary", "high school"...; single=False leaves out one grade said alone ("3rd grade")."""
    t = fold(text)
    found: list[int] = []
    for m in _RANGE.finditer(t):
        a, b = _grade(m.group(1)), _grade(m.group(2))
        # "3 to 5" is only a range of grades when something says so ("grades", "K", an ordinal).
        said = m.group(0)
        if a is None or b is None or a > b:
            continue
        if not (re.search(r"grad|\bk|kinder|st\b|nd\b|rd\b|th\b|ro\b|do\b|to\b|vo\b|°|º", said)):
            continue
        found += [a, b]
        t = t.replace(said, " ")
    for m in _ONE.finditer(t) if single else ():
        g = _grade(m.group(1) or m.group(2))
        if g is not None:
            found.append(g)
    for pattern, (lo, hi) in _STAGES if stages else ():
        if pattern.search(t):
            found += [lo, hi]
    return (min(found), max(found)) if found else None


def strength_grades(title: str, description: str) -> tuple[int, int] | None:
    """The grades a helper says they work with: what the title names ("Homework help K-2", "Middle
    school math"), and ranges the description spells out ("grades 3-5"). A description's passing
    mention ("retired kindergarten aide", "my son is in 3rd grade") says who they are, not whom
    they help, so it does not narrow them."""
    spans = [s for s in (grade_span(title), grade_span(description, stages=False, single=False)) if s]
    return (min(s[0] for s in spans), max(s[1] for s in spans)) if spans else None


def need_grades(title: str, description: str) -> tuple[int, int] | None:
    """The child's grade (or the children's) as the need says it, anywhere in its text."""
    return grade_span(f"{title}. {description}")


def label(span: tuple[int, int], lang: str) -> str:
    """ "grades K–2", "grade 5" / "kínder a 2.º", "5.º grado"."""
    lo, hi = span
    if lang == "es":
        name = {PRESCHOOL: "preescolar", KINDERGARTEN: "kínder"}
        one = lambda g: name.get(g, f"{g}.º")  # noqa: E731
        return f"{one(lo)} grado" if lo == hi and lo > 0 else one(lo) if lo == hi else f"{one(lo)} a {one(hi)}"
    name = {PRESCHOOL: "pre-K", KINDERGARTEN: "K"}
    one = lambda g: name.get(g, str(g))  # noqa: E731
    if lo == hi:
        return f"grade {lo}" if lo > 0 else one(lo)
    return f"grades {one(lo)}–{one(hi)}"


def fits(need: tuple[int, int] | None, strength: tuple[int, int] | None) -> bool:
    """Whether a helper's named grades meet the child's (true when either names none)."""
    if need is None or strength is None:
        return True
    return strength[0] <= need[1] and need[0] <= strength[1]
