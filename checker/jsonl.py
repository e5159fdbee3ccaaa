"""JSONL bundles: one article a line, each line read (or refused) on its own."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from checker import decode, metadata
from checker.metadata import Meta
from checker.records import Skipped

TEXT_KEYS = ("text", "content", "content_original")
FIELD_KEYS = {
    "outlet": ("outlet", "source"),
    "published": ("published", "date"),
    "title": ("title",),
    "url": ("url",),
}


@dataclass(frozen=True)
class Row:
    """One readable line: its document id, text and metadata, and what was ignored in it."""

    key: str
    text: str
    sha256: str
    meta: Meta
    notes: tuple[str, ...]


def _first(row: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any]:
    return next(((k, row[k]) for k in keys if row.get(k) not in (None, "")), (keys[0], None))


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false"}.get(type(value), "a number")


def _row(line: str, number: int) -> Row:
    """The line as a Row, or ValueError saying what is wrong with it."""
    try:
        row = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg}, column {exc.colno})") from exc
    except RecursionError:
        raise ValueError("not valid JSON (nested too deeply)") from None
    if not isinstance(row, dict):
        raise ValueError(f"expected a JSON object with a 'text' field, got {_kind(row)}")
    name, body = _first(row, TEXT_KEYS)
    if body is None:
        raise ValueError("expected a JSON object with a 'text' or 'content' field")
    if not isinstance(body, str):
        raise ValueError(f"'{name}' must be a string, got {_kind(body)}")
    if not body.strip():
        raise ValueError(f"'{name}' is empty")
    key_name, key = _first(row, ("id", "ID"))
    if key is None:
        key = str(number)
    elif isinstance(key, bool) or not isinstance(key, str | int):
        raise ValueError(f"'{key_name}' must be a string or a whole number, got {_kind(key)}")
    fields: dict[str, str | None] = {}
    notes: list[str] = []
    for field, keys in FIELD_KEYS.items():
        source, value = _first(row, keys)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, str | int | float)
        ):
            notes.append(f"'{source}' must be text, got {_kind(value)}; ignored")
            value = None
        fields[field] = metadata.coerce(decode.clean(str(value)) if value is not None else None)
    stated = fields["published"]
    if stated and metadata.parse_iso(stated) is None:
        notes.append(f"'published' {stated!r} is not a date (expected YYYY-MM-DD); ignored")
        fields["published"] = None
    title = fields["title"]
    text = decode.clean(body.strip())
    full = f"{title}\n\n{text}\n" if title else f"{text}\n"
    meta = Meta(tuple(sorted((k, v) for k, v in fields.items() if v)), "jsonl")
    sha = hashlib.sha256(line.encode("utf-8", "surrogatepass")).hexdigest()
    return Row(_safe_key(str(key)) or str(number), full, sha, meta, tuple(notes))


def _safe_key(key: str) -> str:
    """The id as one path segment: it names a claim file, so it may not climb out of the
    claims folder ("../../x") or hide itself (".x")."""
    return re.sub(r"[/\\]", "_", decode.clean(key)).strip().lstrip(".")


def rows(text: str, where: str) -> Iterator[tuple[int, Row] | Skipped]:
    """Each readable line with its number; a bad line is skipped on its own, the rest read."""
    seen: set[str] = set()
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            row = _row(line, number)
        except ValueError as exc:
            yield Skipped(f"{where}:{number}", f"line {number}: {exc}")
            continue
        if row.key in seen:
            yield Skipped(f"{where}:{number}", f"line {number}: duplicate id {row.key!r}")
            continue
        seen.add(row.key)
        yield number, row
