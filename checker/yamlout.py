"""A YAML writer for plain data, byte for byte what PyYAML's SafeDumper writes for it.

PyYAML's pure-Python emitter needs about 18 s for the report of 1,000 articles (one million
scalars); this writer needs a few seconds. It covers the shapes checker writes (dicts with
str keys, lists, str, int, float, bool, None; block style, lists of numbers in flow style,
no line width) and gives up with Unusual on anything else, such as a string with a line
break, whose layout depends on its indentation; the caller then falls back to PyYAML.
Tests compare it with PyYAML on random documents of awkward strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import Any

import yaml

# Characters PyYAML writes as they are with allow_unicode (no escape, no line break).
_PRINTABLE = re.compile(r"[\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010fffe]*")
_BREAKS = re.compile("[\n\x85\u2028\u2029]")
# Where a plain scalar would be read as something else in block context.
_BLOCK_INDICATOR = re.compile(r"^(?:---|\.\.\.|[#,\[\]{}&*!|>'\"%@`]|[?:-](?: |$))|: | #|:$")
# Longer strings could reach the line width, where PyYAML starts folding.
_LONGEST = 50_000
# PyYAML writes empty and long keys as complex keys ("? key").
_SIMPLE_KEY = 100


class Unusual(ValueError):
    """The data holds something this writer does not reproduce exactly."""


def dump(data: Any, quote_special: Callable[[str], str]) -> str:
    """data as PyYAML's block-style SafeDumper writes it (sort_keys=False, allow_unicode,
    width 100000, lists of numbers in flow style); quote_special writes a one-line string
    that needs escapes, as PyYAML would at the top level."""
    out: list[str] = []
    if isinstance(data, dict) and data:
        _mapping(data, 0, False, out, quote_special)
    elif isinstance(data, list) and data and not _is_flow(data):
        _sequence(data, 0, False, out, quote_special)
    else:
        raise Unusual("the top level is not a non-empty dict or list")
    return "".join(out)


def _is_flow(items: list[Any]) -> bool:
    return bool(items) and all(isinstance(x, int | float) for x in items)


def _mapping(
    data: dict[Any, Any], indent: int, inline: bool, out: list[str], quote: Callable[[str], str]
) -> None:
    pad = " " * indent
    for n, (key, value) in enumerate(data.items()):
        if not isinstance(key, str) or not 0 < len(key) < _SIMPLE_KEY:
            raise Unusual("a key is not a str, or too short or long to be a simple key")
        out.append(("" if inline and n == 0 else pad) + _string(key, quote) + ":")
        _value(value, indent, out, quote, in_mapping=True)


def _sequence(
    data: list[Any], indent: int, inline: bool, out: list[str], quote: Callable[[str], str]
) -> None:
    pad = " " * indent
    for n, item in enumerate(data):
        out.append(("" if inline and n == 0 else pad) + "-")
        _value(item, indent, out, quote, in_mapping=False)


def _value(
    value: Any, indent: int, out: list[str], quote: Callable[[str], str], in_mapping: bool
) -> None:
    if isinstance(value, dict) and value:
        if in_mapping:
            out.append("\n")
            _mapping(value, indent + 2, False, out, quote)
        else:
            out.append(" ")
            _mapping(value, indent + 2, True, out, quote)
    elif isinstance(value, list) and value and not _is_flow(value):
        # PyYAML does not indent a list that is a mapping's value.
        if in_mapping:
            out.append("\n")
            _sequence(value, indent, False, out, quote)
        else:
            out.append(" ")
            _sequence(value, indent + 2, True, out, quote)
    else:
        out.append(" " + _scalar(value, quote) + "\n")


def _scalar(value: Any, quote: Callable[[str], str]) -> str:
    if isinstance(value, str):
        return _string(value, quote)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(x, quote) for x in value) + "]"
    raise Unusual(f"a value is a {type(value).__name__}")


def _float(value: float) -> str:
    if value != value:
        return ".nan"
    if value in (float("inf"), float("-inf")):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    if "." not in text and "e" in text:
        text = text.replace("e", ".0e", 1)
    return text


@lru_cache(maxsize=1 << 16)  # dates, outlets and sources repeat throughout a report
def _resolves_elsewhere(text: str) -> bool:
    """Whether YAML would read text, unquoted, as something other than a string."""
    table = yaml.SafeDumper.yaml_implicit_resolvers
    candidates = table.get(text[0] if text else "", []) + table.get(None, [])
    return any(pattern.match(text) for _, pattern in candidates)


def _escaped(text: str) -> str:
    """text double-quoted with every character outside _PRINTABLE escaped."""

    def one(char: str) -> str:
        if char in '"\\':
            return "\\" + char
        if _PRINTABLE.fullmatch(char) and not _BREAKS.match(char):
            return char
        code = ord(char)
        return (
            f"\\x{code:02X}"
            if code < 0x100
            else f"\\u{code:04X}"
            if code < 0x10000
            else f"\\U{code:08X}"
        )

    return '"' + "".join(one(c) for c in text) + '"'


def _string(text: str, quote: Callable[[str], str]) -> str:
    if "\x85" in text and len(text) <= _LONGEST:
        # PyYAML writes NEL inside single quotes, where a reader folds it into a space.
        return _escaped(text)
    if len(text) > _LONGEST or _BREAKS.search(text):
        raise Unusual("a string is multi-line or very long")
    if not _PRINTABLE.fullmatch(text):
        return quote(text)
    plain = (
        text
        and text[0] != " "
        and text[-1] != " "
        and not _BLOCK_INDICATOR.search(text)
        and not _resolves_elsewhere(text)
    )
    return text if plain else "'" + text.replace("'", "''") + "'"
