"""Properties of the pieces that take arbitrary text, checked on generated input (hypothesis).

Extraction is reached only through its public entry point, checker.claims.extract, on
documents built by checker.ingest, so the properties hold whatever its insides become.
"""

from __future__ import annotations

import datetime as dt
import math
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import claims as claims_stage
from checker import timeexpr
from checker.contradict import fingerprint
from checker.ingest import ingest
from checker.records import Claim, Document, TimeRef
from checker.serialize import dump_yaml

PIECES = [
    "The minister said",
    "on Tuesday",
    "\u201cWe will not pay,\u201d she said.",
    '"No," he told reporters.',
    "according to officials",
    "Posted on July 5, 2020",
    "By John Smith",
    "Follow us on Twitter",
    "Related stories:",
    "(Photo: AP)",
    "last week",
    "in March 2019",
    "next year",
    "2020-02-12",
    "U.S.",
    "Feb. 5",
    "Mr. Kim",
    "said",
    ",",
    ".",
    "?",
    "!",
    ";",
    ":",
    "\u2014",
    "'",
    '"',
    "(",
    ")",
    "\n",
    "\n\n",
    "   ",
    "\t",
    "\u00e9t\u00e9",
    "\u8a18\u4e8b",
    "\U0001f600",
    "\u2028",
    "3.5 million",
    "40%",
]
texts = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=12)), min_size=1, max_size=60
).map(" ".join)


def documents(text: str, name: str = "a.txt") -> list[Document]:
    with tempfile.TemporaryDirectory() as tmp:
        Path(tmp, name).write_text(text, encoding="utf-8", errors="surrogatepass")
        return list(ingest([Path(tmp)]).documents)


FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(texts)
def test_claim_spans_index_the_document_and_never_overlap_boilerplate(text: str) -> None:
    for doc in documents(text):
        dropped = [(b.start, b.end) for b in doc.blocks if b.kind == "boilerplate"]
        for claim in claims_stage.extract(doc):
            start, end = claim.span
            assert 0 <= start <= end <= len(doc.text)
            assert claim.doc == doc.id and claim.id.startswith(f"{doc.id}:")
            assert not any(start < e and s < end for s, e in dropped), (claim, dropped)


dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9000, 12, 31))


@FAST
@given(texts, st.one_of(st.none(), dates), st.integers(min_value=0, max_value=400))
def test_time_resolution_never_raises_and_intervals_are_well_formed(
    text: str, ref: dt.date | None, after: int
) -> None:
    for start, end, time in timeexpr.find(text, ref):
        assert 0 <= start < end <= len(text)
        assert_well_formed(time)
    assert_well_formed(timeexpr.claim_time(text, ref, after))


def assert_well_formed(time: TimeRef) -> None:
    assert time.source in ("expression", "publication", "unknown")
    if time.source == "unknown":
        assert time.start is None and time.end is None
    else:
        assert time.start is not None and time.end is not None and time.start <= time.end


# NEL (U+0085) is left out: PyYAML, where checker's writer hands a document over to it (a
# string with a line feed), writes NEL inside single quotes and reads it back as a space.
# Ingest turns NEL into a space; the writer's own NEL case is tested below.
strings = st.text(st.characters(blacklist_characters="\x85"))
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False),
    strings,
    st.sampled_from(["", "null", "~", "yes", "No", "0x1F", "1e3", "- a", "#x", "a: b", "\ufeff"]),
)
data = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(strings.filter(lambda k: len(k) < 9), inner, max_size=5),
    ),
    max_leaves=30,
)


def same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return a == b or (math.isinf(a) and a == b)
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return type(a) is type(b) and a == b


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(strings.filter(lambda k: len(k) < 9), data, max_size=6))
def test_the_yaml_writer_loads_back_to_the_same_data(value: dict[str, Any]) -> None:
    written = dump_yaml(value)
    assert same(yaml.safe_load(written), value), written


@given(st.text(min_size=1, max_size=20).map(lambda t: t + "\x85"))
def test_the_yaml_writer_keeps_nel_where_pyyaml_loses_it(text: str) -> None:
    value = {text: [text], "k": text}
    assert yaml.safe_load(dump_yaml(value)) == value


PUB = TimeRef(dt.date(2020, 1, 1), dt.date(2020, 1, 1), "publication")
words = st.text(st.sampled_from("abc XYZ.,'\n-"), min_size=1, max_size=30)


@settings(max_examples=200, deadline=None)
@given(
    words, words, st.sampled_from(["conflict", "temporal"]), st.integers(0, 50), st.integers(0, 50)
)
def test_fingerprints_survive_inserted_lines_and_reordering(
    a: str, b: str, kind: str, shift: int, ordinal: int
) -> None:
    one = Claim("x:1", "x", a, (0, len(a)), None, PUB)
    two = Claim("y:2", "y", b, (10, 10 + len(b)), "S", PUB)
    # Lines inserted above move spans and ordinals; the claims' words and documents stay.
    moved_one = Claim(f"x:{ordinal + 1}", "x", a, (shift, shift + len(a)), None, PUB)
    moved_two = Claim(f"y:{ordinal + 2}", "y", f"{b}\n", (shift, shift + len(b)), "S", PUB)
    first = fingerprint(kind, one, two)
    assert first == fingerprint(kind, moved_two, moved_one)
    assert first.startswith("c-") and len(first) == 12
    assert first != fingerprint("temporal" if kind == "conflict" else "conflict", one, two)


def test_fingerprints_from_real_articles_survive_a_paragraph_inserted_above() -> None:
    head = "Fishing talks resume in Geneva\n\n"
    body = (
        "Officials from both countries met in Geneva on Tuesday to discuss fishing rights.\n\n"
        "The minister said the talks would resume in March, adding that no deal was close.\n\n"
        "Police said the protest outside the venue was peaceful.\n"
    )
    before = claims_stage.extract(documents(head + body)[0])
    after = claims_stage.extract(documents(head + "A paragraph added later on.\n\n" + body)[0])
    moved = {c.text: c for c in after}
    body_claims = [c for c in before if c.text in moved and not c.headline]
    pairs = [(a, b) for a in body_claims for b in body_claims if a.id < b.id]
    assert len(pairs) >= 3
    for a, b in pairs:
        assert moved[a.text].span != a.span  # spans and ordinals moved ...
        assert fingerprint("conflict", a, b) == fingerprint(  # ... the fingerprint did not
            "conflict", moved[b.text], moved[a.text]
        )
