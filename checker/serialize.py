"""Plain-data forms of the records, shared by the report and the claim files."""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

from checker import yamlout
from checker.records import Claim, TimeRef


def iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def time_to_dict(time: TimeRef) -> dict[str, Any]:
    return {
        "expression": time.expression,
        "start": iso(time.start),
        "end": iso(time.end),
        "source": time.source,
    }


def time_from_dict(data: dict[str, Any]) -> TimeRef:
    def date(key: str) -> dt.date | None:
        value = data.get(key)
        if value is None:
            return None
        return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))

    return TimeRef(
        date("start"), date("end"), str(data.get("source", "expression")), data.get("expression")
    )


def claim_to_dict(claim: Claim, with_doc: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {"id": claim.id}
    if with_doc:
        out["doc"] = claim.doc
    out |= {"text": claim.text, "span": list(claim.span), "speaker": claim.speaker}
    out["verb"] = claim.verb
    out["polarity"] = str(claim.polarity)
    out["time"] = time_to_dict(claim.time)
    if claim.headline:
        out["headline"] = True
    if claim.quote:
        out["quote"] = True
    return out


class _Dumper(yaml.SafeDumper):
    """Block style, no aliases, long lines kept whole: stable bytes for review and diffs."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


def _flow_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(item, int | float) for item in data) and bool(data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_Dumper.add_representer(list, _flow_list)


def dump_yaml(data: Any) -> str:
    """data as block-style YAML: checker's own writer, or PyYAML where that gives up."""
    try:
        return yamlout.dump(data, _double_quoted)
    except yamlout.Unusual:
        return _pyyaml(data)


def _pyyaml(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100000)


def _double_quoted(text: str) -> str:
    return _pyyaml(text).removesuffix("\n")
