"""The kinds of notification: their texts in each UI language (rendered when read or pushed, never
stored), the type of their subject, and whether they are urgent (pushed during quiet hours).

No text names a child, a place or quotes a message: push payloads travel through third-party push
services, and the app fetches the details once the person opens it."""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("en", "es")


@dataclass(frozen=True)
class Kind:
    name: str
    subject_type: str  # a GraphQL type name (schema.ids.to_global_id), e.g. "Match"
    title: dict[str, str]  # generic: the push notification's title and the feed's headline
    body: dict[str, str]  # for the in-app feed; may use {actor}, a display name, never more
    # Urgent kinds break through quiet hours and are pushed with `Urgency: high`. None of the match
    # kinds are; trip changes close to departure will be (an emitter may also mark one notification
    # urgent, e.g. a cancellation an hour before pick-up, and leave the kind's default off).
    urgent: bool = False


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind(
            "match_suggested", "Match",
            {"en": "New match suggestion", "es": "Nueva sugerencia de ayuda"},
            {"en": "{actor} posted a need you could help with.", "es": "{actor} publicó una necesidad en la que podrías ayudar."},
        ),
        Kind(
            "match_offered", "Match",
            {"en": "Someone offered to help", "es": "Alguien ofreció ayuda"},
            {"en": "{actor} offered to help with your need.", "es": "{actor} ofreció ayudar con tu necesidad."},
        ),
        Kind(
            "match_requested", "Match",
            {"en": "A family asked for your help", "es": "Una familia pidió tu ayuda"},
            {"en": "{actor} asked if you can help.", "es": "{actor} preguntó si puedes ayudar."},
        ),
        Kind(
            "match_accepted", "Match",
            {"en": "Match accepted", "es": "Ayuda aceptada"},
            {"en": "{actor} said yes. You can now contact each other.", "es": "{actor} dijo que sí. Ya pueden contactarse."},
        ),
        Kind(
            "match_declined", "Match",
            {"en": "Match declined", "es": "Ayuda no aceptada"},
            {"en": "{actor} can't this time.", "es": "{actor} no puede esta vez."},
        ),
        Kind(
            "match_completed", "Match",
            {"en": "Help marked as done", "es": "Ayuda completada"},
            {"en": "{actor} marked your help as done.", "es": "{actor} marcó tu ayuda como completada."},
        ),
        Kind(
            "thanks_received", "Match",
            {"en": "You received a thank-you", "es": "Recibiste un agradecimiento"},
            {"en": "{actor} thanked you for your help.", "es": "{actor} te agradeció tu ayuda."},
        ),
    )
}

SOMEONE = {"en": "Someone", "es": "Alguien"}


def text_language(language: str | None) -> str:
    """The language texts are rendered in: the person's when supported, else English."""
    return language if language in LANGUAGES else "en"


_lang = text_language


def title(kind: str, language: str | None) -> str:
    k = KINDS.get(kind)
    return k.title[_lang(language)] if k else {"en": "Something new", "es": "Algo nuevo"}[_lang(language)]


def body(kind: str, language: str | None, actor_name: str | None) -> str:
    k = KINDS.get(kind)
    lang = _lang(language)
    if k is None:
        return ""
    return k.body[lang].format(actor=actor_name or SOMEONE[lang])


def push_body(kind: str, language: str | None) -> str:
    """The body of a push notification: the feed's line without the name (lock screens are public)."""
    return body(kind, language, None)


def is_urgent(kind: str) -> bool:
    k = KINDS.get(kind)
    return bool(k and k.urgent)
