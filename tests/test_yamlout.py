from __future__ import annotations

import random
from typing import Any

import pytest
import yaml

from checker import serialize, yamlout

# Pieces that change how YAML must quote a string: indicators, reserved words, numbers,
# dates, escapes and unicode.
PIECES = [
    "a", "Kim", " ", ": ", ":", "#", " #", "-", "- ", "?", "'", '"', ",", "[", "]", "{", "}",
    "&", "*", "!", "|", ">", "%", "@", "`", "---", "...", "yes", "No", "null", "~", "true",
    "3", "0x1F", "1e5", ".5", "-2", "2020-07-10", "12:30", "<<", "=", "\t", "\x07", "é",
    "“", "\u00a0", "\ufeff", "😀", "\\", "/", "0o17", ".inf", "+1",
]  # fmt: skip


def text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 4)))


def key(rng: random.Random) -> str:
    return text(rng) or "k"


def document(rng: random.Random, depth: int = 0) -> Any:
    roll = rng.random()
    if depth > 3 or roll < 0.45:
        return rng.choice(
            [text(rng), text(rng), None, True, rng.randint(-5, 10**6), rng.uniform(-1, 1),
             1e17, 0.72, float("inf"), [], {}, [1, 2.5], [True]]
        )  # fmt: skip
    if roll < 0.75:
        return {key(rng): document(rng, depth + 1) for _ in range(rng.randint(1, 4))}
    return [document(rng, depth + 1) for _ in range(rng.randint(1, 4))]


def pyyaml(data: Any) -> str:
    return serialize._pyyaml(data)


@pytest.mark.parametrize("seed", range(300))
def test_it_writes_what_pyyaml_writes(seed: int) -> None:
    rng = random.Random(seed)
    data = {"top": document(rng), key(rng): [document(rng), {"k": document(rng)}]}
    assert yamlout.dump(data, serialize._double_quoted) == pyyaml(data)


def test_every_piece_alone_and_in_a_list_matches() -> None:
    for piece in PIECES:
        for data in ({"k": piece, piece: 1}, [piece, [piece], {"k": [piece]}]):
            assert yamlout.dump(data, serialize._double_quoted) == pyyaml(data), piece


def test_line_breaks_and_other_types_are_left_to_pyyaml() -> None:
    data = {"text": "first line\n  second line", "n": 1}
    with pytest.raises(yamlout.Unusual):
        yamlout.dump(data, serialize._double_quoted)
    assert serialize.dump_yaml(data) == pyyaml(data)
    assert yaml.safe_load(serialize.dump_yaml(data)) == data
    for unusual in ({"when": object()}, {"": 1}, {"k" * 200: 1}, {1: 2}):
        with pytest.raises(yamlout.Unusual):
            yamlout.dump(unusual, serialize._double_quoted)
