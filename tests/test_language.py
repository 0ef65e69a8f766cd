"""Language detection (api/language.py) answers exactly what py3langid answers, from a compact copy
of the model made once per machine by a child process; without a writable place for the copy it
loads the model in the process and still answers the same."""

from __future__ import annotations

import subprocess

import pytest

from api import language

TEXTS = [
    "Necesito ayuda con la tarea de matemáticas de mi hija",
    "Help with fractions homework after school, two afternoons a week",
    "Je cherche quelqu'un pour aider mon fils à lire le soir",
    "Preciso de ajuda para preencher o formulário da escola",
    "Tôi cần người giúp con tôi học toán sau giờ học",
    "Мне нужна помощь с домашним заданием по математике",
    "我需要有人帮我的孩子做数学作业",
    "Mwen bezwen èd pou pitit mwen ak devwa li",
    "Kailangan ko ng tulong sa takdang-aralin ng anak ko",
    "ok gracias",  # too short: the writer's language
    "Reunión con la maestra el jueves / meeting with the teacher Thursday",
]


@pytest.fixture
def fresh_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("VILLAGE_CACHE_DIR", str(tmp_path))
    language._identifier.cache_clear()
    yield tmp_path
    language._identifier.cache_clear()


def test_every_text_of_the_matching_evaluation_gets_the_librarys_language(fresh_cache):
    from tests.skills.eval_cases import CASES, HELPERS

    texts = [f"{c.title} {c.description}" for c in CASES]
    texts += [f"{o.title} {o.description}" for p in HELPERS for o in p.offers]
    library = language._library_identifier()
    ours = language._identifier()
    assert isinstance(ours, language.CompactIdentifier)
    for text in texts:
        theirs, mine = library.classify(text), ours.classify(text)
        assert mine[0] == theirs[0] and mine[1] == pytest.approx(theirs[1], abs=1e-4), text
    assert len(texts) > 350


def _library_answers() -> list[tuple[str, float]]:
    library = language._library_identifier()
    return [library.classify(t) for t in TEXTS]


def test_the_compact_copy_answers_as_the_library_does_and_is_made_once(fresh_cache, monkeypatch):
    assert not any(fresh_cache.iterdir())
    ours = [language._identifier().classify(t) for t in TEXTS]
    assert [lang for lang, _ in ours] == [lang for lang, _ in _library_answers()]
    assert [c for _, c in ours] == pytest.approx([c for _, c in _library_answers()], abs=1e-4)
    assert language.detect(TEXTS[0], "en") == "es" and language.detect(TEXTS[1], "es") == "en"
    assert language.detect("ok gracias", "en") == "en"
    assert (language.cache_dir() / "nextmove.bin").exists()

    # Another process (here: the same one, its memo cleared) maps the copy without making it again.
    language._identifier.cache_clear()

    def no_child(*args, **kwargs):
        raise AssertionError("the copy exists: nothing to build")

    monkeypatch.setattr(subprocess, "run", no_child)
    assert [language._identifier().classify(t) for t in TEXTS] == ours


def test_without_a_writable_cache_the_model_loads_in_the_process(fresh_cache, monkeypatch, caplog):
    blocker = fresh_cache / "a-file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("VILLAGE_CACHE_DIR", str(blocker))  # nothing can be made under a file
    answers = [language._identifier().classify(t) for t in TEXTS]
    assert [lang for lang, _ in answers] == [lang for lang, _ in _library_answers()]
    assert [c for _, c in answers] == pytest.approx([c for _, c in _library_answers()], abs=1e-4)
    assert "loading it in this process" in caplog.text


def test_held_lets_the_models_pages_go_once_for_many_texts(fresh_cache, monkeypatch):
    # One text at a time (an API process): its pages are let go after each. Many in a row (a
    # migration reading every text again): once, at the end.
    ours = language._identifier()
    released = []
    monkeypatch.setattr(ours, "release", lambda: released.append(1))
    for t in TEXTS[:3]:
        ours.classify(t)
    assert len(released) == 3
    released.clear()
    with language.held():
        answers = [language.detect(t, "en") for t in TEXTS]
        assert not released
    assert len(released) == 1
    assert answers == [language.detect(t, "en") for t in TEXTS]  # the same answers either way
