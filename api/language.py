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
shares between processes and reads in only where texts lead. The answers are the library's own
(tests/test_language.py compares them). If the copy cannot be written (a read-only home and no
writable temporary directory), the model loads in the process as before, less the 85 unused
languages."""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import shutil
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# The languages a guess may name; others are written by too few families for the model to be
# trusted over the writer's own setting.
DETECTED = ("en", "es", "fr", "pt", "zh", "vi", "ar", "ht", "so", "ru", "ko", "tl")
MIN_LENGTH = 12  # characters: below this a guess is mostly noise
MIN_CONFIDENCE = 0.9
CACHE_FORMAT = 1  # bump when the files below change
_FILES = ("nextmove.npy", "rowbase.npy", "output.npy", "ptc.npy", "pc.npy", "classes.json")


def cache_dir() -> Path:
    """Where the compact copy lives: VILLAGE_CACHE_DIR, else the user's cache directory, named by
    everything that changes its content."""
    from py3langid import langid

    model = Path(langid.MODEL_FILE)
    if not model.is_absolute():
        model = langid.MODEL_DIR / model
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
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=target.name + ".", dir=target.parent))
    try:
        np.save(tmp / "nextmove.npy", np.frombuffer(identifier.tk_nextmove, dtype=np.uint32))
        np.save(tmp / "rowbase.npy", np.asarray(identifier._rowbase, dtype=np.int64))
        np.save(tmp / "output.npy", np.asarray(identifier.tk_output, dtype=np.int32))
        np.save(tmp / "ptc.npy", np.ascontiguousarray(identifier.nb_ptc))
        np.save(tmp / "pc.npy", np.asarray(identifier.nb_pc))
        (tmp / "classes.json").write_text(json.dumps(list(identifier.nb_classes)))
        try:
            tmp.rename(target)
        except OSError:
            if not (target / "classes.json").exists():  # not another process's copy: a real failure
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def _from_cache(path: Path) -> Any:
    import numpy as np
    from py3langid.langid import LanguageIdentifier

    def mapped(name: str) -> Any:
        # np.load(mmap_mode="r") would do, but the kernel's read-ahead then pulls in about 30 MB
        # around the few rows a text visits: this mapping asks for the pages touched only.
        with open(path / name, "rb") as f:
            version = np.lib.format.read_magic(f)
            read_header = (
                np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            )
            shape, fortran_order, dtype = read_header(f)
            offset = f.tell()
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        mm.madvise(mmap.MADV_RANDOM)
        count = 1
        for n in shape:
            count *= n
        flat = np.frombuffer(mm, dtype=dtype, count=count, offset=offset)
        return flat.reshape(shape, order="F" if fortran_order else "C")

    identifier = LanguageIdentifier(
        mapped("ptc.npy"),
        np.array(mapped("pc.npy")),
        json.loads((path / "classes.json").read_text()),
        memoryview(mapped("nextmove.npy")),  # indexed per byte of text: memoryviews give plain ints
        memoryview(mapped("output.npy")),
        norm_probs=True,
        tk_row=(),
    )
    identifier._rowbase = memoryview(mapped("rowbase.npy"))
    return identifier


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
        return _from_cache(path)
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
