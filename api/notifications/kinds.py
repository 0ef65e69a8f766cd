"""The kinds of notification: their texts in each UI language (rendered when read or pushed, never
stored), the type of their subject, and whether they are urgent (pushed during quiet hours).

No text names a child, a place or quotes a message: push payloads travel through third-party push
services, and the app fetches the details once the person opens it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Kind:
    name: str
    subject_type: str  # a GraphQL type name (api.ids.to_global_id), e.g. "Match"
    title: dict[str, str]  # generic: the push notification's title and the feed's headline
    body: dict[str, str]  # for the in-app feed; may use {actor}, a display name, never more
    # Urgent kinds break through quiet hours and are pushed with `Urgency: high`. None of the match
    # kinds are; trip changes close to departure will be (an emitter may also mark one notification
    # urgent, e.g. a cancellation an hour before pick-up, and leave the kind's default off).
    urgent: bool = False
    # In the notifications feed (False: pushed only; a message shows in its conversation instead).
    feed: bool = True
    # Pushes of this kind collapse per subject (one conversation's messages replace each other on
    # the lock screen: the push `Topic` and the notification's tag are the subject's), instead of
    # per notification.
    collapse_by_subject: bool = False
    # Not pushed to someone who has the subject open on screen (api/presence.py).
    quiet_when_watching: bool = False


@cache
def registry() -> dict[str, Kind]:
    """Every notification kind, from each domain's events.py (KINDS), by name."""
    from api.domains import parts

    out: dict[str, Kind] = {}
    for module in parts("events"):
        for k in getattr(module, "KINDS", ()):
            if k.name in out:
                raise RuntimeError(f"notification kind {k.name!r} is declared twice")
            out[k.name] = k
    return out


SOMEONE = {"en": "Someone", "es": "Alguien"}


def text_language(language: str | None) -> str:
    """The language texts are rendered in: the person's when supported, else English."""
    return language if language in LANGUAGES else "en"


_lang = text_language


def title(kind: str, language: str | None) -> str:
    k = registry().get(kind)
    return k.title[_lang(language)] if k else {"en": "Something new", "es": "Algo nuevo"}[_lang(language)]


def body(kind: str, language: str | None, actor_name: str | None) -> str:
    k = registry().get(kind)
    lang = _lang(language)
    if k is None:
        return ""
    return k.body[lang].format(actor=actor_name or SOMEONE[lang])


def push_body(kind: str, language: str | None) -> str:
    """The body of a push notification: the feed's line without the name (lock screens are public)."""
    return body(kind, language, None)


def get(kind: str) -> Kind | None:
    return registry().get(kind)


def is_urgent(kind: str) -> bool:
    k = registry().get(kind)
    return bool(k and k.urgent)
