"""What the benchmark scripts share: where the data is, writing AllSides samples, peak RSS,
claim records to and from JSON."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import resource
from dataclasses import asdict
from pathlib import Path
from typing import Any

from checker.records import Claim, Polarity, TimeRef

DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
ALLSIDES = DATA / "news" / "allsides_5k.jsonl.gz"


def write_articles(path: Path, start: int, stop: int) -> None:
    """AllSides articles start..stop-1 as one JSONL file, as checker reads it."""
    with (
        gzip.open(ALLSIDES, "rt", encoding="utf-8") as src,
        path.open("w", encoding="utf-8") as out,
    ):
        for i, line in enumerate(src):
            if i >= stop:
                break
            if i >= start:
                out.write(line)


def peak_rss_mib() -> float:
    """This process's peak RSS. ru_maxrss would carry the parent's peak across exec on Linux."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def json_option(args: list[str]) -> tuple[list[str], Path | None]:
    """The arguments without `--json PATH`, and that path (None when not given)."""
    if "--json" not in args:
        return args, None
    at = args.index("--json")
    return args[:at] + args[at + 2 :], Path(args[at + 1])


def basil_articles() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """BASIL's articles as checker JSONL rows (id, title, text, source, date), and each
    article's event (its triplet) by id."""
    rows, event = [], {}
    for path in sorted((DATA / "news" / "basil" / "articles").glob("*/*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        body = "\n\n".join(" ".join(p) for p in d["body-paragraphs"])
        rows.append(
            {"id": path.stem, "title": d["title"], "text": body, "source": d["source"],
             "date": d["date"]}
        )  # fmt: skip
        event[path.stem] = d["triplet-uuid"]
    return rows, event


def claim_json(c: Claim) -> dict[str, Any]:
    """A claim record as JSON (dates as ISO strings); claim_from reads it back whole."""
    d = asdict(c)
    d["time"] = {k: (str(v) if v is not None else None) for k, v in d["time"].items()}
    d["polarity"] = str(c.polarity)
    return d


def claim_from(d: dict[str, Any]) -> Claim:
    """The claim record claim_json wrote, every field (the reporting verb, polarity and
    lemmas included: the judge and the stories read them)."""
    t = d["time"]
    day = {k: dt.date.fromisoformat(t[k]) if t[k] else None for k in ("start", "end")}
    return Claim(
        d["id"], d["doc"], d["text"], (d["span"][0], d["span"][1]), d["speaker"],
        TimeRef(day["start"], day["end"], t["source"], t["expression"]), d["headline"],
        d["quote"], tuple(d["entities"]), d.get("verb"),
        Polarity(d.get("polarity", Polarity.POSITIVE)), tuple(d.get("lemmas", ())),
    )  # fmt: skip
