"""Which language a short text is written in (messages are stored with it, for translation later;
needs and strengths are stemmed by it).

py3langid (langid.py's naive Bayes model, in the wheel, no network) limited to the languages school
families here write in. A short or mixed text ("ok", "gracias!") is not guessed: the writer's own
language is used instead, which is right far more often than a low-confidence guess.

**Memory.** Loaded as the library loads it, the model costs a process about 80 MB: the tokenizer's
automaton (39 MB), the scores of all 97 languages kept beside the 12 in use (28 MB), and two lists
of 104,583 Python ints. Every API process and the worker load it (a need, a strength or a message
is analysed when written), so this module keeps a compact copy on disk instead, made once per
machine and model version by a short-lived child process (`python -m api.language --build-cache
DIR`), and maps it read-only: the automaton and the tables are file pages the operating system
shares between processes and reads in only where texts lead. The classifier over it is a few
lines of plain Python (CompactIdentifier), so numpy (15 MB) never loads in an API process either;
its answers are the library's (tests/test_language.py compares them). If the copy cannot be
written (VILLAGE_CACHE_DIR, else $XDG_CACHE_HOME or ~/.cache, unwritable), the model loads in the
process with the library, less the 85 unused languages."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import math
import mmap
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# The languages a guess may name; others are written by too few families for the model to be
# trusted over the writer's own setting.
DETECTED = ("en", "es", "fr", "pt", "zh", "vi", "ar", "ht", "so", "ru", "ko", "tl")
MIN_LENGTH = 12  # characters: below this a guess is mostly noise
MIN_CONFIDENCE = 0.9
CACHE_FORMAT = 2  # bump when the files below change
# The compact copy: raw little-endian arrays (memoryview typecodes), read without numpy.
_ARRAYS = {"nextmove": "I", "rowbase": "q", "output": "i", "ptc": "f", "pc": "f"}
_FILES = (*(f"{name}.bin" for name in _ARRAYS), "classes.json")
MODEL = "data/model.npz.xz"  # py3langid.langid.MODEL_FILE, found without importing it (it imports numpy)


def cache_dir() -> Path:
    """Where the compact copy lives: VILLAGE_CACHE_DIR, else the user's cache directory, named by
    everything that changes its content."""
    spec = importlib.util.find_spec("py3langid")
    if spec is None or not spec.submodule_search_locations:
        raise OSError("py3langid is not installed")
    model = Path(next(iter(spec.submodule_search_locations))) / MODEL
    stat = model.stat()
    key = f"{CACHE_FORMAT}|{model.name}|{stat.st_size}|{stat.st_mtime_ns}|{','.join(DETECTED)}"
    name = "langid-" + hashlib.sha256(key.encode()).hexdigest()[:16]
    base = os.environ.get("VILLAGE_CACHE_DIR") or os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "village" / name


def _library_identifier() -> Any:
    """The model as py3langid loads it, limited to DETECTED."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(DETECTED))
    return identifier


