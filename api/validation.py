"""Checks for input from outside: every rule says clearly what is wrong and where."""

from __future__ import annotations

import re
import unicodedata
from zoneinfo import available_timezones

from email_validator import EmailNotValidError, validate_email

from api.errors import DomainError, Invalid, ValidationErrors

UI_LANGUAGES = ("en", "es")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Z][A-Za-z]{1,3})?$")
# Names the time zone database holds that are not places a person lives in: the system's own
# setting, tzdata's placeholder, POSIX rule names and bare abbreviations (kept by IANA only for old
# systems), and the posix/ and right/ copies of the whole tree some systems ship. "UTC" stays allowed.
_NOT_PLACES = frozenset(
    {"localtime", "Factory", "posixrules", "EST5EDT", "CST6CDT", "MST7MDT", "PST8PDT", "EST", "MST", "HST"}
    | {"CET", "EET", "MET", "WET"}
)
_ZONES = frozenset(z for z in available_timezones() if z not in _NOT_PLACES and not z.startswith(("posix/", "right/")))
# C0 control characters and DEL. PostgreSQL refuses NUL in text outright; the others no person types,
# and they only confuse whoever reads the text later (terminal escapes, bells). Multi-line text keeps
# tab, line feed and carriage return (a textarea may send CRLF; clean_text drops the CR).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_MULTILINE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class Checker:
    """Collects every field problem, then raises them together (one mutation, one list of errors)."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    def add(self, field: str, message: str, code: str = "INVALID") -> None:
        self.errors.append(Invalid(message, field=field, code=code))

    def done(self) -> None:
        if self.errors:
            raise ValidationErrors(self.errors)

    def characters(self, field: str, value: str, *, label: str, multiline: bool = False) -> bool:
        """False (and an INVALID_CHARACTERS error) when the value holds control characters; see
        has_control_characters."""
        if has_control_characters(value, multiline=multiline):
            self.add(field, _characters_message(label, multiline), "INVALID_CHARACTERS")
            return False
        return True

    def text(
        self, field: str, value: str | None, *, min_len: int = 0, max_len: int, label: str, multiline: bool = True
    ) -> str | None:
        """Free text, cleaned. Control characters are refused (INVALID_CHARACTERS); pass multiline=False
        for a one-line value such as a name, which then refuses line breaks and tabs too."""
        if value is None:
            return None
        cleaned = clean_text(value)
        if not self.characters(field, value, label=label, multiline=multiline):
            return cleaned
        if min_len and not cleaned:
            self.add(field, f"{label} is required.", "REQUIRED")
        elif len(cleaned) < min_len:
            self.add(field, f"{label} needs at least {min_len} characters.", "TOO_SHORT")
        elif len(cleaned) > max_len:
            self.add(field, f"{label} can be at most {max_len} characters.", "TOO_LONG")
        return cleaned

    def text_list(
        self, field: str, values: list[str] | None, *, max_items: int, max_len: int, label: str
    ) -> list[str] | None:
        if values is None:
            return None
        out: list[str] = []
        if len(values) > max_items:
            self.add(field, f"{label}: at most {max_items} items.", "TOO_MANY")
            return None
        for i, v in enumerate(values):
            c = clean_text(v)
            if not self.characters(f"{field}.{i}", v, label=f"{label}: each item"):
                continue
            if not c:
                self.add(f"{field}.{i}", f"{label}: an item is empty.", "REQUIRED")
            elif len(c) > max_len:
                self.add(f"{field}.{i}", f"{label}: each item can be at most {max_len} characters.", "TOO_LONG")
            elif c.casefold() not in {o.casefold() for o in out}:
                out.append(c)
        return out

    def email(self, field: str, value: str) -> str:
        try:
            return validate_email(value.strip(), check_deliverability=False).normalized.lower()
        except EmailNotValidError as e:
            self.add(field, f"That email address is not valid: {e}", "INVALID_EMAIL")
            return value

    def password(self, field: str, value: str) -> None:
        if len(value) < 10:
            self.add(field, "Use at least 10 characters for your password.", "WEAK_PASSWORD")
        elif len(value) > 200:
            self.add(field, "Passwords can be at most 200 characters.", "TOO_LONG")

    def languages(self, field: str, values: list[str] | None) -> list[str] | None:
        if values is None:
            return None
        if len(values) > 12:
            self.add(field, "List at most 12 languages.", "TOO_MANY")
            return None
        out: list[str] = []
        for v in values:
            if not _LANG.match(v.strip()):
                self.add(
                    field,
                    f"'{v[:20]}' is not a language code (use codes like 'en', 'es', 'zh-Hant').",
                    "INVALID_LANGUAGE",
                )
            elif v.strip() not in out:
                out.append(v.strip())
        return out

    def ui_language(self, field: str, value: str | None) -> str | None:
        if value is not None and value not in UI_LANGUAGES:
            self.add(field, f"Village speaks {', '.join(UI_LANGUAGES)} for now.", "UNSUPPORTED_LANGUAGE")
        return value

    def timezone(self, field: str, value: str | None) -> str | None:
        if value is not None and value not in _ZONES:
            self.add(field, f"'{value[:64]}' is not a time zone name (like 'America/Chicago').", "INVALID_TIMEZONE")
        return value


def has_control_characters(value: str, *, multiline: bool = False) -> bool:
    """Whether text from outside holds C0 control characters or DEL (NUL among them, which PostgreSQL
    cannot store or compare). With multiline=True, tab, line feed and carriage return are allowed.
    Every domain checks free text with it: through Checker.text/text_list/characters, or
    refuse_control_characters for a value checked on its own (a code, a search)."""
    return (_CONTROL_MULTILINE if multiline else _CONTROL).search(value) is not None


def refuse_control_characters(field: str, value: str | None, *, label: str, multiline: bool = False) -> None:
    """Raise Invalid(code="INVALID_CHARACTERS") naming the field when the value holds control characters."""
    if value is not None and has_control_characters(value, multiline=multiline):
        raise Invalid(_characters_message(label, multiline), field=field, code="INVALID_CHARACTERS")


def _characters_message(label: str, multiline: bool) -> str:
    if multiline:
        return f"{label} contains control characters; remove them and try again."
    return f"{label} contains line breaks, tabs or other control characters; remove them and try again."


def normalize_email(value: str) -> str:
    """The form emails are stored and looked up in; unparseable input is just trimmed and lowered
    (it matches nothing, and log-in answers as for any wrong password)."""
    try:
        return validate_email(value.strip(), check_deliverability=False).normalized.lower()
    except EmailNotValidError:
        return value.strip().lower()


def clean_text(value: str) -> str:
    """Normalise Unicode, drop control characters, trim. Keeps newlines for longer text."""
    value = unicodedata.normalize("NFC", value)
    value = "".join(ch for ch in value if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return value.strip()
