"""YAML from files a user (or an attacker) wrote: plain data only.

Aliases are refused, so a "billion laughs" document cannot make the reader walk or build
an exponential structure, and so are tags other than YAML's own scalars and collections
(`!!python/object` and friends never reach a constructor). Nesting deeper than Python's
recursion limit is reported as a YAML error, not a RecursionError. Errors are PyYAML's
own marked errors, so callers name the file and line as they do for a syntax error.
"""

from __future__ import annotations

from typing import Any

import yaml

# YAML 1.1 core types that SafeLoader resolves by itself; anything else is a custom tag.
PLAIN_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


class _Loader(yaml.SafeLoader):
    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise yaml.composer.ComposerError(
                None, None, "aliases (*name) are not allowed here", event.start_mark
            )
        node = super().compose_node(parent, index)
        if node is not None and node.tag not in PLAIN_TAGS:
            raise yaml.composer.ComposerError(
                None, None, f"the tag {_short(node.tag)} is not allowed here", node.start_mark
            )
        return node


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _guarded(work: Any, text: str) -> Any:
    loader = _Loader(text)
    try:
        return work(loader)
    except RecursionError:
        raise yaml.YAMLError("nested too deeply") from None
    finally:
        loader.dispose()


def compose(text: str) -> yaml.Node | None:
    """The node tree of a single YAML document (None when empty)."""
    node: yaml.Node | None = _guarded(lambda loader: loader.get_single_node(), text)
    return node


def load(text: str) -> Any:
    """The data of a single YAML document, as yaml.safe_load gives it, without aliases or tags."""
    return _guarded(lambda loader: loader.get_single_data(), text)


def describe(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """(1-based line or None, the problem) of a YAML error, for a one-line message."""
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark or exc.context_mark
        return (mark.line + 1 if mark else None), str(exc.problem or exc.context)
    return None, str(exc)
