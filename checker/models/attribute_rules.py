"""spaCy's attribute ruler, applied through an index instead of its Matcher.

The model's `attribute_ruler` maps each fine tag to a coarse part of speech and morphology and
holds ~180 exceptions. Its Matcher tries every pattern at every token, which cost as much CPU
as the parser itself (2.4 s per 100,000 tokens of news, against 2.3 s for the parser). Here
each token pattern is looked up by the tag or lowercase form it names, the outcome is
remembered per (tag, lower, dependency, is-space) and the few multi-token patterns are tried
only where their first token matches. The patterns and the attributes they set are the
ruler's own, applied in the ruler's order (a later pattern wins), so every token gets the
same part of speech, morphology and lemma as with the ruler (tested on the seeds).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

# Token fields a pattern may test, in the order of the memo key.
_FIELDS = ("TAG", "LOWER", "DEP", "IS_SPACE")
_Key = tuple[str, str, str, bool]


@dataclass(frozen=True)
class _Rule:
    order: int  # the ruler's pattern number: a later one overrides an earlier one
    tokens: tuple[int, ...]  # constraint ids, one per token of the pattern
    index: int  # which token of the match gets the attributes (may be negative)


def _test(constraint: dict[str, Any], key: _Key) -> bool:
    for name, wanted in constraint.items():
        value: Any = key[_FIELDS.index(name)]
        if isinstance(wanted, dict):
            for op, arg in wanted.items():
                if op == "IN" and value not in arg:
                    return False
                if op == "NOT_IN" and value in arg:
                    return False
                if op == "REGEX" and not re.search(arg, value):
                    return False
        elif value != wanted:
            return False
    return True


class IndexedRuler:
    """Applies an AttributeRuler's patterns to parsed Docs, as the ruler would."""

    def __init__(self, ruler: Any) -> None:
        self.attrs: list[dict[Any, Any]] = list(ruler.attrs)
        self.constraints: list[dict[str, Any]] = []
        self.rules: list[_Rule] = []
        seen: dict[str, int] = {}
        for order, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                ids = []
                for token in pattern:
                    unknown = set(token) - set(_FIELDS)
                    if unknown:
                        raise ValueError(f"attribute ruler pattern tests {unknown}: not indexed")
                    ids.append(seen.setdefault(repr(sorted(token.items())), len(seen)))
                    if ids[-1] == len(self.constraints):
                        self.constraints.append(token)
                self.rules.append(_Rule(order, tuple(ids), int(entry["index"])))
        self.by_tag: dict[str, list[int]] = {}
        self.by_lower: dict[str, list[int]] = {}
        self.rest: list[int] = []
        for cid, c in enumerate(self.constraints):
            tag, lower = c.get("TAG"), c.get("LOWER")
            if isinstance(tag, str):
                self.by_tag.setdefault(tag, []).append(cid)
            elif isinstance(lower, str) or (isinstance(lower, dict) and set(lower) == {"IN"}):
                for form in [lower] if isinstance(lower, str) else lower["IN"]:
                    self.by_lower.setdefault(form, []).append(cid)
            else:
                self.rest.append(cid)
        self.single: dict[int, list[_Rule]] = {}
        self.multi: dict[int, list[_Rule]] = {}
        for rule in self.rules:
            target = self.single if len(rule.tokens) == 1 else self.multi
            target.setdefault(rule.tokens[0], []).append(rule)
        self.memo: dict[_Key, tuple[frozenset[int], tuple[int, ...]]] = {}

    def _satisfied(self, key: _Key) -> tuple[frozenset[int], tuple[int, ...]]:
        """The constraints a token meets, and the single-token rules (by order) that match."""
        found = self.memo.get(key)
        if found is None:
            candidates = [*self.by_tag.get(key[0], ()), *self.by_lower.get(key[1], ()), *self.rest]
            met = frozenset(c for c in candidates if _test(self.constraints[c], key))
            orders = sorted(r.order for c in met for r in self.single.get(c, ()))
            found = self.memo[key] = (met, tuple(orders))
        return found

    def __call__(self, doc: Any) -> Any:
        from spacy.tokens._retokenize import set_token_attrs

        keys = [(t.tag_, t.lower_, t.dep_, t.is_space) for t in doc]
        met = [self._satisfied(k) for k in keys]
        # (order, start) of each match per target token, as the ruler sorts its matches
        extra: dict[int, list[tuple[int, int]]] = {}
        for i, (constraints, _) in enumerate(met):
            for c in constraints:
                for rule in self.multi.get(c, ()):
                    end = i + len(rule.tokens)
                    if end <= len(doc) and all(
                        cid in met[i + k][0] for k, cid in enumerate(rule.tokens)
                    ):
                        target = i + (
                            rule.index if rule.index >= 0 else len(rule.tokens) + rule.index
                        )
                        extra.setdefault(target, []).append((rule.order, i))
        for i, token in enumerate(doc):
            orders = met[i][1]
            if i in extra:
                single = [(o, i) for o in orders]
                orders = tuple(o for o, _ in sorted(single + extra[i]))
            for order in orders:
                set_token_attrs(token, self.attrs[order])
        return doc

    def pipe(self, docs: Iterable[Any], batch_size: int = 0) -> Iterator[Any]:
        for doc in docs:
            yield self(doc)