def build_cache(target: Path) -> None:
    """Write the compact copy into `target` (atomically: a directory renamed into place)."""
    import numpy as np

    identifier = _library_identifier()
    classes = list(identifier.nb_classes)
    if len(set(classes)) != len(classes):  # py3langid's script aliases (srl -> sr): none in DETECTED
        raise ValueError(f"duplicate classes in the language model: {classes}")
    arrays = {
        "nextmove": np.frombuffer(identifier.tk_nextmove, dtype=np.uint32),
        "rowbase": np.asarray(identifier._rowbase),
        "output": np.asarray(identifier.tk_output),
        "ptc": np.asarray(identifier.nb_ptc),  # float16 → float32 is exact
        "pc": np.asarray(identifier.nb_pc),
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        for name, values in arrays.items():
            dtype = np.dtype(_ARRAYS[name]).newbyteorder("<")
            (tmp / f"{name}.bin").write_bytes(np.ascontiguousarray(values, dtype=dtype).tobytes())
        (tmp / "classes.json").write_text(json.dumps(classes))
        try:
            tmp.rename(target)
        except OSError:
            if not (target / "classes.json").exists():  # not another process's copy: a real failure
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _mapped(file: Path) -> mmap.mmap:
    """`file` mapped read-only: its pages are read in as texts reach them, and shared with every
    other process that maps the same file."""
    with open(file, "rb") as f:
        mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
    mm.madvise(mmap.MADV_RANDOM)
    return mm


class CompactIdentifier:
    """py3langid's naive Bayes classifier over the compact copy, in plain Python: the same walk of
    the tokenizer's automaton (py3langid.langid.visit_counts) and the same score (the log1p of each
    feature's count times its log-probability per language, plus the prior; divided by the square
    root of the text's length in bytes; softmax), so numpy never loads in an API process (15 MB).
    tests/test_language.py compares its answers with the library's."""

    def __init__(self, path: Path) -> None:
        if sys.byteorder != "little":
            raise ValueError("the compact copy is little-endian")
        self.classes: list[str] = json.loads((path / "classes.json").read_text())
        self._maps = {name: _mapped(path / f"{name}.bin") for name in _ARRAYS}
        views = {name: memoryview(mm).cast(_ARRAYS[name]) for name, mm in self._maps.items()}
        self.nextmove, self.rowbase, self.output, self.ptc = (
            views[k] for k in ("nextmove", "rowbase", "output", "ptc")
        )
        self.pc = list(views["pc"])
        if len(self.pc) != len(self.classes) or len(self.ptc) % len(self.classes):
            raise ValueError("the compact copy does not fit together")

    def classify(self, text: str) -> tuple[str, float]:
        try:
            return self._classify(text)
        finally:
            # Let go of the pages this text touched: they stay in the page cache, shared, and the
            # next text maps what it needs again (minor faults: about 2 ms a text on a slow 2-core
            # machine, four times the classifying). Held, they would add the whole 45 MB file to
            # each process's resident set over time, as the kernel maps page-cache pages in large
            # folios, whatever MADV_RANDOM says. Inside `held()` they are let go once, at its end.
            if not _holding:
                self.release()

    def release(self) -> None:
        for mm in self._maps.values():
            mm.madvise(mmap.MADV_DONTNEED)

    def _classify(self, text: str) -> tuple[str, float]:
        if text.isupper():
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        nm, rowbase, out = self.nextmove, self.rowbase, self.output
        state = 0
        counts: Counter[int] = Counter()
        for byte in data:
            state = nm[rowbase[state] + byte]
            feature = out[state]
            if feature >= 0:
                counts[feature] += 1
        n = len(self.classes)
        if not counts:
            return self.classes[0], 1.0 / n  # no feature: every language alike, as the library answers
        scores = list(self.pc)
        ptc = self.ptc
        for feature, count in counts.items():
            weight, row = math.log1p(count), feature * n
            for lang in range(n):
                scores[lang] += weight * ptc[row + lang]
        scale = 1.0 / math.sqrt(len(data))
        top = max(scores)
        probs = [math.exp((s - top) * scale) for s in scores]
        best = max(range(n), key=probs.__getitem__)
        return self.classes[best], probs[best] / sum(probs)


@cache
def _identifier() -> Any:
    path = cache_dir()
    try:
        if not all((path / f).exists() for f in _FILES):
            # In a child process, so this one never holds the whole model, even for a moment.
            root = Path(__file__).resolve().parent.parent
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
            subprocess.run(
                [sys.executable, "-m", "api.language", "--build-cache", str(path)],
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
        return CompactIdentifier(path)
    except (OSError, subprocess.SubprocessError, ValueError) as e:
        log.warning(
            "language model: no compact copy at %s (%s); loading it in this process",
            path,
            e,
            extra={"event": "langid_cache"},
        )
        identifier = _library_identifier()
        identifier._full_model = (identifier.nb_ptc, identifier.nb_pc, identifier.nb_classes)  # drop the 85 others
        return identifier


_holding = 0


@contextmanager
def held() -> Iterator[None]:
    """Many texts in a row (a migration reading every strength again): the model's pages are kept
    between texts and let go once at the end, instead of after each text (0.5 ms a text instead of
    2.5 on a slow 2-core machine)."""
    global _holding
    _holding += 1
    try:
        yield
    finally:
        _holding -= 1
        # Nothing to let go if the model was never loaded, or was loaded in the process (no copy).
        if not _holding and _identifier.cache_info().currsize:
            getattr(_identifier(), "release", lambda: None)()


def detect(text: str, fallback: str) -> str:
    """The language code of `text`, or `fallback` (the writer's language) when unsure."""
    if len(text.strip()) < MIN_LENGTH:
        return fallback
    # Loaded on first use (mapped from the compact copy; about a second the first time on a
    # machine, to make it); well under a millisecond a text.
    language, confidence = _identifier().classify(text[:1000])
    return language if confidence >= MIN_CONFIDENCE else fallback


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--build-cache":
        build_cache(Path(sys.argv[2]))
    else:
        sys.exit("usage: python -m api.language --build-cache DIR")
