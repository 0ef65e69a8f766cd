"""Which language a short text is written in (messages are stored with it, for translation later).

py3langid (langid.py's naive Bayes model, in the wheel, no network) limited to the languages school
families here write in. A short or mixed text ("ok", "gracias!") is not guessed: the writer's own
language is used instead, which is right far more often than a low-confidence guess."""

from __future__ import annotations

from functools import cache

# The languages a guess may name; others are written by too few families for the model to be
# trusted over the writer's own setting.
DETECTED = ("en", "es", "fr", "pt", "zh", "vi", "ar", "ht", "so", "ru", "ko", "tl")
MIN_LENGTH = 12  # characters: below this a guess is mostly noise
MIN_CONFIDENCE = 0.9


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(DETECTED))
    return identifier


def detect(text: str, fallback: str) -> str:
    """The language code of `text`, or `fallback` (the writer's language) when unsure."""
    if len(text.strip()) < MIN_LENGTH:
        return fallback
    # Loaded on first use (about half a second, once per process); well under a millisecond a text.
    language, confidence = _identifier().classify(text[:1000])
    return language if confidence >= MIN_CONFIDENCE else fallback
