from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from checker.judge import FEATURES, Judge
from checker.models.fakes import TableScorer
from checker.records import TimeRef

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# Three outlets on one explosion, one clear conflict (12 dead against 15): for the tests that
# need some conflict (gate, review page, CLI), not the seeds' story.
BLAST = ROOT / "tests" / "fixtures" / "blast"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def seeds_copy(tmp_path: Path) -> Path:
    target = tmp_path / "seeds"
    shutil.copytree(SEEDS, target)
    return target


def need_data(*parts: str) -> Path:
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"development data not found at {path}")
    return path


def ecb_corpus(
    subtopics: dict[str, int], outlets: bool = False
) -> tuple[dict[str, str], list[Any], list[Any], Any]:
    """The first n documents of each ECB+ subtopic (topics 1-35 file) as documents, their
    claims and their vectors from the real models, and each document's subtopic; skips
    without the data. outlets: each document is its own outlet (else none is known)."""
    import gzip
    import json

    from checker import boilerplate
    from checker import claims as claims_stage
    from checker.embed import default_cache_dir, embed
    from checker.models import DEFAULT_EMBEDDING_MODEL, embedder
    from checker.records import Document

    path = need_data("events", "ecbplus_topics_1-35.jsonl.gz")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    picked = [
        r for name, n in subtopics.items() for r in [r for r in rows if r["subtopic"] == name][:n]
    ]
    docs = []
    for r in picked:
        text = "\n\n".join(s["text"] for s in r["sentences"]) + "\n"
        outlet = r["doc"] if outlets else None
        docs.append(Document(r["doc"], r["doc"], text, "0" * 64, outlet, None, None, None, (),
                             boilerplate.classify(text)))  # fmt: skip
    claims = [c for d in docs for c in claims_stage.extract(d)]
    model = embedder(DEFAULT_EMBEDDING_MODEL, default_cache_dir() / "models")
    vectors = embed([c.text for c in claims], model, None)
    return {r["doc"]: r["subtopic"] for r in picked}, docs, claims, vectors


def shuffled_seeds(target: Path, seed: int, source: Path = SEEDS) -> Path:
    """The seed articles (or source's) copied into target in a shuffled order (file order
    must not matter)."""
    target.mkdir()
    files = sorted(source.iterdir())
    random.Random(seed).shuffle(files)
    for f in files:
        shutil.copy(f, target / f.name)
    return target


UNKNOWN = TimeRef(None, None, "unknown")


@dataclass(frozen=True)
class Text:
    """A claim as the rules and the judge read it (rules.read), without a parse."""

    text: str
    speaker: str | None = None
    time: TimeRef = UNKNOWN
    entities: tuple[str, ...] = ()
    lemmas: tuple[str, ...] = ()
    polarity: str = "positive"
    verb: str | None = None  # the reporting verb's lemma, as the claim record gives it


def allsides_sample(target: Path, n: int) -> Path:
    """The first n AllSides articles as one JSONL file in target (skips without the data)."""
    import gzip
    import json

    source = SHARED_DATA / "news" / "allsides_5k.jsonl.gz"
    if not source.exists():
        pytest.skip(f"development data not found at {source}")
    target.mkdir()
    with gzip.open(source, "rt", encoding="utf-8") as rows:
        lines = [line for _, line in zip(range(n), rows, strict=False)]
    (target / "sample.jsonl").write_text("".join(lines), encoding="utf-8")
    assert all(json.loads(line)["content_original"] for line in lines)
    return target


def checker_imports(start: str) -> set[str]:
    """The checker modules `start` imports, directly or not, itself included, as names
    relative to the package without ".py" ("claims", "models/nlp"): what a cache key built
    from module sources must cover."""
    import ast

    root = Path(__file__).parent.parent / "checker"

    def imported(name: str) -> set[str]:
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        out = set()
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            if node.module in ("checker", "checker.models"):  # "from checker.models import nlp"
                prefix = "" if node.module == "checker" else "models/"
                out.update(prefix + a.name for a in node.names)
            elif (node.module or "").startswith("checker."):
                out.add(str(node.module)[len("checker.") :].replace(".", "/"))
        return {n for n in out if (root / f"{n}.py").exists()}

    seen: set[str] = set()
    todo = [start]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(imported(name))
    return seen


def flat_judge(bias: float = -3.0, threshold: float = 0.7, confident: float = 0.8) -> Judge:
    """A judge whose probability is the bias alone (every weight 0): what it decides comes
    from the overrides, never from the features."""
    n = len(FEATURES)
    return Judge(
        FEATURES, np.zeros(n), np.ones(n), np.zeros(n), bias, (1.0, 0.0), threshold, confident
    )


def FixedScorer(score: float) -> TableScorer:
    """The NLI double that gives every pair one contradiction score."""
    return TableScorer({}, score)
